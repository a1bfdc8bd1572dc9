import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hajjportal.settings")

# Every task records its writes in the audit history under its own name (portal/audit.py).
app = Celery("hajjportal", task_cls="portal.audit:AuditedTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
