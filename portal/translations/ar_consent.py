# ruff: noqa: E501  (translation tables: one message per line reads best)
"""Arabic: the companions of package contracts and the inviter's SMS (the rest of consent's
entries are in the catalogue already)."""

TRANSLATIONS = {
    "The companion you invited (%(number)s, %(mobile)s) did not join %(what)s: the place held for them is released.": "المرافق الذي دعوته (%(number)s، %(mobile)s) لم ينضم إلى %(what)s: أُفرج عن المكان المحجوز له.",
    "The companion you invited (%(number)s, %(mobile)s) did not answer in time for %(what)s: the place held for them is released.": "المرافق الذي دعوته (%(number)s، %(mobile)s) لم يرد في الوقت المحدد على %(what)s: أُفرج عن المكان المحجوز له.",
    "Fill in the details this invitation asks for, then accept.": "أدخل البيانات التي تطلبها هذه الدعوة، ثم اقبل.",
    "Open to answer": "افتح للرد",
    "Before you accept, give these details about yourself:": "قبل القبول، أدخل هذه البيانات عن نفسك:",
    "Choose one of your dependants and give their document's expiry date, or give the identity number and the mobile of the person to invite.": "اختر أحد التابعين لك وأدخل تاريخ انتهاء وثيقته، أو أدخل رقم هوية الشخص المدعو ورقم جواله.",
    "%(name)s can be booked for Hajj once staff have confirmed them as your dependant.": "يمكن حجز الحج لـ%(name)s بعد أن يؤكد الموظفون أنه من التابعين لك.",
    "Some invited companions have not answered yet: the amount is settled once they accept or decline, then you can pay.": "لم يرد بعض المرافقين المدعوين بعد: يتحدد المبلغ بعد قبولهم أو رفضهم، ثم يمكنك الدفع.",
    "This booking no longer holds a place for you.": "لم يعد هذا الحجز يحتفظ بمكان لك.",
    "Hajj package %(package)s with %(provider)s": "باقة الحج %(package)s مع %(provider)s",
    "Give the date the document expires.": "أدخل تاريخ انتهاء الوثيقة.",
    "You are the inviter's": "صلتك بصاحب الدعوة",
    "places held for invited companions": "الأماكن المحجوزة للمرافقين المدعوين",
    "Invited companions join once they accept; their places are held until then, and you can pay once every invitation is answered.": "ينضم المرافقون المدعوون بعد قبولهم، وتبقى أماكنهم محجوزة حتى ذلك الحين، ويمكنك الدفع بعد الرد على كل الدعوات.",
    "A companion is one of your dependants, confirmed by staff from the document on your profile, or a person you invite by identity number and mobile: they join once they accept, with their own details.": "المرافق إما أحد التابعين لك الذي أكده الموظفون من الوثيقة في ملفك، أو شخص تدعوه برقم الهوية والجوال: ينضم بعد قبوله، ببياناته هو.",
}
