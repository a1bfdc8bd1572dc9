"""The ledger's two rules, held by PostgreSQL whoever writes (the ORM, raw SQL, a console).

1. Append only. A trigger refuses every UPDATE and DELETE of an account, a transfer or an
   entry: a mistake is corrected by a new transfer that reverses it, so the history of
   every riyal stays readable. (TRUNCATE is not refused: it takes the table owner's
   privilege, which the portal's connections need for the tests' flush; an UPDATE or
   DELETE is what application code could do by mistake.) The refusal is raise_exception
   (P0001), a ProgrammingError in Django. Taking a row lock (SELECT ... FOR UPDATE, how
   ledger.services serialises guarantee payments) changes nothing and passes.

2. Double entry. A constraint trigger, DEFERRABLE INITIALLY DEFERRED, checks each transfer
   at COMMIT (the entries are written after their transfer, one statement later, so no
   check can run earlier): at least two entries, each in its account's currency, summing
   to zero in each currency. It fires for every inserted entry and for every inserted
   transfer (a transfer without entries fires no entry trigger). A failure raises
   check_violation (23514), an IntegrityError in Django, which rolls the whole transaction
   back, the caller's own change included. Django's test cases run the same check when
   they tear down (SET CONSTRAINTS ALL IMMEDIATE), so every test that posts proves its
   transfers balance.

ledger.services checks the same before writing, with a translated message; these triggers
are the guarantee that nothing else can write an unbalanced or altered ledger.
"""

from django.db import migrations

APPEND_ONLY = """
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'P0001',
              HINT = 'Post a new transfer that reverses the movement instead.';
END
$$;
CREATE TRIGGER ledger_account_append_only BEFORE UPDATE OR DELETE ON ledger_account
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transfer_append_only BEFORE UPDATE OR DELETE ON ledger_transfer
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_entry;
DROP TRIGGER IF EXISTS ledger_transfer_append_only ON ledger_transfer;
DROP TRIGGER IF EXISTS ledger_account_append_only ON ledger_account;
DROP FUNCTION IF EXISTS ledger_refuse_change();
"""

BALANCED = """
CREATE FUNCTION ledger_check_transfer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    checked bigint;
    legs integer;
    off_currency text;
    off_total numeric;
BEGIN
    IF TG_TABLE_NAME = 'ledger_transfer' THEN
        checked := NEW.id;
    ELSE
        checked := NEW.transfer_id;
    END IF;
    SELECT count(*) INTO legs FROM ledger_entry WHERE transfer_id = checked;
    IF legs < 2 THEN
        RAISE EXCEPTION 'ledger transfer % has % entries: a transfer needs two or more',
            checked, legs USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
                WHERE e.transfer_id = checked AND e.currency <> a.currency) THEN
        RAISE EXCEPTION 'ledger transfer % has an entry in another currency than its account',
            checked USING ERRCODE = 'check_violation';
    END IF;
    SELECT currency, sum(amount) INTO off_currency, off_total FROM ledger_entry
     WHERE transfer_id = checked GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transfer % does not balance: its % entries sum to %',
            checked, off_currency, off_total USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT ON ledger_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_transfer();
CREATE CONSTRAINT TRIGGER ledger_transfer_balanced AFTER INSERT ON ledger_transfer
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_transfer();
"""

DROP_BALANCED = """
DROP TRIGGER IF EXISTS ledger_transfer_balanced ON ledger_transfer;
DROP TRIGGER IF EXISTS ledger_entry_balanced ON ledger_entry;
DROP FUNCTION IF EXISTS ledger_check_transfer();
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
        migrations.RunSQL(BALANCED, DROP_BALANCED),
    ]
