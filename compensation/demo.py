"""Demo claims (idempotent): complaints.demo leaves two claims pending; the ministry's demo
monitor approves the one of the upheld housing complaint, so the pilgrim sees a claim
waiting for payment and another waiting for a decision."""

from django.utils import timezone

from accounts.models import User

from . import services
from .models import Claim

MONITOR = "monitor@demo.hajj.example"
APPROVED_ITEM = "makkah_housing"
REASON = "Upheld complaint; the hotel log confirms the delay."


def demo_load(*, now=None):
    claim = (Claim.objects.filter(pilgrim__email="pilgrim@demo.hajj.example",
                                  item=APPROVED_ITEM, status=Claim.Status.PENDING).first())
    if claim is None:  # already decided, or the complaints demo did not run
        return
    services.claim_decide(claim=claim, acting_user=User.objects.get(email=MONITOR), approve=True,
                          reason=REASON, now=now or timezone.now())
