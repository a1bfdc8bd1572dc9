from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("Service levels")

    def ready(self):
        # Imported here, not at the top: the modules load models, ready once the registry is.
        from django.db.models.signals import post_delete, post_save

        from portal.dashboard import dashboard_panel_register
        from portal.models import EService
        from portal.season_rules import SeasonRows, season_rows_register
        from portal.versions import bump_on_change

        from . import catalogue
        from .models import Policy
        from .rollups import FIGURES_VERSION
        from .selectors import survey_panel_context

        # The per-process catalogue cache forgets what staff just changed.
        for model in (EService, EService._parler_meta.root_model, Policy):
            post_save.connect(catalogue.forget, sender=model, dispatch_uid=f"sla-{model}")
            post_delete.connect(catalogue.forget, sender=model, dispatch_uid=f"sla-d-{model}")
        # The public figures' cached copies (the rollups bump it too: sla.rollups).
        bump_on_change(FIGURES_VERSION, EService, Policy)

        # The pilgrim's dashboard offers the survey of each recent completed transaction.
        dashboard_panel_register(
            key="sla-surveys", template_name="sla/dashboard_panel.html", order=90,
            get_context=survey_panel_context,
            is_visible=lambda request: bool(survey_panel_context(request)["surveys"]),
        )

        # The season's service-level policy is copied into the next season when it opens.
        season_rows_register(SeasonRows(model="sla.Policy", season_field="hijri_year"))
