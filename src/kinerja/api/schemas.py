"""Shapes shared by the endpoints. Decimal figures are strings (exact, never floats);
dates and times ISO 8601."""

from ninja import Schema


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
