"""`manage.py reconcile_gateway`: proves the ledger's balances equal the payment gateway's
records. Reads every captured charge, settled refund and settled payout from the gateway
(packages.payments.PaymentGateway.records, page by page), compares them with the ledger's
movements across the gateway account by idempotency key (ledger.reconciliation.reconcile),
prints each difference and a summary line. Exits non-zero when anything differs or the
gateway cannot be read, so a cron job or a deployment step can stop on it.

It lives in packages, not beside ledger_check, because the ledger sits below packages (the
layers in pyproject's [tool.importlinter]): the ledger cannot import the gateway adapter, so
packages reads the gateway and gives the ledger plain GatewayRecords.

A difference is not always a fault: a compensation payout still pending at the gateway is
in the ledger already (posted when the claim is paid) and agrees once it settles; a payout
the gateway failed stays a difference until staff send it again.
"""

from django.core.management.base import BaseCommand, CommandError

from ledger.reconciliation import reconcile
from packages.payments import LIST_PAGE_SIZE, GatewayUnavailable, get_gateway


def _figure(amount) -> str:
    return "-" if amount is None else str(amount)  # "-": that side has no such movement


class Command(BaseCommand):
    help = ("Compare the ledger with the payment gateway's charges, refunds and payouts; "
            "print each difference; exit non-zero if any.")

    def add_arguments(self, parser):
        parser.add_argument("--page-size", type=int, default=LIST_PAGE_SIZE,
                            help="records asked of the gateway per request")

    def handle(self, *args, page_size, **options):
        gateway = get_gateway()
        try:
            records = gateway.records(page_size=page_size)
        except GatewayUnavailable as exc:
            raise CommandError(f"The payment gateway at {gateway.base_url} could not be read, "
                               f"nothing was compared: {exc}") from exc
        differences = reconcile(records)
        if differences:
            self.stdout.write("key\tcurrency\tledger\tgateway")
        for found in differences:
            self.stdout.write(f"{found.key}\t{found.currency}\t{_figure(found.ledger)}\t"
                              f"{_figure(found.gateway)}")
        summary = (f"{len(differences)} difference{'' if len(differences) == 1 else 's'} "
                   f"between the ledger and the gateway's {len(records)} records.")
        if differences:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
