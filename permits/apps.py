from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = _("Permits")

    def ready(self):
        # Imported here, not at the top: the modules load models, ready once the registry is.
        from django.db.models.signals import post_delete, post_save

        from consent import hooks
        from portal.dashboard import dashboard_panel_register
        from portal.season_rules import ChildRows, SeasonRows, season_rows_register

        from .models import BlackoutPeriod, GenderWindow, PermitService, ServiceRule
        from .selectors import booking_list_for_user, rule_cache_clear
        from .services import (
            INVITATION_PURPOSE,
            invitation_accept,
            invitation_describe,
            invitation_release,
        )

        hooks.register(INVITATION_PURPOSE, on_accept=invitation_accept,
                       on_release=invitation_release, describe=invitation_describe)

        translation = PermitService._parler_meta.root_model
        for model in (ServiceRule, GenderWindow, BlackoutPeriod, PermitService, translation):
            post_save.connect(rule_cache_clear, sender=model, dispatch_uid=f"rules-{model}")
            post_delete.connect(rule_cache_clear, sender=model,
                                dispatch_uid=f"rules-del-{model}")

        dashboard_panel_register(
            key="permits", template_name="permits/dashboard_panel.html", order=20,
            get_context=lambda request: {
                "permits": booking_list_for_user(user=request.user)[:5]},
            is_visible=lambda request: not request.user.is_staff,
        )

        # A season's permit rules, copied into the next season when it opens. Their dates
        # are Gregorian days of Hijri dates (the Hijri year, the blackout around Hajj).
        season_rows_register(SeasonRows(
            model="permits.ServiceRule", season_field="season",
            hijri_anchored=("valid_from", "valid_until", "first_timers_only_until"),
            children=(
                ChildRows(model="permits.GenderWindow", parent_field="rule"),
                ChildRows(model="permits.BlackoutPeriod", parent_field="rule",
                          hijri_anchored=("starts_on", "ends_on")),
            )))

        # A rule's edit: previewed, saved with a reason, or scheduled (admin).
        from portal import rule_changes

        from .selectors import service_rule_change_impact, slot_template_change_impact
        from .services import service_rule_change_apply, slot_template_change_apply

        rule_changes.declare("permits.ServiceRule", impact=service_rule_change_impact,
                             apply=service_rule_change_apply)
        # A template's capacity reaches its slots not started yet.
        rule_changes.declare("permits.SlotTemplate", impact=slot_template_change_impact,
                             apply=slot_template_change_apply)

        # The booking path reads the releases once per version (waiting_room.release_for_slot).
        from django.db.models.signals import m2m_changed

        from portal.versions import bump, bump_on_change

        from .models import Release
        from .waiting_room import VERSION

        bump_on_change(VERSION, Release, Release.slots.through)
        m2m_changed.connect(lambda **_kwargs: bump(VERSION), sender=Release.slots.through,
                            weak=False, dispatch_uid="versions.permits.releases.slots")

        # A permit by its number (portal.references: the public inquiry, the SMS keyword).
        from portal import references as reference_kinds

        from .selectors import permit_reference_find
        from .services import PERMIT_NUMBER

        reference_kinds.register(reference_kinds.ReferenceKind(
            key="permit", label=_("Permit"), pattern=PERMIT_NUMBER,
            find=permit_reference_find))
