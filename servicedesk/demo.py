"""Demo desk (idempotent): the demo care-centre agent joins the Hajj experts' team, and each
demo pilgrim has a question in the thread: one answered by the agent, one still waiting."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User

from . import services
from .models import DeskRequest, RequestType, Topic

AGENT = "agent@demo.hajj.example"
# (pilgrim, type, topic, subject, text, filed minutes ago, expert's answer or "")
REQUESTS = [
    ("pilgrim@demo.hajj.example", "question", "hajj", "Deposit document missing",
     "I paid the registration deposit last year but the document is not in my account.",
     600, "We found your deposit of 1445; the document is now attached to your registration."),
    ("pilgrim.female@demo.hajj.example", "question", "permits", "Permit for my mother",
     "Can I add my mother to my Hajj permit after paying the package?", 45, ""),
]


SUGGESTION_NAMES = {"en": "Suggestion", "ar": "مقترح"}
IMPROVEMENT_NAMES = {"en": "Improving the portal's services", "ar": "تحسين خدمات البوابة"}


def _suggestion_type_and_topic(team):
    """The charter's suggestions: a desk type answered within 14 working days, and a topic
    routed to the Hajj experts' team."""
    request_type, created = RequestType.objects.get_or_create(
        code="suggestion", defaults={"kind": RequestType.Kind.SUGGESTION,
                                     "reply_working_days": 14, "display_order": 90})
    if created:
        for language, name in SUGGESTION_NAMES.items():
            request_type.set_current_language(language)
            request_type.name = name
        request_type.save()
    topic, created = Topic.objects.get_or_create(code="improvements",
                                                 defaults={"team": team, "display_order": 90})
    if created:
        for language, name in IMPROVEMENT_NAMES.items():
            topic.set_current_language(language)
            topic.name = name
        topic.save()


def demo_load(*, now=None):
    now = now or timezone.now()
    agent = User.objects.get(email=AGENT)
    agent.groups.add(Topic.objects.get(code="hajj").team.group)
    _suggestion_type_and_topic(Topic.objects.get(code="hajj").team)
    for email, type_code, topic_code, subject, text, filed, answer in REQUESTS:
        user = User.objects.get(email=email)
        if DeskRequest.objects.filter(user=user, subject=subject).exists():
            continue
        filed_at = now - timedelta(minutes=filed)
        request = services.desk_request_submit(
            acting_user=user, request_type=RequestType.objects.get(code=type_code),
            topic=Topic.objects.get(code=topic_code), subject=subject, text=text, now=filed_at)
        if answer:
            services.desk_reply_add(request=request, acting_user=agent, body=answer,
                                    now=filed_at + timedelta(minutes=50))
