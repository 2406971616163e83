"""Shapes shared by the endpoints. Decimal figures are strings (exact, never floats);
dates and times ISO 8601."""

from typing import Annotated

from ninja import Query, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import Field


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str


class ErrorOut(Schema):
    """Every refusal: what went wrong, and where (a field, a row of a dataset)."""

    detail: str
    errors: list[ErrorItem] = []


# Every operation may answer these; documented so that clients (and the schema test)
# know their shape.
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def responses(ok, *extra) -> dict:
    return {200: ok, **ERRORS}


# Bounded numbers in paths and queries: a year or an id far outside what a database
# column holds is refused as a bad request (422), never sent to the database.
Year = Annotated[int, Field(ge=1900, le=2200)]
Quarter = Annotated[int, Field(ge=1, le=4)]
Number = Annotated[int, Field(ge=1, le=32767)]
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]


# A list whose answer keeps keys of its own (``{"unit", "kind", "rows"}``) is paged as
# the ``@paginate(LimitOffsetPagination)`` lists are: the same ``limit`` (default and
# bounds) and ``offset`` parameters, the same slicing, and ``count`` of all the rows.
Page = Query[LimitOffsetPagination.Input]


def page_of(request, rows: list, page) -> dict:
    """``{"items": the page's rows, "count": all of them}``, as the paginated lists."""
    return LimitOffsetPagination().paginate_queryset(rows, page, request)
