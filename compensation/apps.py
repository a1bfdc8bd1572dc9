from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompensationConfig(AppConfig):
    name = "compensation"
    verbose_name = _("Compensation")

    def ready(self):
        # apps.py loads before any model: what imports models is imported here, once ready.
        from packages.signals import gateway_payout_event
        from portal.season_rules import SeasonRows, season_rows_register

        from .payouts import on_gateway_payout_event

        # The gateway's payout webhooks, received by packages, settle our payouts.
        gateway_payout_event.connect(on_gateway_payout_event,
                                     dispatch_uid="compensation.payout_settle")
        # The season's annex and policy are copied into the next season when it opens.
        season_rows_register(
            SeasonRows(model="compensation.AnnexRule", season_field="season"),
            SeasonRows(model="compensation.SeasonPolicy", season_field="season"),
        )

        # A cell's edit: previewed, saved with a reason, or scheduled (admin).
        from portal import rule_changes

        from .selectors import annex_rule_change_impact
        from .services import annex_rule_change_apply

        rule_changes.declare("compensation.AnnexRule", impact=annex_rule_change_impact,
                             apply=annex_rule_change_apply)
