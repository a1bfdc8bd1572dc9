# ruff: noqa: E501
"""Arabic for the heir claims' API of the Hajj priority transfer: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    # transfers: heir claims API
    "A stable code for the refusal.": "رمز ثابت لسبب الرفض.",
    "The refusal, in the language asked for.": "سبب الرفض باللغة المطلوبة.",
    "Your own claims as an heir, the newest first.": "طلباتك بصفتك وارثاً، الأحدث أولاً.",
    "File a claim to a deceased holder's priority with the probate document; staff review it.":
        "تقديم طلب انتقال أولوية صاحبها المتوفى مع صك حصر الورثة؛ يراجعه الموظفون.",
}
