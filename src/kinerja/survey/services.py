"""Changing surveys: a respondent submits the public form; a file (dataset or CSV) states a
survey's imported responses. Each rule is written once, here, for the form, the dataset
loader and the importer."""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.audit.tracking import record_created
from kinerja.org.models import Unit
from kinerja.sources.models import ServiceOrder

from . import selectors
from .choices import SCORES, Channel
from .models import Answer, Response, Survey, SurveyElement

TOKEN_UNKNOWN = _(
    "Tautan survei ini tidak dikenal. Periksa tautan dari bukti order Anda, atau isi survei "
    "tanpa tautan order."
)
TOKEN_USED = _("Order ini sudah mengisi survei.")
TOKEN_REQUIRED = _(
    "Survei unit ini hanya dapat diisi melalui tautan pada bukti order layanan Anda. Buka "
    "tautan dari bukti order (atau pindai kodenya) untuk mengisi survei."
)
ANSWER_REQUIRED = _("Pertanyaan ini wajib dijawab.")
BULK_BATCH = 2000


def ensure_survey(
    unit: Unit, year: int, service_type: str | None, elements: Iterable[str]
) -> tuple[Survey, bool]:
    """The survey of (unit, year, service type), created with ``elements`` as its order
    when it does not exist yet."""
    survey, created = Survey.objects.get_or_create(unit=unit, year=year, service_type=service_type)
    if created:
        set_elements(survey, elements)
    return survey, created


def set_elements(survey: Survey, codes: Iterable[str]) -> bool:
    """Give the survey this element order; ``True`` when it changed. Answers are stored by
    element code, so reordering never touches them."""
    codes = list(codes)
    if list(survey.elements.order_by("position").values_list("code", flat=True)) == codes:
        return False
    survey.elements.all().delete()
    SurveyElement.objects.bulk_create(
        SurveyElement(survey=survey, code=code, position=position)
        for position, code in enumerate(codes, start=1)
    )
    return True


@dataclass(frozen=True)
class ResponsesChange:
    created: int  # imported rows written
    deleted: int  # imported rows replaced
    unchanged: int  # imported rows already stored as stated
    web: int  # web responses, never touched

    @property
    def changed(self) -> bool:
        return bool(self.created or self.deleted)


def replace_offline_responses(
    survey: Survey,
    rows: Iterable[Iterable[int | None]],
    *,
    channel: str,
    rows_include_web: bool = False,
) -> ResponsesChange:
    """Make the survey's imported (or generated) responses those of ``rows``; scores in the
    survey's element order, ``None`` = not answered. Web responses are never touched.

    Nothing is written when the stored rows are already the same (as a multiset: respondents
    are anonymous, their order means nothing), so loading a file twice changes nothing.
    With ``rows_include_web`` (a dataset, whose dump lists every response) the rows equal
    to stored web responses are those web responses and are not imported a second time;
    rows are anonymous, so "equal" is all that can be compared."""
    if channel not in (Channel.IMPORT, Channel.GENERATED):
        raise ValueError(f"responses from a file are imported or generated, not {channel!r}")
    codes = list(survey.elements.order_by("position").values_list("code", flat=True))
    rows = [tuple(row) for row in rows]
    stored = selectors.stored_rows(survey, codes)
    web = Counter(row for ch, row in stored if ch == Channel.WEB)
    offline = [(ch, row) for ch, row in stored if ch != Channel.WEB]
    skip = web.copy() if rows_include_web else Counter()
    new_rows = []
    for row in rows:
        if skip[row] > 0:
            skip[row] -= 1
        else:
            new_rows.append(row)
    web_count = sum(web.values())
    if Counter(row for _, row in offline) == Counter(new_rows) and all(
        ch == channel for ch, _ in offline
    ):
        return ResponsesChange(created=0, deleted=0, unchanged=len(offline), web=web_count)
    Response.objects.filter(survey=survey).exclude(channel=Channel.WEB).delete()
    now = timezone.now()
    responses = Response.objects.bulk_create(
        [Response(survey=survey, channel=channel, submitted_at=now) for _ in new_rows],
        batch_size=BULK_BATCH,
    )
    record_created(responses)  # bulk_create sends no signals: keep the audit trail whole
    Answer.objects.bulk_create(
        (
            Answer(response=response, element=code, score=score)
            for response, row in zip(responses, new_rows, strict=True)
            for code, score in zip(codes, row, strict=True)
            if score is not None
        ),
        batch_size=BULK_BATCH,
    )
    return ResponsesChange(created=len(new_rows), deleted=len(offline), unchanged=0, web=web_count)


def check_token(unit: Unit, token: str | None) -> ServiceOrder | None:
    """The service order a survey link names, if any; an unknown token or an order that
    already answered is a ``ValidationError`` with the message to show."""
    if not token:
        return None
    order = selectors.order_for_token(unit, token)
    if order is None:
        raise ValidationError(TOKEN_UNKNOWN, code="token_unknown")
    if selectors.order_has_answered(order):
        raise ValidationError(TOKEN_USED, code="token_used")
    return order


def submit_web_response(
    unit: Unit,
    scores: Mapping[str, int | None],
    *,
    service_type: str | None = None,
    token: str | None = None,
) -> Response:
    """Record one respondent's answers from the public form, in the survey of this year
    (created on the first response). An order's token ties the response to the order, once,
    and the order decides the service type."""
    order = check_token(unit, token)
    if order is None and selectors.requires_token(unit):
        raise ValidationError(TOKEN_REQUIRED, code="token_required")
    if order is not None:
        service_type = order.service_type
    year = timezone.localdate().year
    with transaction.atomic():
        survey, _ = ensure_survey(unit, year, service_type, selectors.element_order(unit))
        codes = survey.element_codes()
        errors = {
            code: ValidationError(ANSWER_REQUIRED, code="required")
            for code in codes
            if scores.get(code) is None
        }
        errors.update(
            {
                code: ValidationError(_("Pilih salah satu dari empat jawaban."), code="invalid")
                for code in codes
                if scores.get(code) is not None and scores[code] not in SCORES
            }
        )
        if errors:
            raise ValidationError(errors)
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    survey=survey, channel=Channel.WEB, service_order=order
                )
        except IntegrityError:  # the same order, submitted twice at the same moment
            raise ValidationError(TOKEN_USED, code="token_used") from None
        Answer.objects.bulk_create(
            Answer(response=response, element=code, score=scores[code]) for code in codes
        )
    return response
