"""`manage.py ledger_check`: proves the ledger's rows keep double entry and prints every
provider's season balances. Exits non-zero when a transfer does not balance, so a cron job
or a deployment step can stop on it.

PostgreSQL already refuses an unbalanced transfer at commit; this reads the rows themselves,
so it also speaks for rows written while the triggers were missing (a restore, a migration
rolled back and forward). Comparing the ledger with the gateway's own records is
ledger.reconciliation.reconcile, run against the gateway by `manage.py reconcile_gateway`
(in packages: the ledger sits below the gateway adapter).
"""

from django.core.management.base import BaseCommand, CommandError

from ledger import selectors
from ledger.models import Account


class Command(BaseCommand):
    help = "Check that every ledger transfer balances; print balances per provider and season."

    def handle(self, *args, **options):
        kinds = Account.Kind.values
        self.stdout.write("provider\tseason\tcurrency\t" + "\t".join(kinds))
        for found in selectors.season_balances():
            figures = "\t".join(str(found.balances[kind]) for kind in kinds)
            self.stdout.write(f"{found.provider_id}\t{found.season_id}\t{found.currency}\t"
                              f"{figures}")
        unbalanced = selectors.unbalanced_transfers()
        if unbalanced:
            raise CommandError(f"{len(unbalanced)} transfer(s) do not balance: "
                               + ", ".join(f"#{pk}" for pk in unbalanced))
        self.stdout.write(self.style.SUCCESS("Every transfer balances."))
