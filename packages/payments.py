"""The payment-gateway adapter: the only code that talks to the card processor.

Protocol (JSON over HTTP, the fake in devtools/fake_payment_gateway.py speaks it too):

    POST {PAYMENT_GATEWAY_URL}/v1/charges
    Idempotency-Key: hajjportal-payment-<attempt id>
    {"amount": "2000.00", "currency": "SAR", "card_token": "...", "description": "..."}
    -> 201 {"id": "ch_...", "status": "succeeded"}
    -> 402 {"id": "ch_...", "status": "declined", "reason": "Insufficient funds."}
    -> 5xx or no answer: the gateway is unavailable (the attempt can be retried)

    POST /v1/refunds   {"charge": "ch_...", "amount": "1800.00", "currency": "SAR"}
    POST /v1/payouts   {"amount": "500.00", "currency": "SAR", "destination":
                        {"type": "card", "charge": "ch_..."} | {"type": "iban", "iban": "SA..."}}
    Idempotency-Key: <the caller's key for this movement of money>
    -> 202 {"id": "re_..." | "po_...", "status": "pending", "key", "amount", "currency", ...}
    -> 200 the same operation as it is now, when the key was received before
    -> 4xx {"error": "exceeds_charge" | "unknown_charge" | "invalid_iban" | "key_reused" ...}

    GET /v1/refunds?key=K, GET /v1/payouts?key=K
    -> 200 the operation ("pending", "settled" or "failed", with a reason when failed)
    -> 404 {"error": "unknown_key"}: the gateway never received that key

    GET /v1/charges, /v1/refunds, /v1/payouts ?limit=N[&after=<id>]
    -> 200 {"charges" | "refunds" | "payouts": [...], "has_more": bool}: one page, in the
       order taken; the next page is ?after=<the last one's id>. A charge listed carries
       its "idempotency_key", "status" ("succeeded" | "declined"), "amount", "currency";
       a refund or payout is as the look-up answers it.

A repeated Idempotency-Key returns the first answer without charging again, so a retry
after a timeout never charges twice. Refunds and payouts settle later: the gateway then
POSTs a webhook signed as portal/signing.py describes, with the secrets in
PAYMENT_GATEWAY_WEBHOOK_SECRETS ({"event_id", "type": "refund.settled" | "refund.failed" |
"payout.settled" | "payout.failed", "id", "key", "amount", "currency", "occurred_at",
"reason"}).

Not every gateway deduplicates: before sending again a refund or payout whose last request
may have arrived (GatewayOutcomeUnknown, a worker lost mid-request), look its key up
(`lookup`); send again only when the answer is UNKNOWN.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

import httpx
from django.conf import settings

# The ledger's own record type: the ledger sits below packages, so it cannot ask the
# gateway itself; packages reads the gateway and hands the ledger plain records.
from ledger.reconciliation import GatewayRecord
from portal.iban import iban_clean

CENT = Decimal("0.01")
LIST_PAGE_SIZE = 100  # the protocol's largest page


class GatewayUnavailable(Exception):
    """No answer that says what happened; the request did not reach the gateway, or it
    answered that it could not take it now (429): it can be sent again."""


class GatewayOutcomeUnknown(GatewayUnavailable):
    """The request may have reached the gateway (a timeout after it left, a 5xx, an answer
    we could not read): look the key up before sending again."""


class GatewayRefused(Exception):
    """The gateway refused the request (4xx): sending it again will not change that."""

    def __init__(self, code: str, *, status: int, detail: str = ""):
        self.code = code
        self.status = status
        self.detail = detail
        super().__init__(f"{code} ({status}) {detail}".strip())


class OperationKind(StrEnum):
    REFUND = "refund"
    PAYOUT = "payout"


class OperationStatus(StrEnum):
    PENDING = "pending"
    SETTLED = "settled"
    FAILED = "failed"
    UNKNOWN = "unknown"  # the gateway never received the key


@dataclass(frozen=True)
class ChargeResult:
    succeeded: bool
    reference: str
    reason: str = ""


@dataclass(frozen=True)
class OperationResult:
    """A refund or a payout as the gateway reports it. `reference` is the gateway's id
    ("" when the status is UNKNOWN); `reason` says why a failed one failed."""

    kind: ClassVar[OperationKind]
    reference: str
    status: OperationStatus
    amount: Decimal | None = None
    currency: str = ""
    reason: str = ""

    @classmethod
    def from_answer(cls, answer: dict) -> "OperationResult":
        try:
            status = OperationStatus(answer.get("status"))
            amount = Decimal(str(answer["amount"])) if answer.get("amount") else None
        except (ValueError, ArithmeticError) as exc:
            raise GatewayOutcomeUnknown(f"unreadable {cls.kind}: {answer!r}") from exc
        return cls(reference=str(answer.get("id", "")), status=status, amount=amount,
                   currency=str(answer.get("currency", "")), reason=answer.get("reason") or "")

    @classmethod
    def unknown(cls) -> "OperationResult":
        return cls(reference="", status=OperationStatus.UNKNOWN)


@dataclass(frozen=True)
class RefundResult(OperationResult):
    kind: ClassVar[OperationKind] = OperationKind.REFUND


@dataclass(frozen=True)
class PayoutResult(OperationResult):
    kind: ClassVar[OperationKind] = OperationKind.PAYOUT


RESULTS = {OperationKind.REFUND: RefundResult, OperationKind.PAYOUT: PayoutResult}


@dataclass(frozen=True)
class PayoutDestination:
    """Where a payout goes: back to the card of a charge, or to a Saudi bank account."""

    charge_reference: str = ""
    iban: str = ""

    def __post_init__(self):
        if bool(self.charge_reference) == bool(self.iban):
            raise ValueError("a payout goes to a card or to an IBAN: exactly one of the two")

    @classmethod
    def card(cls, charge_reference: str) -> "PayoutDestination":
        return cls(charge_reference=charge_reference)

    @classmethod
    def bank_account(cls, iban: str) -> "PayoutDestination":
        """Raises django's ValidationError (translated) for an IBAN that is not a valid
        Saudi one."""
        return cls(iban=iban_clean(iban))

    def as_json(self) -> dict:
        if self.iban:
            return {"type": "iban", "iban": self.iban}
        return {"type": "card", "charge": self.charge_reference}


class PaymentGateway:
    def __init__(self, base_url: str, *, timeout: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def charge(self, *, amount: Decimal, currency: str, card_token: str, idempotency_key: str,
               description: str) -> ChargeResult:
        payload = {"amount": str(amount), "currency": currency, "card_token": card_token,
                   "description": description}
        try:
            response = httpx.post(f"{self.base_url}/v1/charges", json=payload,
                                  headers={"Idempotency-Key": idempotency_key},
                                  timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise GatewayUnavailable(str(exc)) from exc
        if response.status_code >= 500:
            raise GatewayUnavailable(f"HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise GatewayUnavailable("unreadable answer") from exc
        return ChargeResult(succeeded=body.get("status") == "succeeded",
                            reference=str(body.get("id", "")), reason=body.get("reason", ""))

    def refund(self, *, charge_reference: str, amount: Decimal, currency: str,
               idempotency_key: str) -> RefundResult:
        """Ask for `amount` of a charge back to its card. Accepted means pending: the
        settlement (or failure) comes later, by webhook or by `lookup`."""
        payload = {"charge": charge_reference, "amount": _money(amount), "currency": currency}
        return self._create(OperationKind.REFUND, payload, idempotency_key)

    def payout(self, *, amount: Decimal, currency: str, destination: PayoutDestination,
               idempotency_key: str) -> PayoutResult:
        """Pay `amount` to the card of a charge or to a bank account; pending when accepted."""
        payload = {"amount": _money(amount), "currency": currency,
                   "destination": destination.as_json()}
        return self._create(OperationKind.PAYOUT, payload, idempotency_key)

    def lookup(self, kind: OperationKind | str, idempotency_key: str) -> OperationResult:
        """The refund or payout sent with this key, as it is now; status UNKNOWN if the
        gateway never received the key. GatewayUnavailable when it cannot tell."""
        kind = OperationKind(kind)
        try:
            response = httpx.get(f"{self.base_url}/v1/{kind}s",
                                 params={"key": idempotency_key}, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise GatewayUnavailable(f"status look-up unanswered: {exc!r}") from exc
        answer = _json_object(response)
        if response.status_code == 404 and answer.get("error") == "unknown_key":
            return RESULTS[kind].unknown()
        if response.status_code == 200 and answer.get("id"):
            return RESULTS[kind].from_answer(answer)
        # Anything else (a proxy's 404, a 5xx) says nothing about the key: ask again later.
        raise GatewayUnavailable(
            f"status look-up answered {response.status_code}: {response.text[:300]}")

    def records(self, *, page_size: int = LIST_PAGE_SIZE) -> list[GatewayRecord]:
        """Every movement of money the gateway made for the portal, signed as the ledger
        signs it: + each captured charge, - each settled refund and payout, with the key it
        was sent with. Pending operations have moved nothing yet and failed ones never will
        (the portal posts a refund when it settles), so neither is a record. Raises
        GatewayUnavailable when any page cannot be read: a partial list would report
        every movement on the missing pages as absent."""
        try:
            records = [GatewayRecord(key=str(charge["idempotency_key"]),
                                     amount=Decimal(str(charge["amount"])),
                                     currency=str(charge["currency"]))
                       for charge in self._listing("charges", page_size=page_size)
                       if charge.get("status") == "succeeded"]
            for kind in OperationKind:
                records += [GatewayRecord(key=str(operation["key"]),
                                          amount=-Decimal(str(operation["amount"])),
                                          currency=str(operation["currency"]))
                            for operation in self._listing(f"{kind}s", page_size=page_size)
                            if operation.get("status") == OperationStatus.SETTLED]
        except (KeyError, TypeError, AttributeError, ArithmeticError) as exc:
            raise GatewayUnavailable(f"unreadable listing: {exc!r}") from exc
        return records

    def _listing(self, name: str, *, page_size: int) -> list[dict]:
        """All of one listing (charges, refunds, payouts), page after page."""
        items, after = [], None
        while True:
            params = {"limit": page_size, **({"after": after} if after else {})}
            try:
                response = httpx.get(f"{self.base_url}/v1/{name}", params=params,
                                     timeout=self.timeout)
            except httpx.HTTPError as exc:
                raise GatewayUnavailable(f"GET /v1/{name} unanswered: {exc!r}") from exc
            answer = _json_object(response)
            page = answer.get(name)
            if response.status_code != 200 or not isinstance(page, list):
                raise GatewayUnavailable(
                    f"GET /v1/{name} answered {response.status_code}: {response.text[:300]}")
            items += page
            if not answer.get("has_more"):
                return items
            if not page:
                # "More" after an empty page would ask for the same page for ever.
                raise GatewayUnavailable(f"GET /v1/{name}: an empty page said more follow")
            after = page[-1].get("id")

    def _create(self, kind: OperationKind, payload: dict, idempotency_key: str):
        if not idempotency_key:
            raise ValueError("a refund or payout needs an idempotency key")
        try:
            response = httpx.post(f"{self.base_url}/v1/{kind}s", json=payload,
                                  headers={"Idempotency-Key": idempotency_key},
                                  timeout=self.timeout)
        except NEVER_SENT as exc:
            raise GatewayUnavailable(f"gateway unreachable: {exc!r}") from exc
        except httpx.HTTPError as exc:
            raise GatewayOutcomeUnknown(f"no answer from the gateway: {exc!r}") from exc
        status = response.status_code
        if status == 429:
            raise GatewayUnavailable("the gateway asks to slow down (429)")
        if status >= 500:
            raise GatewayOutcomeUnknown(f"gateway answered {status}: {response.text[:300]}")
        answer = _json_object(response)
        if status >= 400:
            raise GatewayRefused(str(answer.get("error") or "refused"), status=status,
                                 detail=str(answer.get("detail") or ""))
        if not answer.get("id"):
            raise GatewayOutcomeUnknown(f"gateway answered {status} without an id")
        return RESULTS[kind].from_answer(answer)


# Failures before the request left this machine: the gateway cannot have received it.
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _money(amount: Decimal) -> str:
    amount = Decimal(amount)
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        # Rounding here would move a different sum than the caller computed.
        raise ValueError(f"an amount to move must be positive, in whole halalas: {amount}")
    return str(amount.quantize(CENT))


def _json_object(response: httpx.Response) -> dict:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def get_gateway() -> PaymentGateway:
    return PaymentGateway(settings.PAYMENT_GATEWAY_URL,
                          timeout=getattr(settings, "PAYMENT_GATEWAY_TIMEOUT", 10.0))
