from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = _("Hajj priority transfer")

    def ready(self):
        # apps.py loads before any model: what imports models is imported here, once ready.
        from portal.dashboard import dashboard_panel_register
        from portal.season_rules import SeasonRows, season_rows_register

        from .selectors import transfer_panel_for_user

        dashboard_panel_register(
            key="transfers", template_name="transfers/dashboard_panel.html", order=50,
            get_context=lambda request: transfer_panel_for_user(user=request.user),
            is_visible=lambda request: not request.user.is_staff,
        )
        # The season's transfer rules are copied into the next season when it opens.
        season_rows_register(SeasonRows(model="transfers.TransferRules", season_field="season"))

        # A transfer match by its reference, for either party (portal.references).
        from portal import references as reference_kinds

        from .selectors import MATCH_REFERENCE, match_reference_find

        reference_kinds.register(reference_kinds.ReferenceKind(
            key="transfer_match", label=_("Transfer match"), pattern=MATCH_REFERENCE,
            find=match_reference_find))
