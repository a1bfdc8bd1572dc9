from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PackagesConfig(AppConfig):
    name = "packages"
    verbose_name = _("Hajj packages")

    def ready(self):
        # Imported here, not at the top: models and services load once the registry is ready.
        from consent import hooks
        from permits.signals import hajj_permit_changed
        from portal.dashboard import dashboard_panel_register
        from portal.season_rules import SeasonRows, season_rows_register
        from refunds.signals import exemption_approved, refund_approved, refund_paid

        from .forms import InvitationDetailsForm
        from .refunding import contract_on_refund_approved
        from .selectors import contract_list_for_pilgrim
        from .services import (
            INVITATION_PURPOSE,
            contract_on_exemption_approved,
            contract_on_hajj_permit,
            contract_on_refund_paid,
            invitation_accept,
            invitation_describe,
            invitation_release,
        )

        # "My Hajj contracts" on the pilgrim's dashboard: the latest few, and the way to all.
        dashboard_panel_register(
            key="contracts", template_name="packages/dashboard_panel.html", order=25,
            get_context=lambda request: {
                "contracts": contract_list_for_pilgrim(user=request.user)[:5]},
            is_visible=lambda request: not request.user.is_staff,
        )
        # Companions invited onto a contract (packages -> consent, never the reverse).
        hooks.register(INVITATION_PURPOSE, on_accept=invitation_accept,
                       on_release=invitation_release, describe=invitation_describe,
                       details_form=InvitationDetailsForm)
        # The contract follows its Hajj permit (permits reports, packages decides).
        hajj_permit_changed.connect(contract_on_hajj_permit, dispatch_uid="packages-hajj-permit")
        # Refunds decides exemptions and pays refunds; the contract's cancellation and its
        # messages stay here.
        exemption_approved.connect(contract_on_exemption_approved,
                                   dispatch_uid="packages-exemption-approved")
        refund_paid.connect(contract_on_refund_paid, dispatch_uid="packages-refund-paid")
        # An approved refund goes back to the card through the gateway (packages.refunding).
        refund_approved.connect(contract_on_refund_approved,
                                dispatch_uid="packages-refund-approved")

        # The season's own rule rows, copied into the next season when it opens (the season
        # row itself is copied by packages.services.season_open_next). A package's own meal
        # window belongs to the package, not to the season's rules.
        season_rows_register(
            SeasonRows(model="packages.RefundRule", season_field="season"),
            SeasonRows(model="packages.InstalmentStep", season_field="season"),
            SeasonRows(model="packages.MealWindow", season_field="season",
                       only={"package__isnull": True}),
        )
        # A refund window's edit: previewed, saved with a reason, or scheduled (admin).
        from portal import rule_changes

        from .selectors import refund_rule_change_impact
        from .services import refund_rule_change_apply

        rule_changes.declare("packages.RefundRule", impact=refund_rule_change_impact,
                             apply=refund_rule_change_apply)

        # The package list's rows and filters are cached per version (templates/packages/
        # package_list.html): a write of a package or a provider, or their translations, bumps it.
        from portal.versions import bump_on_change

        from .models import Package, Provider

        bump_on_change("packages", Package, Provider)

        # A contract by its booking number, its Hajj permit request with it (portal.references).
        from portal import references as reference_kinds

        from .selectors import CONTRACT_REFERENCE, contract_reference_find

        reference_kinds.register(reference_kinds.ReferenceKind(
            key="contract", label=_("Hajj contract"), pattern=CONTRACT_REFERENCE,
            find=contract_reference_find))
