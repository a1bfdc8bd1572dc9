from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import SmsMessage


def sms_list_about(*, about) -> QuerySet[SmsMessage]:
    """The SMS sent about one object (or one free reference), newest first."""
    if isinstance(about, str):
        return SmsMessage.objects.filter(about_reference=about)
    return SmsMessage.objects.filter(
        about_content_type=ContentType.objects.get_for_model(about),
        about_object_id=str(about.pk),
    )
