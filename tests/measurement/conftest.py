"""Fixtures of the quarterly-entry tests (test_workflow.py, test_entry_views.py): the
demo loaded once per module (tests/conftest.py ``module_demo``)."""

import pytest


@pytest.fixture
def entry_users(module_users):
    return module_users
