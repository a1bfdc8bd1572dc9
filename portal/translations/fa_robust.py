# ruff: noqa: E501
"""Persian for the API's refusals of hostile input: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    "The request body is nested more than %(max)s levels deep.": "بدنهٔ درخواست بیش از %(max)s سطح تودرتو است.",
    "The request body must be a JSON object.": "بدنهٔ درخواست باید یک شیء JSON باشد.",
    "Give a date between the years %(first)s and %(last)s.": "تاریخی بین سال‌های %(first)s و %(last)s وارد کنید.",
    "This date is in the future.": "این تاریخ در آینده است.",
    "Give this as text.": "این مقدار را به‌صورت متن وارد کنید.",
    "The failure cannot have happened after now.": "کوتاهی نمی‌تواند پس از اکنون رخ داده باشد.",
    "The services of the %(season)s season began on %(date)s: the failure cannot have happened before.": "خدمات فصل %(season)s از %(date)s آغاز شد: کوتاهی نمی‌تواند پیش از آن رخ داده باشد.",
    "Invalid input: the messages of each field named.": "ورودی نامعتبر: پیام‌های هر فیلد با نام آن.",
    "Invalid input or a request the rules refuse.": "ورودی نامعتبر یا درخواستی که قوانین آن را رد می‌کنند.",
    "No credentials: sign in and send X-Session-Token.": "بدون اعتبارنامه: وارد شوید و X-Session-Token را بفرستید.",
    "Signed in, but not allowed to do this.": "وارد شده‌اید، اما اجازهٔ این کار را ندارید.",
    "What the request names does not exist, or is not yours.": "آنچه درخواست نام می‌برد وجود ندارد یا متعلق به شما نیست.",
    "Too many requests: try again later.": "درخواست‌های بیش از حد: بعداً دوباره تلاش کنید.",
}
