"""Dependants, invitations and standing consents.

    DependantFactory(owner=pilgrim)                          confirmed by staff, with a PDF
    DependantFactory(owner=pilgrim, status="pending")        not reviewed yet
    DependantFactory(owner=pilgrim, id_number=person.id_number)   the identity of a person
    PDF                                                      an upload that sniffs as a PDF
"""

from datetime import date

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.identity import saudi_id_with_check_digit
from consent.models import Dependant
from tests.factories.accounts import PilgrimFactory


def pdf_upload(name="relation.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% a family card\n", "application/pdf")


class DependantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dependant

    owner = factory.SubFactory(PilgrimFactory)
    id_type = "national_id"
    id_number = factory.Sequence(lambda n: saudi_id_with_check_digit(f"1{n + 70000000:08d}"))
    full_name = factory.Sequence(lambda n: f"Dependant {n}")
    gender = "male"
    date_of_birth = date(2010, 1, 1)
    relation = Dependant.Relation.SON
    document = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n", name="relation.pdf"))
    document_type = "application/pdf"
    status = Dependant.Status.CONFIRMED
    created_at = factory.LazyFunction(timezone.now)


def invited_by_a_booking(client, *, slot, person):
    """Another account books `slot` through the API (`client`, signed in as that account) with
    `person` as a companion by identity number and mobile: the invitation `person` receives."""
    from consent.models import Invitation

    profile = person.profile
    response = client.post(
        "/api/v1/permits/bookings/", {"slot": slot.pk, "accept_instructions": True,
                                      "companions": [{"id_type": profile.id_type,
                                                      "id_number": profile.id_number,
                                                      "mobile": str(profile.mobile)}]},
        content_type="application/json")
    assert response.status_code == 201, response.content
    return Invitation.objects.get(purpose="permits.booking", object_id=response.json()["id"])
