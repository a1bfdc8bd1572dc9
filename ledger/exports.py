"""A provider's season statement as CSV, safe to open in a spreadsheet.

A cell a spreadsheet would read as a formula (starting with = + - @, or a tab or carriage
return that some strip first) is prefixed with an apostrophe, so a memo or a reference typed
as "=HYPERLINK(...)" shows as text instead of running. Amounts are written by the ledger
itself as plain decimals and stay numbers: "-50.00" is a refund, not a formula, and
escaping it would make every negative amount text that cannot be added up.
"""

import csv
import io
import re

from django.utils.translation import gettext as _

from .models import Account, Transfer

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def csv_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def statement_csv(lines) -> str:
    """The statement's lines (ledger.selectors.statement) as CSV text, headed in the active
    language."""
    transfer_kinds = dict(Transfer.Kind.choices)
    account_kinds = dict(Account.Kind.choices)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Posted"), _("Transfer"), _("Movement"), _("Account"),
                     _("Caused by"), _("Reference"), _("Memo"), _("Amount"),
                     _("Account balance"), _("Held for the provider")])
    for line in lines:
        writer.writerow([csv_cell(value) for value in (
            line.posted_at.isoformat(), line.transfer_id,
            transfer_kinds.get(line.transfer_kind, line.transfer_kind),
            account_kinds.get(line.account_kind, line.account_kind),
            line.source, line.source_id, line.memo,
            line.amount, line.account_balance, line.held)])
    return out.getvalue()
