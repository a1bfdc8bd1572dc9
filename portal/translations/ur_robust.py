# ruff: noqa: E501
"""Urdu for the API's refusals of hostile input: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    "The request body is nested more than %(max)s levels deep.": "درخواست کا متن %(max)s سے زیادہ درجوں تک تہ در تہ ہے۔",
    "The request body must be a JSON object.": "درخواست کا متن JSON آبجیکٹ ہونا چاہیے۔",
    "Give a date between the years %(first)s and %(last)s.": "سال %(first)s اور %(last)s کے درمیان کوئی تاریخ درج کریں۔",
    "This date is in the future.": "یہ تاریخ مستقبل میں ہے۔",
    "Give this as text.": "یہ قدر متن کے طور پر درج کریں۔",
    "The failure cannot have happened after now.": "کوتاہی اب کے بعد پیش نہیں آ سکتی۔",
    "The services of the %(season)s season began on %(date)s: the failure cannot have happened before.": "سیزن %(season)s کی خدمات %(date)s کو شروع ہوئیں: کوتاہی اس سے پہلے پیش نہیں آ سکتی۔",
    "Invalid input: the messages of each field named.": "غلط اندراج: ہر خانے کے پیغامات اس کے نام کے ساتھ۔",
    "Invalid input or a request the rules refuse.": "غلط اندراج یا ایسی درخواست جسے قواعد رد کرتے ہیں۔",
    "No credentials: sign in and send X-Session-Token.": "اسناد موجود نہیں: سائن ان کریں اور X-Session-Token بھیجیں۔",
    "Signed in, but not allowed to do this.": "آپ سائن ان ہیں، لیکن آپ کو اس کی اجازت نہیں۔",
    "What the request names does not exist, or is not yours.": "درخواست میں مذکور چیز موجود نہیں، یا آپ کی نہیں۔",
    "Too many requests: try again later.": "بہت زیادہ درخواستیں: بعد میں دوبارہ کوشش کریں۔",
}
