"""kinerja's Celery application: background jobs (docs/jobs.md).

Configured from Django's settings (the ``CELERY_`` names in settings.py: the broker from
``KINERJA_BROKER_URL``, late acknowledgement, prefetch 1, time limits, the beat
schedule). ``kinerja worker`` runs it; ``celery -A kinerja.celery worker`` does too.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")

app = Celery("kinerja")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live in the jobs and accounts apps; listed so a worker never depends on discovery.
app.conf.imports = ("kinerja.jobs.tasks", "kinerja.accounts.tasks")
