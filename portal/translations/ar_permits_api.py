# ruff: noqa: E501
"""Arabic for the permits API of Hajj requests, vehicle permits and the waiting list (permits/api_applications.py) and for leaving a waiting list: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    # permits: API documentation
    "A repeated key returns the first result instead of applying again.":
        "يعيد تكرار المفتاح النتيجة الأولى بدلاً من تقديم الطلب مرة أخرى.",
    "The signed code the permit's QR carries, verifiable offline with the public key.":
        "الرمز الموقَّع الذي يحمله رمز QR للتصريح، ويمكن التحقق منه دون اتصال بالمفتاح العام.",
    "Staff decide by the end of this working day.": "يبتّ الموظفون في الطلب قبل نهاية يوم العمل هذا.",
    "Why the request was refused; empty unless it was.": "سبب رفض الطلب؛ يبقى فارغاً ما لم يُرفض.",
    "The id of one of your own paid package contracts.": "معرّف أحد عقود الباقات المدفوعة الخاصة بك.",
    "The days the vehicle enters the holy sites.": "الأيام التي تدخل فيها المركبة إلى المشاعر المقدسة.",
    "Place in the slot's line while waiting, 1 being the next offered.":
        "الترتيب في قائمة انتظار الموعد أثناء الانتظار، والرقم 1 هو التالي في العرض.",
    "Confirm the offer before this moment, or it passes to the next in line.":
        "أكّد العرض قبل هذا الوقت، وإلا انتقل إلى التالي في قائمة الانتظار.",
    "The id of a full slot.": "معرّف موعد مكتمل.",
    "My Hajj permit requests": "طلبات تصريح الحج الخاصة بي",
    "Request the Hajj permit for a paid contract": "طلب تصريح الحج لعقد مدفوع",
    "Staff decide within the working days of the season's rule.":
        "يبتّ الموظفون في الطلب خلال أيام العمل المحددة في قواعد الموسم.",
    "Cancel my Hajj permit request or permit": "إلغاء طلب تصريح الحج أو التصريح الخاص بي",
    "My vehicle entry permits": "تصاريح دخول المركبات الخاصة بي",
    "Apply for a vehicle entry permit (issued at once)": "طلب تصريح دخول مركبة (يصدر فوراً)",
    "My waiting-list entries": "قيودي في قوائم الانتظار",
    "Join the waiting list of a full slot": "الانضمام إلى قائمة انتظار موعد مكتمل",
    "When seats free up they are offered by SMS to the first party that fits; confirm the offer before it expires.":
        "عندما تتوفر مقاعد تُعرض برسالة نصية على أول مجموعة تتسع لها؛ أكّد العرض قبل انتهاء صلاحيته.",
    "Accept the seats offered to my waiting-list entry": "قبول المقاعد المعروضة على قيدي في قائمة الانتظار",
    "Books the held seats and issues the permit, the rules checked again for every person.":
        "يحجز المقاعد المحجوزة مؤقتاً ويصدر التصريح، بعد التحقق من الشروط مجدداً لكل شخص.",
    "Leave a waiting list": "مغادرة قائمة الانتظار",
    "Seats already offered to the entry pass to the next in line.":
        "تنتقل المقاعد المعروضة على القيد إلى التالي في قائمة الانتظار.",
    # permits: leaving a waiting list
    "These seats are already booked: cancel the booking instead.":
        "هذه المقاعد محجوزة بالفعل: ألغِ الحجز بدلاً من ذلك.",
}
