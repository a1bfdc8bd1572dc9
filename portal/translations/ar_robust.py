# ruff: noqa: E501
"""Arabic for the API's refusals of hostile input: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    "The request body is nested more than %(max)s levels deep.": "نص الطلب متداخل بأكثر من %(max)s مستوى.",
    "The request body must be a JSON object.": "يجب أن يكون نص الطلب كائن JSON.",
    "Give a date between the years %(first)s and %(last)s.": "أدخل تاريخًا بين عامي %(first)s و%(last)s.",
    "This date is in the future.": "هذا التاريخ في المستقبل.",
    "Give this as text.": "أدخل هذه القيمة نصًا.",
    "The failure cannot have happened after now.": "لا يمكن أن يكون الإخلال قد وقع بعد الآن.",
    "The services of the %(season)s season began on %(date)s: the failure cannot have happened before.": "بدأت خدمات موسم %(season)s في %(date)s: لا يمكن أن يكون الإخلال قد وقع قبل ذلك.",
    "Invalid input: the messages of each field named.": "مدخلات غير صحيحة: رسائل كل حقل باسمه.",
    "Invalid input or a request the rules refuse.": "مدخلات غير صحيحة أو طلب ترفضه القواعد.",
    "No credentials: sign in and send X-Session-Token.": "لا توجد بيانات اعتماد: سجّل الدخول وأرسل X-Session-Token.",
    "Signed in, but not allowed to do this.": "تم تسجيل الدخول، لكن لا يُسمح لك بهذا.",
    "What the request names does not exist, or is not yours.": "ما يشير إليه الطلب غير موجود أو ليس لك.",
    "Too many requests: try again later.": "طلبات كثيرة جدًا: حاول مرة أخرى لاحقًا.",
}
