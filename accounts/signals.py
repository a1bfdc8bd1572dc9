"""The accounts app's domain events about a pilgrim's mobile number, for the app that owns
the SMS outbox (notifications connects its receivers in NotificationsConfig.ready; accounts
sits below it and never queues an SMS itself). Both are sent inside the writing transaction,
so the SMS is queued with the change or not at all.

`mobile_code_requested.send(sender=MobileChange, user=..., mobile=..., code=..., minutes=...,
language=..., key=...)`: the one-time code goes to the NEW number `mobile`.
`mobile_changed.send(sender=PilgrimProfile, user=..., old_mobile=..., new_mobile=...,
language=..., key=...)`: the security notice goes to the OLD number.
"""

from django.dispatch import Signal

mobile_code_requested = Signal()
mobile_changed = Signal()
