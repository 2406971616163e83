"""The whole API against its own OpenAPI document (schemathesis): generated requests,
a few per operation, never a server error, and every response as documented. Bounded:
few examples per operation, no shrinking of long runs, so the module stays well under
a minute."""

import itertools

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from kinerja.api.api import api
from kinerja.api.tokens import create_token


@pytest.fixture
def admin_headers(users):
    _token, secret = create_token(users["admin"], name="schema", scope="write", days=1)
    return {"Authorization": f"Bearer {secret}"}


# The document as the API serves it (/api/v1/openapi.json), requests sent to the WSGI
# application in this process, so they see the test's database.
_turns = itertools.count()


@pytest.fixture
def keep_connection():
    """Requests go straight to the WSGI application, not through Django's test client,
    which is what keeps a request's end from closing the test's database connection
    (PostgreSQL): do as the client does."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()


@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_answers_as_documented(case, admin_headers, evidence_root, keep_connection):
    # Requests name the demo's unit, and every other one its year, so that real data is
    # read and its responses checked against the schema (random codes are mostly a 404);
    # the others keep the generated year, to probe the bounds.
    params = case.path_parameters or {}
    if "code" in params:
        params["code"] = "bspji-palembang"
    if "year" in params and next(_turns) % 2:
        params["year"] = 2023
        if "line_id" in params:  # a real line of that year's DIPA, to write to
            from kinerja.budget.models import Line

            line = Line.objects.filter(budget__unit__code="bspji-palembang", budget__year=2023)
            params["line_id"] = line.order_by("-position").values_list("pk", flat=True).first()
    case.call_and_validate(
        headers=admin_headers, checks=[not_a_server_error, response_schema_conformance]
    )
