# ruff: noqa: E501
"""Arabic for the list of every audit event in the admin: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    "data": "البيانات",
    "changes": "التغييرات",
}
