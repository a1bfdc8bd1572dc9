"""The permits app's domain event about a Hajj permit request, for the app that owns the
package contract (packages connects its receiver in PackagesConfig.ready; permits never
writes a contract itself).

`hajj_permit_changed.send(sender=Booking, booking=..., state=..., now=..., acting_user=...)`
with `state` one of the constants below.
"""

from django.dispatch import Signal

REQUESTED = "requested"  # the request is filed: the contract is waiting for its permit
ISSUED = "issued"  # the Ministry issued the permit
PRINTED = "printed"  # the Ministry printed it: cancelling now loses the printed-permit share
REFUSED = "refused"  # the Ministry refused it: the contract is cancelled with the refusal rule
WITHDRAWN = "withdrawn"  # the pilgrim withdrew the request alone: the contract may ask again
USED = "used"  # the permit was used at the gate: the Hajj is under way (the survey goes)

hajj_permit_changed = Signal()
