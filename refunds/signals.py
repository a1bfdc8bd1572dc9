"""What the refunds app tells the package contract's owner (packages connects its receivers
in PackagesConfig.ready; refunds never cancels or messages a contract itself).

- `exemption_approved(sender=ExemptionClaim, claim=..., now=..., acting_user=...)`: an
  exemption was approved on a live contract, which is to be cancelled with a full refund.
- `refund_approved(sender=Refund, refund=..., now=..., acting_user=...)`: the refund was
  approved, or an approved one raised (an exemption): its money is to go back to the
  pilgrim's card. Sent inside the approval's transaction, so packages queues the gateway
  refunds with it, or refuses the approval (RefundError "exceeds_paid").
- `refund_paid(sender=Refund, refund=..., now=...)`: the refund was paid back to the pilgrim
  (the gateway settled all of it).
"""

from django.dispatch import Signal

exemption_approved = Signal()
refund_approved = Signal()
refund_paid = Signal()
