"""Every per-season row of every app is either a rule declared for copying into the next
season (portal.season_rules) or named here as belonging to its own season only, so a new
per-season rule cannot be forgotten when a season opens."""

from django.apps import apps

from packages.models import Season
from portal.season_rules import season_rows

# Rows that belong to their season and stay there: sales, cases, money, history.
NOT_RULES = {
    "packages.Season",  # copied by season_open_next itself
    "packages.Package", "packages.Contract", "packages.ContractClient",
    "complaints.Complaint", "complaints.EscalatedComplaint", "complaints.Sanction",
    "compensation.Claim", "ledger.Account",
    "compensation.ProviderDebt", "compensation.GuaranteeRelease",
}
# A season named by its Hijri year as a number, below packages in the layers.
YEAR_FIELDS = {"season", "season_id", "hijri_year"}


def names_a_season(model):
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is Season:
            return True
        if field.name in YEAR_FIELDS and not field.is_relation:
            return True
    return False


def test_every_model_naming_a_season_is_declared_or_known_not_a_rule():
    declared = {spec.model for spec in season_rows()}
    naming = {model._meta.label for model in apps.get_models()
              if names_a_season(model) and not model._meta.label.endswith("Event")
              and model._meta.app_label != "pghistory"}

    assert naming - declared - NOT_RULES == set()
    assert declared <= naming
