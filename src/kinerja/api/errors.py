"""One error body for every refusal: ``{"detail": …, "errors": [{"loc": […], "msg": …}]}``
(docs/api.md). Services raise what they raise for the web (ValidationError with field
messages, PermissionDenied, Http404, DatasetInvalid with located problems); the API
turns each into its status and this body, so a client reads the same located messages
as a page or the loader shows."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from kinerja.datasets.errors import DatasetInvalid
from kinerja.measurement.workflow import EntryConflict


class ApiError(Exception):
    """A refusal of the API's own (a read-only token's write, a rate limit)."""

    def __init__(self, status: int, detail: str, errors: list | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []


def body(detail: str, errors: list | None = None) -> dict:
    return {"detail": str(detail), "errors": errors or []}


def _loc(path: str) -> list:
    """``objectives[2].indicators[0]`` → ``["objectives", 2, "indicators", 0]``."""
    out: list = []
    for part in path.replace("[", ".[").split("."):
        if not part:
            continue
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            out.append(int(part[1:-1]))
        else:
            out.append(part)
    return out


def validation_items(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"loc": [] if field == "__all__" else [field], "msg": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"loc": [], "msg": str(message)} for message in exc.messages]


def nul_problems(value, loc: list) -> list:
    """A NUL character anywhere in the request's text (keys included): no database column
    holds one (PostgreSQL refuses it), so it is refused here, located, as a form would."""
    if isinstance(value, str):
        if "\x00" in value:
            return [{"loc": loc, "msg": str(ProhibitNullCharactersValidator.message)}]
        return []
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            out += nul_problems(key, [*loc, key]) + nul_problems(item, [*loc, key])
        return out
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in nul_problems(item, [*loc, index])]
    return []


def refuse(problems: list) -> None:
    """Raise the 400 of ``problems`` (``{"loc", "msg"}`` items), if there are any."""
    if problems:
        detail = problems[0]["msg"] if len(problems) == 1 else _("Data ditolak.")
        raise ApiError(400, detail, problems)


def seen_version(request, seen: str | None) -> str | None:
    """The version a write says its client read: the body's ``seen``, else the If-Match
    header's (``"VERSION"``, ``W/"VERSION"`` or bare; ``*`` names none). One rule for
    every write that checks versions (entries, budget lines, PNBP), so a stale one is
    the same 409 whichever way it came."""
    if seen is not None:
        return seen
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    return header.removeprefix("W/").strip('"')


def install(api) -> None:
    """Register the handlers on the NinjaAPI ``api``."""

    @api.exception_handler(NinjaValidationError)
    def request_invalid(request, exc):
        errors = [
            {
                "loc": [str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
                "msg": str(e.get("msg", "")),
            }
            for e in exc.errors
        ]
        return api.create_response(request, body(_("Permintaan tidak valid."), errors), status=422)

    @api.exception_handler(EntryConflict)
    def conflict(request, exc):
        return api.create_response(
            request, body(_("Data telah diubah orang lain."), validation_items(exc)), status=409
        )

    @api.exception_handler(DjangoValidationError)
    def refused(request, exc):
        items = validation_items(exc)
        detail = items[0]["msg"] if len(items) == 1 else _("Data ditolak.")
        return api.create_response(request, body(detail, items), status=400)

    @api.exception_handler(DatasetInvalid)
    def dataset_invalid(request, exc):
        items = [{"loc": _loc(p.path), "msg": p.message} for p in exc.problems]
        detail = _("%(n)s masalah; tidak ada yang dimuat.") % {"n": len(items)}
        return api.create_response(request, body(detail, items), status=400)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, body(_("Anda tidak berhak melakukannya.")), status=403)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, body(_("Tidak ditemukan.")), status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request,
            body(_("Perlu token API yang berlaku (atau sesi masuk).")),
            status=401,
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return api.create_response(request, body(str(exc)), status=exc.status_code)

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        response = api.create_response(request, body(exc.detail, exc.errors), status=exc.status)
        if exc.status == 429:
            response["Retry-After"] = "60"
        return response
