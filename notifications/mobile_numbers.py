"""The SMS of a mobile number change (accounts.signals): the code goes to the new number
only, the security notice to the old one only. Connected in NotificationsConfig.ready."""

from django.utils.translation import gettext_lazy as _

from .services import sms_queue

SMS = {
    "code": _("Your pilgrim portal code is %(code)s. It confirms this number as your mobile "
              "and expires in %(minutes)s minutes. Do not share it with anyone."),
    "changed": _("The mobile number of your pilgrim portal account was changed to a number "
                 "ending in %(last_digits)s. If you did not do this, contact us at once."),
}


def send_mobile_code(sender, *, user, mobile, code, minutes, language, key, **kwargs):
    # No `user`: an SMS with a user also goes to their e-mail address, and a code that
    # reached the mailbox would confirm a number nobody proved they hold.
    sms_queue(to=mobile, message=SMS["code"], context={"code": code, "minutes": minutes},
              language=language or "ar", idempotency_key=key,
              about=f"accounts.mobile_change:{user.pk}")


def send_mobile_changed(sender, *, user, old_mobile, new_mobile, language, key, **kwargs):
    sms_queue(to=old_mobile, message=SMS["changed"],
              context={"last_digits": new_mobile[-4:]}, language=language or "ar",
              idempotency_key=key, user=user, about="accounts.mobile_change")
