"""What the refunds app tells the package contract's owner (packages connects its receivers
in PackagesConfig.ready; refunds never cancels or messages a contract itself).

- `exemption_approved(sender=ExemptionClaim, claim=..., now=..., acting_user=...)`: an
  exemption was approved on a live contract, which is to be cancelled with a full refund.
- `refund_paid(sender=Refund, refund=..., now=...)`: the refund was paid back to the pilgrim.
"""

from django.dispatch import Signal

exemption_approved = Signal()
refund_paid = Signal()
