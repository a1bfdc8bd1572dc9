# ruff: noqa: E501
"""Arabic for the SMS outbox's own checks: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    "The SMS key %(key)s is empty or too long.": "مفتاح الرسالة النصية %(key)s فارغ أو أطول من المسموح.",
    "An SMS cannot be empty.": "لا يمكن أن تكون الرسالة النصية فارغة.",
}
