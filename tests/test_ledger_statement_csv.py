"""A provider's season statement: every entry on its guarantee and on what it is owed, with
running balances; in the admin as a page and as CSV. Ministry staff see every provider's,
provider staff only their own; nobody adds, changes or deletes a transfer there; and a CSV
cell a spreadsheet would run as a formula is written as text."""

import csv
import io
from decimal import Decimal

import pytest

from accounts import roles
from ledger import selectors
from ledger.exports import csv_cell
from ledger.models import Transfer
from tests.factories.accounts import StaffUserFactory
from tests.factories.ledger import CURRENCY, SEASON, capture, compensate, refund
from tests.factories.packages import ProviderFactory

pytestmark = pytest.mark.django_db

STATEMENT = "/admin/ledger/transfer/statement/"


@pytest.fixture
def staff_client(client, plain_http):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def providers():
    mine, theirs = ProviderFactory(), ProviderFactory()
    capture(provider_id=mine.pk, amount="1000.00", memo="=HYPERLINK(\"http://x.example\")")
    refund(provider_id=mine.pk, amount="200.00")
    compensate(provider_id=mine.pk, amount="15.00")
    capture(provider_id=theirs.pk, amount="700.00")
    return mine, theirs


def statement_url(provider, fmt=None):
    """The statement's address; the CSV in the reader's language (Accept-Language)."""
    url = f"{STATEMENT}?provider={provider.pk}&season={SEASON}&currency={CURRENCY}"
    return f"{url}&format={fmt}" if fmt else url


def rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_statement_runs_each_accounts_balance_and_what_is_held(providers):
    mine, _theirs = providers
    lines = selectors.statement(provider_id=mine.pk, season_id=SEASON, currency=CURRENCY)
    assert [(line.transfer_kind, line.account_kind, line.amount, line.account_balance,
             line.held) for line in lines] == [
        ("payment_received", "guarantee_withheld", Decimal("50.00"), Decimal("50.00"),
         Decimal("50.00")),
        ("payment_received", "owed_to_provider", Decimal("950.00"), Decimal("950.00"),
         Decimal("1000.00")),
        ("refund_paid", "guarantee_withheld", Decimal("-10.00"), Decimal("40.00"),
         Decimal("990.00")),
        ("refund_paid", "owed_to_provider", Decimal("-190.00"), Decimal("760.00"),
         Decimal("800.00")),
        ("compensation_paid", "guarantee_withheld", Decimal("-15.00"), Decimal("25.00"),
         Decimal("785.00")),
    ]


def test_ministry_staff_download_any_providers_statement(providers, staff_client):
    _mine, theirs = providers
    client = staff_client(StaffUserFactory(role=roles.MONITOR))
    response = client.get(statement_url(theirs, "csv"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="statement-{theirs.pk}-{SEASON}-SAR.csv"')
    header, *lines = rows(response)
    assert header == ["Posted", "Transfer", "Movement", "Account", "Caused by", "Reference",
                      "Memo", "Amount", "Account balance", "Held for the provider"]
    assert [line[3:4] + line[7:] for line in lines] == [
        ["Guarantee withheld", "35.00", "35.00", "35.00"],
        ["Owed to the provider", "665.00", "665.00", "700.00"]]


def test_the_statement_page_shows_balances_and_entries(providers, staff_client):
    mine, _theirs = providers
    response = staff_client(StaffUserFactory(role=roles.MINISTRY_ADMIN)).get(
        statement_url(mine))
    assert response.status_code == 200
    assert [amount for _label, amount in response.context["balances"]] == [
        Decimal("25.00"), Decimal("760.00"), Decimal("-785.00")]
    assert len(response.context["lines"]) == 5
    page = response.content.decode()
    assert mine.name in page
    assert "الضمان المحتجز" in page  # the default language, Arabic


def test_the_csv_is_headed_in_the_readers_language(providers, staff_client):
    mine, _theirs = providers
    client = staff_client(StaffUserFactory(role=roles.MONITOR))
    header, first, *_rest = rows(client.get(statement_url(mine, "csv"),
                                            HTTP_ACCEPT_LANGUAGE="ar"))
    assert header[:3] == ["تاريخ القيد", "التحويل", "الحركة"]
    assert first[2:4] == ["دفعة مستلمة", "الضمان المحتجز"]


def test_provider_staff_download_their_own_statement_only(providers, staff_client):
    mine, theirs = providers
    client = staff_client(StaffUserFactory(role=roles.PROVIDER_STAFF, provider=mine))
    assert client.get(statement_url(mine, "csv")).status_code == 200
    assert client.get(statement_url(theirs, "csv")).status_code == 403
    assert client.get(statement_url(theirs)).status_code == 403


def test_the_statements_index_lists_only_what_the_reader_may_open(providers, staff_client):
    mine, theirs = providers
    client = staff_client(StaffUserFactory(role=roles.PROVIDER_STAFF, provider=mine))
    listed = client.get(STATEMENT).context["statements"]
    assert [(item["provider"], item["season"]) for item in listed] == [(mine.name, SEASON)]
    client = staff_client(StaffUserFactory(role=roles.MONITOR))
    listed = client.get(STATEMENT).context["statements"]
    assert {item["provider"] for item in listed} == {mine.name, theirs.name}


def test_provider_staff_see_only_transfers_of_their_own_money(providers, staff_client):
    mine, theirs = providers
    client = staff_client(StaffUserFactory(role=roles.PROVIDER_STAFF, provider=mine))
    response = client.get("/admin/ledger/transfer/")
    assert response.status_code == 200
    shown = list(response.context["cl"].queryset)
    assert len(shown) == 3
    theirs_transfer = Transfer.objects.get(entries__account__provider_id=theirs.pk,
                                           entries__account__kind="gateway")
    assert theirs_transfer not in shown
    assert client.get(f"/admin/ledger/transfer/{theirs_transfer.pk}/change/").status_code == 302
    assert client.get(f"/admin/ledger/transfer/{shown[0].pk}/change/").status_code == 200


def test_the_filters_narrow_the_list_to_a_provider_and_season(providers, staff_client):
    _mine, theirs = providers
    client = staff_client(StaffUserFactory(role=roles.MINISTRY_ADMIN))
    response = client.get(f"/admin/ledger/transfer/?provider={theirs.pk}&season={SEASON}")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert response.context["statement_url"] == (
        f"{STATEMENT}?provider={theirs.pk}&season={SEASON}")


def test_staff_without_a_provider_or_a_role_see_no_ledger(providers, staff_client):
    client = staff_client(StaffUserFactory(role=roles.CARE_AGENT))
    assert client.get("/admin/ledger/transfer/").status_code == 403
    assert client.get(STATEMENT).status_code == 403


@pytest.mark.parametrize("role", [roles.MINISTRY_ADMIN, roles.PROVIDER_STAFF])
def test_nobody_adds_changes_or_deletes_a_transfer_in_the_admin(providers, staff_client, role):
    mine, _theirs = providers
    user = StaffUserFactory(role=role, **({"provider": mine} if role == roles.PROVIDER_STAFF
                                          else {}))
    client = staff_client(user)
    transfer = Transfer.objects.filter(entries__account__provider_id=mine.pk).first()
    assert client.get("/admin/ledger/transfer/add/").status_code == 403
    assert client.get(f"/admin/ledger/transfer/{transfer.pk}/delete/").status_code == 403
    response = client.post(f"/admin/ledger/transfer/{transfer.pk}/change/", {"memo": "x"})
    assert response.status_code == 403
    assert Transfer.objects.get(pk=transfer.pk).memo == transfer.memo


def test_a_cell_that_would_run_as_a_formula_is_written_as_text(providers, staff_client):
    mine, _theirs = providers
    response = staff_client(StaffUserFactory(role=roles.MONITOR)).get(statement_url(mine, "csv"))
    _header, first, *_rest = rows(response)
    assert first[6] == "'=HYPERLINK(\"http://x.example\")"


@pytest.mark.parametrize(("value", "written"), [
    ("=1+2", "'=1+2"), ("+1+2", "'+1+2"), ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("plain memo", "plain memo"),
    (Decimal("-50.00"), "-50.00"), ("-50.00", "-50.00"), (None, ""),
])
def test_csv_cells_escape_formulas_but_keep_negative_amounts_numbers(value, written):
    assert csv_cell(value) == written
