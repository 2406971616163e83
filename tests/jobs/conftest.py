"""Unit tests of jobs run their tasks in the calling process (Celery's eager mode), with
an in-memory broker that always answers. Only here: the real worker against the real
Redis is tests/jobs/test_worker.py."""

import pytest

from kinerja.celery import app


@pytest.fixture
def eager(settings, tmp_path):
    settings.CELERY_BROKER_URL = "memory://"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates, app.conf.broker_url)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = False
    app.conf.broker_url = "memory://"
    yield tmp_path / "media"
    app.conf.task_always_eager, app.conf.task_eager_propagates, app.conf.broker_url = saved
