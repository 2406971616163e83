"""Unit tests of jobs run their tasks in the calling process (Celery's eager mode, the
``eager`` fixture of tests/conftest.py). Only here: the real worker against the real
Redis is tests/jobs/test_worker.py."""
