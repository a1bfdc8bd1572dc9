"""The refund table's vocabulary, shared with the package contract that stores it: the state
of the Hajj permit when a contract is cancelled, and why it was cancelled. They live with the
refund policy that reads them; packages (above) imports them for its Contract."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PermitState(models.TextChoices):
    """The Hajj permit as the refund table sees it."""

    NOT_ISSUED = "not_issued", _("Not issued yet")
    ISSUED = "issued", _("Issued")
    PRINTED = "printed", _("Printed")
    REFUSED = "refused", _("Refused by the Ministry of Interior")


class CancelReason(models.TextChoices):
    PILGRIM = "pilgrim", _("Cancelled by the pilgrim")
    OVERDUE = "overdue", _("An instalment was not paid in time")
    PERMIT_REFUSED = "permit_refused", _("The Ministry of Interior refused the permit")
    EXEMPTION = "exemption", _("Exemption approved (full refund)")
