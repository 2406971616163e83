"""The NinjaAPI instance behind /api/v1/: its OpenAPI document at /api/v1/openapi.json,
the interactive page at /api/v1/docs (swagger-ui from django-ninja's own static
files: the CSP allows nothing else)."""

from ninja import NinjaAPI

from kinerja.budget.selectors import BudgetUnavailable
from kinerja.datasets.dump import PlanNotFound
from kinerja.measurement.selectors import MeasuresUnavailable
from kinerja.reports.checks import ChecksUnavailable

from . import errors, read, write
from .auth import AUTH

api = NinjaAPI(
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
