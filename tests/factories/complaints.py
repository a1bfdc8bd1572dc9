"""Complaints through the real services (pass the clock in).

    NOW                                          a Sunday morning in the 1448 season
    contract_for(pilgrim=None, now=NOW)          an ordered (unpaid) contract (own provider;
                                                 seeds the annex and e-services) of the season
                                                 on sale at `now`: 1448 at NOW
    paid_contract_for(pilgrim=None, now=NOW)     the same, paid in full through the gateway
                                                 (the test takes the payment_gateway fixture)
    late_fixed_claim(item="makkah_housing", failure="late", **kw)
                                                 the claim of a complaint fixed too late
    approved_claim(**kw)                         the same, approved by a care agent
    filed_complaint(item="makkah_housing", failure="late", now=NOW, contract=None, **kw)
    provider_staff_for(complaint)                provider staff of the complaint's provider
    care_agent(), monitor()                      ministry-side staff
    eservices_seeded()                           the e-service catalogue again, after a
                                                 transactional test flushed it
    PNG                                          the bytes of a tiny PNG, for uploads
"""

import datetime
import importlib

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import roles
from compensation import services as compensation_services
from complaints import services
from packages import services as package_services
from portal.calendars import RIYADH

from .accounts import PilgrimFactory, StaffUserFactory
from .compensation import seeded_annex
from .packages import PackageFactory, ordered_contract, season_on_sale

# Sunday 22 November 2026 (12 Jumada al-Akhirah 1448), 10:00 in Makkah: a working day.
NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def contract_for(*, pilgrim=None, package=None, now=NOW):
    seeded_annex(1448)
    eservices_seeded()
    pilgrim = pilgrim or PilgrimFactory()
    package = package or PackageFactory(season=season_on_sale(now))
    return ordered_contract(pilgrim=pilgrim, package=package, now=now)


def paid_contract_for(*, pilgrim=None, package=None, now=NOW):
    contract = contract_for(pilgrim=pilgrim, package=package, now=now)
    return package_services.contract_pay(contract=contract, card_token="tok_ok", now=now)


def filed_complaint(*, item="makkah_housing", failure="late", now=NOW, contract=None,
                    description="We waited three hours at the hotel and were not housed.",
                    **kwargs):
    contract = contract or contract_for(now=now)
    return services.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item=item, failure=failure,
        description=description, occurred_at=now - datetime.timedelta(minutes=30), now=now,
        **kwargs,
    )


def late_fixed_claim(item="makkah_housing", failure="late", now=NOW, **kwargs):
    """The claim opened when the provider reports the fix an hour after its corrective
    period (two hours for housing, per the annex)."""
    complaint = filed_complaint(item=item, failure=failure, now=now, **kwargs)
    services.complaint_resolve(complaint=complaint, acting_user=provider_staff_for(complaint),
                               note="Fixed late.", now=now + datetime.timedelta(hours=3))
    return complaint.claim


def approved_claim(*, now=NOW, **kwargs):
    claim = late_fixed_claim(now=now, **kwargs)
    return compensation_services.claim_decide(claim=claim, acting_user=care_agent(),
                                              approve=True, now=now + datetime.timedelta(hours=4))


def provider_staff_for(complaint):
    return StaffUserFactory(role=roles.PROVIDER_STAFF, provider=complaint.provider)


def care_agent():
    return StaffUserFactory(role=roles.CARE_AGENT)


def monitor():
    return StaffUserFactory(role=roles.MONITOR)


def eservices_seeded():
    """Orders and complaints are recorded against the catalogue's e-services (SLA)."""
    from portal.models import EService

    if not EService.objects.filter(code="hajj_package").exists():
        importlib.import_module("portal.migrations.0002_seed_eservices").seed(apps, None)
    if not EService.objects.filter(code="complaint").exists():
        importlib.import_module("portal.migrations.0008_seed_complaint_service").seed(apps, None)
