"""The payment-gateway adapter: the only code that talks to the card processor.

Protocol (JSON over HTTP, the fake in devtools/fake_payment_gateway.py speaks it too):

    POST {PAYMENT_GATEWAY_URL}/v1/charges
    Idempotency-Key: hajjportal-payment-<attempt id>
    {"amount": "2000.00", "currency": "SAR", "card_token": "...", "description": "..."}
    -> 201 {"id": "ch_...", "status": "succeeded"}
    -> 402 {"id": "ch_...", "status": "declined", "reason": "Insufficient funds."}
    -> 5xx or no answer: the gateway is unavailable (the attempt can be retried)

A repeated Idempotency-Key returns the first answer without charging again, so a retry
after a timeout never charges twice.
"""

from dataclasses import dataclass
from decimal import Decimal

import httpx
from django.conf import settings


class GatewayUnavailable(Exception):
    pass


@dataclass(frozen=True)
class ChargeResult:
    succeeded: bool
    reference: str
    reason: str = ""


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


def get_gateway() -> PaymentGateway:
    return PaymentGateway(settings.PAYMENT_GATEWAY_URL,
                          timeout=getattr(settings, "PAYMENT_GATEWAY_TIMEOUT", 10.0))
