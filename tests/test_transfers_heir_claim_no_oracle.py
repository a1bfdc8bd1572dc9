"""An heir claim never tells the claimant whether a registration exists: a claim naming an
existing registration and one naming none get the same status, body and SMS, until staff
decide; staff see "no matching registration" and refuse with a reason the heir receives by
SMS in their language; claims are capped per account so the form cannot probe at scale."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notifications.models import SmsMessage
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.transfers import RegistrationFactory
from transfers import services
from transfers.errors import TransferError
from transfers.models import HeirClaim

pytestmark = pytest.mark.django_db

API = "/api/v1/transfers/heir-claims/"
PDF = b"%PDF-1.4 probate of the deceased holder"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def typed(registration, holder_id_number=None):
    return {"due_year": registration.due_year, "priority_number": registration.priority_number,
            "holder_id_number": holder_id_number or registration.holder.profile.id_number,
            "probate_document": SimpleUploadedFile("probate.pdf", PDF)}


def sms_of(user):
    return [(sms.language, sms.text)
            for sms in SmsMessage.objects.filter(user=user).order_by("pk")]


def test_the_api_answers_alike_for_an_existing_and_a_missing_registration(app_client):
    registration = RegistrationFactory()
    real_heir = PilgrimFactory(profile__preferred_language="en")
    prober = PilgrimFactory(profile__preferred_language="en")

    real = app_client(real_heir).post(API, typed(registration), HTTP_ACCEPT_LANGUAGE="en")
    # The same due year and number with an identity number nobody holds: nothing matches.
    probe = app_client(prober).post(API, typed(registration, "1000000000"),
                                    HTTP_ACCEPT_LANGUAGE="en")

    assert real.status_code == probe.status_code == 201
    first, second = real.json(), probe.json()
    for body in (first, second):
        del body["id"], body["filed_at"]
    assert first == second
    assert (first["status"], first["status_label"]) == ("pending", "Under review")
    assert sms_of(real_heir) == sms_of(prober) == [
        ("en", f"Your claim to Hajj priority {registration} as an heir is received and will "
               "be reviewed.")]
    claims = {claim.claimant: claim.registration for claim in HeirClaim.objects.all()}
    assert claims == {real_heir: registration, prober: None}  # only staff see the difference


def test_the_page_answers_alike_for_an_existing_and_a_missing_registration(client):
    registration = RegistrationFactory()
    answers = []
    for holder_id_number in (None, "1000000000"):
        heir = PilgrimFactory(profile__preferred_language="en")
        client.force_login(heir)
        response = client.post("/transfers/heir/", typed(registration, holder_id_number),
                               HTTP_ACCEPT_LANGUAGE="en", follow=True)
        page = response.content.decode()
        answers.append((response.redirect_chain, response.status_code,
                        "Your claim is received; staff will review your documents." in page,
                        sms_of(heir)[0][1]))
    assert answers[0] == answers[1]
    assert answers[0][2]


def test_staff_refuse_a_claim_with_a_reason_the_heir_receives_in_their_language(
        client, plain_http):
    heir = PilgrimFactory()  # reads Arabic
    claim = services.heir_claim_file(acting_user=heir, **typed(RegistrationFactory(),
                                                             "1000000000"))
    client.force_login(StaffUserFactory())  # a ministry administrator
    listing = client.get("/admin/transfers/heirclaim/", HTTP_ACCEPT_LANGUAGE="en")
    assert "no matching registration" in listing.content.decode()
    url = f"/admin/transfers/heirclaim/{claim.pk}/change/"

    client.post(url, {"decision": "refuse", "reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    claim.refresh_from_db()
    assert claim.status == HeirClaim.Status.PENDING  # no reason, no refusal

    client.post(url, {"decision": "refuse", "reason": "no_registration"},
                HTTP_ACCEPT_LANGUAGE="en")

    claim.refresh_from_db()
    assert (claim.status, claim.refusal_reason) == ("refused", "no_registration")
    client.force_login(heir)
    page = client.get("/transfers/heir/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Refused: no active Hajj registration matches the due year" in page
    assert sms_of(heir)[-1] == ("ar", (
        f"رُفضت مطالبتك بأولوية الحج {claim.due_year}/{claim.priority_number} بصفتك وارثًا: "
        "لا يوجد تسجيل حج نشط يطابق سنة الاستحقاق ورقم الأولوية ورقم هوية صاحبها المذكورة."))


def test_a_claim_matching_no_registration_cannot_be_approved():
    claim = services.heir_claim_file(acting_user=PilgrimFactory(),
                                     **typed(RegistrationFactory(), "1000000000"))
    with pytest.raises(TransferError) as error:
        services.heir_claim_decide(claim=claim, acting_user=StaffUserFactory(), approve=True)
    assert error.value.code == "claim_no_registration"


def test_heir_claims_are_capped_per_account(app_client):
    rules = services.rules(now=timezone.now())
    rules.heir_claims_per_window = 2
    rules.save()
    prober = app_client(PilgrimFactory())

    answers = [prober.post(API, typed(RegistrationFactory()), HTTP_ACCEPT_LANGUAGE="en")
               for _ in range(3)]

    assert [answer.status_code for answer in answers] == [201, 201, 429]
    assert answers[2].json() == {"code": "claim_limit", "detail": (
        "You may file at most 2 heir claims in 30 days; staff review the ones you filed "
        "first.")}
    assert HeirClaim.objects.count() == 2
