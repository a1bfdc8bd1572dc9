"""What packages tells the apps above it (they connect receivers in their AppConfig.ready).

- `gateway_payout_event(sender=GatewayEvent, event=..., now=...)`: the payment gateway's
  signed webhook reported a payout settled or failed ({"event_id", "type": "payout.settled" |
  "payout.failed", "id", "key", "amount", "currency", "reason"}). Sent once per event_id,
  inside the transaction that records the event: a receiver that raises makes the webhook
  answer an error, and the gateway delivers the event again.
"""

from django.dispatch import Signal

gateway_payout_event = Signal()
