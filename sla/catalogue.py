"""The e-service catalogue and the survey switch as every booking needs them, per process.

Recording a transaction sits on the busiest paths of the portal (a Rawdah rush), so the
code -> id lookup, the service names for the survey SMS and the survey switch are read once
a minute at most instead of on every transaction. Saving an e-service, its translation or
the policy clears the cache of the process that saved it; other processes see the change
within CACHE_SECONDS.
"""

import time
from dataclasses import dataclass

from django.utils import timezone

from portal.models import EService

from .errors import SlaError
from .policies import policy_for

CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class CatalogueEntry:
    id: int
    code: str
    names: dict  # language code -> translated name

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or self.code


_state = {"loaded_at": float("-inf"), "by_code": {}, "by_id": {}, "survey_sms": None}


def _load() -> None:
    by_code = {}
    for service in EService.objects.prefetch_related("translations"):
        names = {row.language_code: row.name for row in service.translations.all()}
        by_code[service.code] = CatalogueEntry(id=service.pk, code=service.code, names=names)
    _state.update(loaded_at=time.monotonic(), by_code=by_code,
                  by_id={entry.id: entry for entry in by_code.values()},
                  survey_sms=policy_for(timezone.now()).survey_sms)


def _fresh() -> dict:
    if time.monotonic() - _state["loaded_at"] > CACHE_SECONDS:
        _load()
    return _state


def service_entry(service) -> CatalogueEntry:
    """The catalogue entry of an EService or of its code; unknown codes are an error."""
    key = service.code if isinstance(service, EService) else service
    entry = _fresh()["by_code"].get(key)
    if entry is None:
        _load()  # a service added since the last load
        entry = _state["by_code"].get(key)
    if entry is None:
        raise SlaError("unknown_service", service=key)
    return entry


def service_entry_by_id(service_id: int) -> CatalogueEntry:
    entry = _fresh()["by_id"].get(service_id)
    if entry is None:
        _load()
        entry = _state["by_id"][service_id]
    return entry


def survey_sms_enabled() -> bool:
    return _fresh()["survey_sms"]


def forget(**kwargs) -> None:
    _state["loaded_at"] = float("-inf")
