"""Demo help desk (idempotent): the demo team lead works the Hajj desk team's cases as a
care-centre agent and writes the canned replies; a few replies per kind and topic."""

from accounts import roles
from accounts.models import User
from accounts.services import user_add_role

from .models import CannedReply

LEAD = "lead@demo.hajj.example"
DESK_TEAM = "Desk experts: Hajj and permits"

# (kind, topic or "" for any, {language: (title, body)})
REPLIES = [
    ("desk", "", {
        "ar": ("استلام الطلب", "السلام عليكم {pilgrim_name}، استلمنا طلبك {reference} وسنرد "
                              "عليك قبل {due_date}. {agent_name}، مركز العناية."),
        "en": ("Request received", "Dear {pilgrim_name}, we received your request {reference} "
                                   "and will answer by {due_date}. {agent_name}, care centre."),
        "ms": ("Permohonan diterima", "{pilgrim_name} yang dihormati, kami telah menerima "
                                      "permohonan anda {reference} dan akan menjawab sebelum "
                                      "{due_date}. {agent_name}, pusat khidmat."),
        "fa": ("درخواست دریافت شد", "{pilgrim_name} گرامی، درخواست شما {reference} دریافت شد "
                                   "و تا {due_date} پاسخ می‌دهیم. {agent_name}، مرکز خدمات."),
        "ur": ("درخواست موصول ہوئی", "محترم {pilgrim_name}، ہمیں آپ کی درخواست {reference} موصول "
                                    "ہو گئی ہے، ہم {due_date} تک جواب دیں گے۔ {agent_name}، "
                                    "مرکزِ خدمت۔"),
        "id": ("Permohonan diterima", "Yth. {pilgrim_name}, permohonan Anda {reference} telah "
                                      "kami terima dan akan kami jawab paling lambat "
                                      "{due_date}. {agent_name}, pusat layanan."),
    }),
    ("desk", "hajj", {
        "ar": ("مستند العربون", "وجدنا عربون التسجيل الخاص بك، وأُرفق المستند بطلبك "
                                "{reference}."),
        "en": ("Deposit document", "We found your registration deposit; the document is now "
                                   "attached to your request {reference}."),
    }),
    ("complaint", "", {
        "ar": ("نعمل على شكواك", "السلام عليكم {pilgrim_name}، نعمل على الشكوى {reference}، "
                                "وموعد المعالجة {due_date}."),
        "en": ("We are on it", "Dear {pilgrim_name}, we are working on complaint {reference}; "
                               "it is to be fixed by {due_date}."),
        "ms": ("Sedang ditangani", "{pilgrim_name} yang dihormati, aduan {reference} sedang "
                                   "ditangani dan akan diselesaikan sebelum {due_date}."),
        "fa": ("در حال رسیدگی", "{pilgrim_name} گرامی، به شکایت {reference} رسیدگی می‌کنیم و تا "
                                "{due_date} برطرف می‌شود."),
        "ur": ("کارروائی جاری ہے", "محترم {pilgrim_name}، شکایت {reference} پر کام جاری ہے، اسے "
                                  "{due_date} تک حل کیا جائے گا۔"),
        "id": ("Sedang ditangani", "Yth. {pilgrim_name}, pengaduan {reference} sedang kami "
                                   "tangani dan akan diselesaikan paling lambat {due_date}."),
    }),
    ("complaint", "makkah_housing", {
        "ar": ("تم التسكين", "تم تسكينك في الفندق المتعاقد عليه في مكة المكرمة. "
                             "الشكوى {reference}."),
        "en": ("Housed", "You are now housed in the contracted hotel in Makkah. Complaint "
                         "{reference}."),
    }),
]


def demo_load():
    lead = User.objects.get(email=LEAD)
    user_add_role(user=lead, role=roles.CARE_AGENT)
    team_group = lead.groups.model.objects.filter(name=DESK_TEAM).first()
    if team_group is not None:
        lead.groups.add(team_group)
    for kind, topic, texts in REPLIES:
        english_title = texts["en"][0]
        if CannedReply.objects.filter(kind=kind, topic=topic,
                                      translations__title=english_title).exists():
            continue
        reply = CannedReply(kind=kind, topic=topic)
        for language, (title, body) in texts.items():
            reply.set_current_language(language)
            reply.title, reply.body = title, body
        reply.save()
