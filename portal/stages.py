"""Every stage told: the registry of the e-services' states and the SMS each one sends.

Each app declares, next to its `SMS` dict, `STAGES = {Model: {Model.Status.X: "sms key" or
None}}` (None only with a comment saying why nothing is sent). This module gathers them, as
the demo loader gathers the apps' demo modules (by name, so portal, at the bottom of the
layers, imports no app above it), for tests/test_every_stage_is_told.py and for the
README's SMS table (`python manage.py sms_table`).
"""

import importlib
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import translation

# The modules that keep an `SMS` dict and its `STAGES`, in the README's order.
STAGE_MODULES = (
    "permits.services",
    "packages.services",
    "refunds.services",
    "complaints.services",
    "compensation.services",
    "compensation.payouts",
    "consent.services",
    "transfers.services",
    "servicedesk.services",
    "centres.services",
)

# Models with a status that is not a stage of an e-service a person follows, and why.
# (History rows and proxies are checked through the model they copy: see `checked_model`.)
INTERNAL = {
    "notifications.SmsMessage": "the outbox row of an SMS itself",
    "notifications.EmailMessage": "the outbox row of an e-mail itself (each goes with its SMS)",
    "sla.Probe": "the availability probe's reading of a service, a staff figure",
    "portal.ScheduledRuleChange": "staff's own rule edit waiting for its day; the holders a "
                                  "change reaches are told when it applies (packages: "
                                  "refund_rule_changed)",
}


@dataclass(frozen=True)
class Stage:
    module: str
    model: type
    status: str
    key: object  # the SMS dict's key, or None
    message: object  # the lazily translated text, or None


def stage_modules():
    return [(name, importlib.import_module(name)) for name in STAGE_MODULES]


def stages() -> list[Stage]:
    """Every registered (model, status), in the modules' and the choices' order."""
    rows = []
    for name, module in stage_modules():
        for model, by_status in module.STAGES.items():
            for status, _label in model._meta.get_field("status").choices:
                key = by_status.get(status)
                rows.append(Stage(name, model, status, key,
                                  None if key is None else module.SMS.get(key)))
    return rows


def checked_model(model):
    """The model whose registration covers `model`: a proxy shares its concrete model's rows,
    a history row (pghistory) copies its tracked model's status."""
    tracked = getattr(model, "pgh_tracked_model", None)
    if tracked is not None:
        return tracked
    return model._meta.concrete_model


def status_models() -> list:
    """Every model of the portal's own apps (those in this repository, not installed
    packages) with a `status` field that has choices."""
    root = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        if root not in Path(config.path).resolve().parents:
            continue
        for model in config.get_models():
            field = next((f for f in model._meta.get_fields() if f.name == "status"), None)
            if field is not None and getattr(field, "choices", None):
                found.append(model)
    return found


def deadline_stages() -> list[tuple]:
    """(model, event, message) of every deadline sweep's message. A deadline passing is not
    a status of its own (the row keeps its state and gains a level or a flag), so apps list
    these beside STAGES as `DEADLINES = [(Model, _("event"), message), ...]`."""
    return [row for _name, module in stage_modules() for row in getattr(module, "DEADLINES", [])]


def _service(model) -> str:
    return f"{apps.get_app_config(model._meta.app_label).verbose_name}: {model._meta.verbose_name}"


def sms_table() -> str:
    """The README's SMS table: e-service, state (or deadline event), the English message (—
    when none)."""
    lines = ["| E-service | State | SMS (English) |", "| --- | --- | --- |"]
    with translation.override("en"):
        for stage in stages():
            state = dict(stage.model._meta.get_field("status").choices)[stage.status]
            message = "—" if stage.message is None else str(stage.message)
            lines.append(f"| {_service(stage.model)} | {state} | {message} |")
        for model, event, message in deadline_stages():
            lines.append(f"| {_service(model)} | {event} | {message} |")
    return "\n".join(lines) + "\n"
