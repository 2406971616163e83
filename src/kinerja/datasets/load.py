"""Loading a unit dataset into the database: validate everything, then upsert by codes
inside one transaction. Loading the same file twice changes nothing the second time;
loading never deletes a row the file does not mention (except the items of a draft
agreement version, whose content the file states in full)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import models, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kinerja.core.numbers import decimal_problem, format_id, to_decimal
from kinerja.core.text import text_problem
from kinerja.measurement import summaries
from kinerja.measurement.models import Realization
from kinerja.measurement.services import refresh_computed
from kinerja.org.models import Unit
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import (
    ActionPlan,
    Agreement,
    AgreementIndicator,
    AgreementVersion,
    Alignment,
    Goal,
    Indicator,
    Objective,
    PlannedActivity,
    PlanVersion,
    QuarterProgress,
    Scale,
    StrategicPlan,
    Target,
)
from kinerja.planning.scales import ScaleDef

from . import yamlio
from .errors import DatasetInvalid, Problem
from .references import dataset_scales, indicator_scale, reference_problems, version_resolver
from .schema import schema_problems
from .sections import sections
from .values import parse_target, parse_value


@dataclass
class LoadReport:
    unit: str
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def as_dict(self) -> dict:
        return {
            "unit": self.unit,
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
        }


def load_file(path: str | Path) -> LoadReport:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetInvalid(
            [
                Problem(
                    "", _("tidak dapat membaca %(path)s: %(error)s") % {"path": path, "error": exc}
                )
            ]
        ) from None
    return load_text(text)


def load_text(text: str) -> LoadReport:
    try:
        data = yamlio.parse(text)
    except yamlio.DatasetSyntaxError as exc:
        raise DatasetInvalid(
            [Problem("", _("bukan YAML yang sah: %(error)s") % {"error": exc})]
        ) from None
    return load_data(data)


def validate(data) -> list[Problem]:
    """All problems of a parsed dataset; empty when it can be loaded."""
    if not isinstance(data, dict):
        return [Problem("", _("seharusnya pemetaan (mapping) di puncak berkas"))]
    problems = schema_problems(data)
    if problems and data.get("kinerja_dataset") == 1:
        as_version_2 = {**data, "kinerja_dataset": 2}
        if not schema_problems(as_version_2) and not reference_problems(as_version_2):
            return [
                Problem(
                    "kinerja_dataset",
                    _(
                        "berkas memakai bagian format versi 2 (yang pertama: %(problem)s); tulis "
                        "kinerja_dataset: 2, atau ubah berkas dengan `kinerja upgrade BERKAS`"
                    )
                    % {"problem": problems[0]},
                )
            ]
    if problems:  # reference checks assume the shapes the schema guarantees
        return problems
    return reference_problems(data)


def load_data(data) -> LoadReport:
    problems = validate(data)
    if problems:
        raise DatasetInvalid(problems)
    with transaction.atomic():
        writer = _Writer(data)
        # the parent view's summaries: the unit-years reached, raised once at the end
        with summaries.raised_once():
            writer.write()
        if writer.problems:  # found only against stored rows (signed agreements)
            transaction.set_rollback(True)
            raise DatasetInvalid(writer.problems)
    return writer.report


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class Upserter:
    """Writes rows by natural key and counts what it did: created, updated, unchanged.
    Saving only what changed keeps a second load of the same data a no-op."""

    def __init__(self, report: LoadReport):
        self.report = report

    def upsert(self, model, lookup: dict, values: dict):
        _check_values(model, lookup, values)
        obj = model.objects.filter(**lookup).first()
        name = model._meta.model_name
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.report.created[name] += 1
            return obj
        changed = [k for k, v in values.items() if _differs(getattr(obj, k), v)]
        if changed:
            for k in changed:
                setattr(obj, k, values[k])
            obj.save(update_fields=[*changed, *_auto_fields(model)])
            self.report.updated[name] += 1
        else:
            self.report.unchanged[name] += 1
        return obj


class _Writer(Upserter):
    def __init__(self, data: dict):
        super().__init__(LoadReport(unit=data["unit"]["code"]))
        self.data = data
        self.problems: list[Problem] = []
        self.units: dict[str, Unit] = {}
        self.plans: dict[str, StrategicPlan] = {}
        self.indicators: dict[tuple[str, int], dict[str, Indicator]] = {}
        self.scales = dataset_scales(data)
        self.indicator_scales: dict[int, ScaleDef | None] = {}  # by Indicator pk

    def write(self) -> None:
        for unit in [*self.data.get("units", []), self.data["unit"]]:
            self.units[unit["code"]] = self.upsert(
                Unit,
                {"code": unit["code"]},
                {
                    "name": unit["name"],
                    "short_name": unit.get("short_name") or "",
                    "kind": unit["kind"],
                    "vocabulary": unit.get("vocabulary") or {},
                    "parent": self.unit_by_code(unit["parent"]) if unit.get("parent") else None,
                },
            )
        self.unit = self.units[self.data["unit"]["code"]]
        self._write_scales()
        for plan in self.data.get("plans", []):
            self._write_plan(plan)
        for agreement in self.data.get("agreements", []):
            self._write_agreement(agreement)
        self.resolve = version_resolver(self.data)
        for action_plan in self.data.get("action_plans", []):
            self._write_action_plan(action_plan)
        for row in self.data.get("realizations", []):
            self._write_realization(row)

        for section in sections():
            if section.key in self.data and section.write:
                section.write(self.data[section.key], self)
        # Realizations that follow from records are recomputed from what was just loaded.
        self.report.updated["computed realization"] += refresh_computed(self.unit)

    def _write_scales(self) -> None:
        """The file's scales (the unit's own) and the shipped scales its indicators name,
        as ``Scale`` rows. A scale in use keeps the score of each of its levels: the
        stored targets and realizations are those scores."""
        named = {
            ind["scale"]
            for plan in self.data.get("plans", [])
            for version in plan["versions"]
            for owner in [*version.get("goals", []), *version.get("objectives", [])]
            for ind in owner.get("indicators", [])
            if ind.get("scale")
        }
        own = {s["code"] for s in self.data.get("scales", [])}
        stored_own = {s.code for s in Scale.objects.filter(unit=self.unit)}
        self.scale_rows: dict[str, Scale] = {}
        for s, data in enumerate(self.data.get("scales", [])):
            self._write_scale(self.unit, self.scales[data["code"]], f"scales[{s}]")
        for code in sorted(named - own - stored_own):
            self._write_scale(None, self.scales[code], "scales")
        for code in sorted(named & stored_own - own):
            self.scale_rows[code] = Scale.objects.get(unit=self.unit, code=code)

    def _write_scale(self, unit, definition: ScaleDef, where: str) -> None:
        stored = Scale.objects.filter(unit=unit, code=definition.code).first()
        if stored is not None:
            before = {level.code: level.score for level in stored.definition.levels}
            after = {level.code: level.score for level in definition.levels}
            lost = [code for code, score in before.items() if after.get(code) != score]
            if lost and _scale_in_use(stored):
                self.problems.append(
                    Problem(
                        where,
                        _(
                            "skala %(scale)s sedang dipakai; tingkat %(levels)s harus tetap "
                            "memiliki skornya (target dan realisasi menyimpan skor itu)"
                        )
                        % {"scale": definition.code, "levels": ", ".join(lost)},
                    )
                )
        self.scale_rows[definition.code] = self.upsert(
            Scale,
            {"unit": unit, "code": definition.code},
            {
                "name": definition.name,
                "best_first": definition.best_first,
                "levels": Scale.stored_levels(definition),
                "note": definition.note,
            },
        )

    def scale_of(self, indicator: Indicator) -> ScaleDef | None:
        """The scale of an indicator written by this load (None: a numeric one)."""
        return self.indicator_scales.get(indicator.pk)

    def indicator(self, code: str, year: int) -> Indicator:
        """The indicator a code means in a year (checked to exist before writing)."""
        return self.indicators[self.resolve(year)][code]

    def _write_realization(self, row: dict) -> None:
        indicator = self.indicator(row["indicator"], row["year"])
        lookup = {"indicator": indicator, "year": row["year"], "period": row["period"]}
        scale = self.scale_of(indicator)
        values = {
            "value": parse_value(row["value"], scale),
            "as_reported": parse_value(row.get("as_reported"), scale),
            "reference_target": parse_value(row.get("target"), scale),
            "note": row.get("note") or "",
            "evidence": row.get("evidence") or "",
        }
        computed = Realization.objects.filter(**lookup, provenance__isnull=False).exists()
        if computed:  # the records decide this value (refresh_computed below), not the file
            del values["value"]
        self.upsert(Realization, lookup, values)

    def unit_by_code(self, code: str) -> Unit:
        if code not in self.units:
            self.units[code] = Unit.objects.get(code=code)
        return self.units[code]

    def _write_plan(self, plan: dict) -> None:
        obj = self.upsert(
            StrategicPlan,
            {"unit": self.unit, "code": plan["code"]},
            {
                "name": plan["name"],
                "start_year": plan["start_year"],
                "end_year": plan["end_year"],
                "lower_is_better_formula": plan.get("lower_is_better_formula", "two_minus_ratio"),
                "achievement_cap": to_decimal(plan.get("achievement_cap")),
            },
        )
        self.plans[plan["code"]] = obj
        in_force = next(v["number"] for v in plan["versions"] if v["in_force"])
        # Clear the flag elsewhere first so the one-in-force constraint holds at every step.
        # One save per row (there is at most one) so the audit trail sees the change.
        for version in obj.versions.exclude(number=in_force).filter(in_force=True):
            version.in_force = False
            version.save(update_fields=["in_force", "updated_at"])
        for version in plan["versions"]:
            self._write_plan_version(obj, version)

    def _write_plan_version(self, plan: StrategicPlan, version: dict) -> None:
        obj = self.upsert(
            PlanVersion,
            {"plan": plan, "number": version["number"]},
            {
                "title": version.get("title") or "",
                "legal_basis": version.get("legal_basis") or "",
                "adopted_on": _date(version.get("adopted_on")),
                "in_force": version["in_force"],
                "reason": version.get("reason") or "",
                "content": version.get("content", "recorded"),
            },
        )
        indicators = self.indicators.setdefault((plan.code, version["number"]), {})
        goals = {}
        position = 0
        for g, goal in enumerate(version.get("goals", [])):
            goals[goal["code"]] = self.upsert(
                Goal, {"version": obj, "code": goal["code"]}, {"name": goal["name"], "position": g}
            )
            for ind in goal.get("indicators", []):
                position += 1
                indicators[ind["code"]] = self._write_indicator(
                    obj, ind, position, goal=goals[goal["code"]]
                )
        for o, objective in enumerate(version.get("objectives", [])):
            objective_obj = self.upsert(
                Objective,
                {"version": obj, "code": objective["code"]},
                {
                    "goal": goals[objective["goal"]] if objective.get("goal") else None,
                    "name": objective["name"],
                    "perspective": objective.get("perspective") or "",
                    "position": o,
                },
            )
            self._write_alignments(objective_obj, objective.get("aligns_to", []))
            for ind in objective.get("indicators", []):
                position += 1
                indicators[ind["code"]] = self._write_indicator(
                    obj, ind, position, objective=objective_obj
                )

    def _write_indicator(self, version, ind, position, goal=None, objective=None) -> Indicator:
        obj = self.upsert(
            Indicator,
            {"version": version, "code": ind["code"]},
            {
                "goal": goal,
                "objective": objective,
                "name": ind["name"],
                "definition": ind.get("definition") or "",
                "calculation": ind.get("calculation") or "",
                "data_source": ind.get("data_source") or "",
                "unit_label": ind["unit"],
                "upper_bound": to_decimal(ind.get("upper_bound")),
                "polarity": ind.get("polarity", "higher_is_better"),
                "aggregation": ind.get("aggregation", "last"),
                "frequency": ind.get("frequency", "quarterly"),
                "method": ind.get("method", "manual"),
                "method_params": ind.get("source") or {},
                "scale": self.scale_rows[ind["scale"]] if ind.get("scale") else None,
                "position": position,
            },
        )
        self._write_alignments(obj, ind.get("aligns_to", []))
        scale = indicator_scale(ind, self.scales)
        self.indicator_scales[obj.pk] = scale
        for year, target in ind.get("targets", {}).items():
            value, max_value, kind = parse_target(target, scale)
            self.upsert(
                Target,
                {"indicator": obj, "year": int(year)},
                {"value": value, "max_value": max_value, "kind": kind},
            )
        return obj

    def _write_alignments(self, owner, refs: list[dict]) -> None:
        owner_field = "objective" if isinstance(owner, Objective) else "indicator"
        wanted = [(self.unit_by_code(r["unit"]).pk, r.get("code") or "", r["name"]) for r in refs]
        stored = list(Alignment.objects.filter(**{owner_field: owner}).order_by("position"))
        if [(a.unit_id, a.code, a.name) for a in stored] == wanted:
            self.report.unchanged["alignment"] += len(stored)
            return
        Alignment.objects.filter(**{owner_field: owner}).delete()
        for position, (unit_id, code, name) in enumerate(wanted):
            Alignment.objects.create(
                **{owner_field: owner}, unit_id=unit_id, code=code, name=name, position=position
            )
        # The list of an owner is one value: created when it was empty, else updated.
        (self.report.updated if stored else self.report.created)["alignment"] += len(wanted)

    def _write_agreement(self, agreement: dict) -> None:
        plan = self.plans[agreement["plan"]]
        key = (plan.code, agreement["plan_version"])
        plan_version = plan.versions.get(number=agreement["plan_version"])
        obj = self.upsert(
            Agreement,
            {"unit": self.unit, "year": agreement["year"]},
            {"plan_version": plan_version},
        )
        for v, version in enumerate(agreement["versions"]):
            where = f"agreements[{self.data['agreements'].index(agreement)}].versions[{v}]"
            self._write_agreement_version(obj, version, self.indicators[key], where)

    def _write_agreement_version(self, agreement, version, indicators, where) -> None:
        values = {
            "status": version["status"],
            "signed_on": _date(version.get("signed_on")),
            "signatory": version.get("signatory") or "",
            "superior": version.get("superior") or "",
            "signed_place": version.get("signed_place") or "",
            "signatory_nip": version.get("signatory_nip") or "",
            "superior_nip": version.get("superior_nip") or "",
            "reason": version.get("reason") or "",
        }
        items = [
            (
                indicators[item["code"]],
                *parse_target(item["target"], self.scale_of(indicators[item["code"]])),
            )
            for item in version["indicators"]
        ]
        stored = AgreementVersion.objects.filter(
            agreement=agreement, number=version["number"]
        ).first()
        if stored is not None and stored.status == AgreementStatus.SIGNED:
            same = all(not _differs(getattr(stored, k), v) for k, v in values.items()) and [
                (i.indicator_id, i.target, i.target_max, i.target_kind)
                for i in stored.items.order_by("position")
            ] == [(ind.pk, t, tm, kind) for ind, t, tm, kind in items]
            if same:
                self.report.unchanged["agreementversion"] += 1
                return
            self.problems.append(
                Problem(
                    where,
                    _(
                        "versi %(number)s perjanjian kinerja %(year)s sudah ditandatangani dan "
                        "tidak dapat berubah; tambahkan versi baru dengan alasan revisinya"
                    )
                    % {"number": stored.number, "year": agreement.year},
                )
            )
            return
        obj = self.upsert(
            AgreementVersion, {"agreement": agreement, "number": version["number"]}, values
        )
        obj.items.exclude(indicator__in=[ind for ind, *_ in items]).delete()
        for position, (indicator, target, target_max, kind) in enumerate(items):
            self.upsert(
                AgreementIndicator,
                {"version": obj, "indicator": indicator},
                {
                    "target": target,
                    "target_max": target_max,
                    "target_kind": kind,
                    "position": position,
                },
            )

    def _write_action_plan(self, action_plan: dict) -> None:
        indicator = self.indicator(action_plan["indicator"], action_plan["year"])
        obj = self.upsert(ActionPlan, {"indicator": indicator, "year": action_plan["year"]}, {})
        for activity in action_plan.get("activities", []):
            self.upsert(
                PlannedActivity,
                {"action_plan": obj, "code": activity["code"]},
                {
                    "quarter": activity["quarter"],
                    "milestone_pct": to_decimal(activity.get("milestone_pct")),
                    "description": activity["description"],
                },
            )
        for row in action_plan.get("progress", []):
            self.upsert(
                QuarterProgress,
                {"action_plan": obj, "quarter": row["quarter"]},
                {
                    "target_pct": to_decimal(row["target_pct"]),
                    "realized_pct": to_decimal(row.get("realized_pct")),
                },
            )


def _check_values(model, lookup: dict, values: dict) -> None:
    """Refuse a number its column cannot hold (1e30 in a measure column of 18 digits
    before the point), or a text longer than a narrative may be (``core.text``: a 1 MB
    foreword) or than its column, with the row's place, instead of the database
    driver's error; every import writes through ``Upserter.upsert``."""
    problems = []
    for name, value in values.items():
        field = model._meta.get_field(name)
        if value is None:
            continue
        if isinstance(field, models.DecimalField):
            problem = _too_large(value, field)
        elif isinstance(field, models.TextField):
            problem = text_problem(value)
        elif isinstance(field, models.CharField) and field.max_length:
            problem = text_problem(value, field.max_length)
        else:
            continue
        if problem:
            where = ", ".join(f"{key} {_shown(val)}" for key, val in lookup.items())
            problems.append(Problem(f"{model._meta.model_name} ({where}), {name}", problem))
    if problems:
        raise DatasetInvalid(problems)


def _too_large(value, field: models.DecimalField) -> str | None:
    """``core.numbers.decimal_problem`` in the user's language."""
    if decimal_problem(value, field.max_digits, field.decimal_places) is None:
        return None
    whole = field.max_digits - field.decimal_places
    return _(
        "%(value)s terlalu besar: paling banyak %(digits)s digit sebelum tanda desimal "
        "(kurang dari %(limit)s)"
    ) % {"value": value, "digits": whole, "limit": _grouped(Decimal(10) ** whole)}


def _grouped(number: Decimal) -> str:
    """1.000.000 in Indonesian, 1,000,000 in English."""
    return f"{number:,.0f}" if get_language() == "en" else format_id(number)


def _shown(value) -> str:
    return str(getattr(value, "code", value)) if isinstance(value, models.Model) else str(value)


def _scale_in_use(scale: Scale) -> bool:
    indicators = scale.indicators.all()
    return (
        Target.objects.filter(indicator__in=indicators).exists()
        or AgreementIndicator.objects.filter(indicator__in=indicators).exists()
        or Realization.objects.filter(indicator__in=indicators).exists()
    )


def _differs(stored, new) -> bool:
    if hasattr(stored, "pk") or hasattr(new, "pk"):
        return getattr(stored, "pk", stored) != getattr(new, "pk", new)
    return stored != new


def _auto_fields(model) -> list[str]:
    return [f.name for f in model._meta.fields if getattr(f, "auto_now", False)]
