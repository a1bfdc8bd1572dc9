"""The demo logins `make run` prints line up in a left-to-right terminal, in every language
the portal speaks, with no invisible direction marks around the TOTP secret (a terminal
copies them along with it, and the authenticator app then refuses the secret)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF

DIRECTION_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def printed_logins(language):
    out = StringIO()
    with translation.override(language):
        call_command("load_demo_data", "--logins-only", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("language", ["ar", "fa", "ur", "en", "ms", "id"])
def test_the_printed_logins_carry_no_direction_marks(language):
    printed = printed_logins(language)
    assert [mark for mark in printed if mark in DIRECTION_MARKS] == []
    assert printed.count(f"  {DEMO_TOTP_SECRET}  ") == len(STAFF)  # spaces round it, no more


@pytest.mark.parametrize("language", ["ar", "fa", "ur", "en"])
def test_the_email_password_and_secret_columns_line_up(language):
    rows = [line for line in printed_logins(language).splitlines() if DEMO_PASSWORD in line]
    assert len(rows) == 2 + len(STAFF)
    # Every column starts at the same place on every row; the role (perhaps right-to-left)
    # comes last, where its width and direction move nothing.
    assert len({row.index(row.split()[0]) for row in rows}) == 1  # the e-mail
    assert len({row.index(DEMO_PASSWORD) for row in rows}) == 1
    secret_column = {row.index(DEMO_TOTP_SECRET) for row in rows if DEMO_TOTP_SECRET in row}
    assert len(secret_column) == 1
    pilgrim_rows = [row for row in rows if DEMO_TOTP_SECRET not in row]
    assert {row.index(" - ") + 1 for row in pilgrim_rows} == secret_column
    role_column = {row.index(DEMO_TOTP_SECRET) + len(DEMO_TOTP_SECRET) + 2
                   for row in rows if DEMO_TOTP_SECRET in row}
    assert all(row[:min(role_column)].isascii() for row in rows)
