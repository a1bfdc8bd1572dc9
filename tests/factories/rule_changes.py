"""Contracts in different refund windows, for the previews of a refund rule's change.

    contracts_in_windows(now=NOW)   {"not_issued": ..., "issued": ..., "printed": ...,
                                     "cancelled": ...}, paid 10,000 SAR each (the
                                     payment_gateway fixture), Arabic-speaking holders
"""

import datetime
from decimal import Decimal

from packages.services import contract_cancel, contract_mark_permit_state
from portal.calendars import RIYADH
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import paid_contract

# Before 14 Shawwal 1448: a permit not issued is in the full-refund window, an issued or
# printed one in the 10% window ("ten_percent", the seeded 1448 rules).
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)


def contracts_in_windows(*, now=NOW):
    contracts = {}
    for state in ("not_issued", "issued", "printed", "cancelled"):
        holder = PilgrimFactory(profile__preferred_language="ar")
        contract = paid_contract(now=now, pilgrim=holder, price=Decimal("10000.00"))
        if state in ("issued", "printed"):
            contract = contract_mark_permit_state(contract=contract, state="permit_issued",
                                                  now=now)
        if state == "printed":
            contract = contract_mark_permit_state(contract=contract, state="permit_printed",
                                                  now=now)
        if state == "cancelled":
            contract_cancel(contract=contract, reason="pilgrim", now=now)
        contracts[state] = contract
    return contracts
