"""The NinjaAPI instance behind /api/v1/: its OpenAPI document at /api/v1/openapi.json,
the interactive page at /api/v1/docs (swagger-ui from django-ninja's own static
files: the CSP allows nothing else)."""

import hashlib

from django.http import HttpResponseNotModified
from django.utils.cache import parse_etags
from ninja import NinjaAPI

from kinerja.budget.selectors import BudgetUnavailable
from kinerja.datasets.dump import PlanNotFound
from kinerja.measurement.selectors import MeasuresUnavailable
from kinerja.reports.checks import ChecksUnavailable

from . import budget, errors, read, write
from .auth import AUTH


class KinerjaAPI(NinjaAPI):
    """Every successful read carries an ETag of its body; a client that sends it back
    in If-None-Match gets 304 and no body when nothing changed (polling for free)."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method == "GET" and response.status_code == 200:
            tag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = tag
            if tag in parse_etags(request.headers.get("If-None-Match", "")):
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = tag
                return not_modified
        return response


api = KinerjaAPI(
    title="kinerja API",
    version="1",
    description=(
        "Performance accountability (SAKIP) data of the units you may read. "
        "Authenticate with a personal API token (`Authorization: Bearer knj_…`), "
        "created on the web at /akun/token-api/. See docs/api.md."
    ),
    auth=AUTH,
    urls_namespace="api",
)
errors.install(api)


@api.exception_handler(MeasuresUnavailable)
@api.exception_handler(BudgetUnavailable)
@api.exception_handler(ChecksUnavailable)
@api.exception_handler(PlanNotFound)
def unavailable(request, exc):
    """The unit has nothing for that year or plan; the message names what it has."""
    return api.create_response(request, errors.body(str(exc)), status=404)


api.add_router("", read.router)
api.add_router("", write.router)
api.add_router("", budget.router)
