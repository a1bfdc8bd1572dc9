# ruff: noqa: E501
"""Arabic for the Hajj priority transfer's heir claims and agent API: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    # transfers: heir claims
    "content type": "نوع المحتوى",
    "The probate document may not be larger than %(max_mb)s MB.": "لا يجوز أن يزيد حجم صك حصر الورثة على %(max_mb)s ميغابايت.",
    "No active Hajj registration has this due year, priority number and holder's identity number.":
        "لا يوجد تسجيل حج قائم بسنة الاستحقاق ورقم الأولوية ورقم هوية صاحب الأولوية المدخلة.",
    "You already hold this registration.": "أنت صاحب هذا التسجيل بالفعل.",
    "You already have a claim to this registration under review.": "لديك طلب على هذا التسجيل قيد المراجعة بالفعل.",
    "Your claim to Hajj priority %(number)s as an heir is received and will be reviewed.":
        "تم استلام طلبك بصفتك وارثاً لأولوية الحج رقم %(number)s، وستتم مراجعته.",
    "Due year (Hijri)": "سنة الاستحقاق (هجري)",
    "Identity number of the deceased holder": "رقم هوية صاحب الأولوية المتوفى",
    "Probate document (PDF, JPEG or PNG)": "صك حصر الورثة (PDF أو JPEG أو PNG)",
    "Your claim is filed; staff will review the probate document.": "تم تقديم طلبك، وسيراجع الموظفون صك حصر الورثة.",
    "Take over a deceased holder's priority": "انتقال أولوية صاحبها المتوفى إلى الورثة",
    "An heir may take over the Hajj priority of a deceased holder. Name the registration and attach the probate document; staff review it and, once approved, the priority is yours.":
        "يجوز للوارث أن تنتقل إليه أولوية الحج الخاصة بصاحبها المتوفى. حدّد التسجيل وأرفق صك حصر الورثة؛ يراجعه الموظفون، وبعد اعتماده تصبح الأولوية لك.",
    "File the claim": "تقديم الطلب",
    "My heir claims": "طلباتي بصفتي وارثاً",
    "Probate document": "صك حصر الورثة",
    "No claim filed.": "لم تقدّم أي طلب.",
    "Heirs of a deceased holder": "ورثة صاحب أولوية متوفى",
    "Heir claim": "طلب وارث",
    # transfers: agent choice API
    "The id of an accredited agent, from the agents in the overview.": "معرّف وكيل معتمد من قائمة الوكلاء في الملخص.",
    "The match's id.": "معرّف المطابقة.",
}
