"""Recording desk transactions with the SLA app, whose recorder is being written alongside.

Until `sla.services.transaction_record` exists this records nothing; once it does, every
desk request and inquiry is recorded in the caller's transaction.
"""

import importlib


def record_transaction(**kwargs):
    try:
        recorder = importlib.import_module("sla.services").transaction_record
    except (ImportError, AttributeError):
        return None
    return recorder(**kwargs)
