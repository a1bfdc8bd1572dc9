# ruff: noqa: E501
"""Arabic for the providers' ratings on the package list and compare pages: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    "Provider rating": "تقييم مقدّم الخدمة",
    "Minimum provider rating (%)": "أدنى تقييم لمقدّم الخدمة (%)",
    "%(rating)s satisfied": "نسبة الرضا %(rating)s",
    "Not yet rated": "لم يُقيَّم بعد",
    "(scorecard of %(name)s)": "(بطاقة أداء %(name)s)",
}
