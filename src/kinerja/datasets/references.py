"""Checks the schema cannot express: codes that must exist, be unique or agree.

Works on the parsed dataset (after the schema passed) plus the units already in the
database, and returns every problem at once so a planner can fix the file in one go.
"""

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from kinerja.org.models import Unit
from kinerja.planning.choices import FREQUENCY_PERIODS
from kinerja.planning.scales import BUILTIN, ScaleDef, from_data

from .errors import Problem
from .sections import CheckContext, duplicates, sections
from .values import NOT_STATED, target_problems, value_problems


def dataset_scales(data: dict) -> dict[str, ScaleDef]:
    """The scales a file's indicators may name: kinerja's own, the unit's stored ones,
    then the file's (a file states its scales in full)."""
    from kinerja.planning.models import Scale

    out = dict(BUILTIN)
    for stored in Scale.objects.filter(unit__code=data["unit"]["code"]):
        out[stored.code] = stored.definition
    for scale in data.get("scales", []):
        try:
            out[scale["code"]] = from_data(scale)
        except ValueError:  # reported by _check_scales
            continue
    return out


def _check_scales(data: dict, problems: list[Problem]) -> None:
    """Each scale of the file: unique codes, levels unique and in order of their scores."""
    for code in duplicates([s["code"] for s in data.get("scales", [])]):
        problems.append(
            Problem("scales", _('skala "%(code)s" tercantum dua kali') % {"code": code})
        )
    for s, scale in enumerate(data.get("scales", [])):
        where = f"scales[{s}]"
        if scale["code"] in BUILTIN:
            problems.append(
                Problem(
                    f"{where}.code",
                    _(
                        '"%(code)s" adalah skala bawaan kinerja; sebut skala indikator dengan '
                        "kode itu dan hapus dari scales, atau beri skala ini kode lain"
                    )
                    % {"code": scale["code"]},
                )
            )
        codes = [str(x["code"] if isinstance(x, dict) else x) for x in scale["levels"]]
        for code in duplicates(codes):
            problems.append(
                Problem(
                    f"{where}.levels", _('tingkat "%(code)s" tercantum dua kali') % {"code": code}
                )
            )
        if NOT_STATED in codes:
            problems.append(
                Problem(
                    f"{where}.levels",
                    _('"%(code)s" dicadangkan untuk target yang tidak dinyatakan')
                    % {"code": NOT_STATED},
                )
            )
        try:
            from_data(scale)
        except ValueError:
            problems.append(
                Problem(
                    f"{where}.levels",
                    _(
                        "skor harus naik dari tingkat terburuk ke terbaik (tingkat dicantumkan "
                        "%(order)s)"
                    )
                    % {
                        "order": _("mulai dari yang terburuk")
                        if scale.get("order") == "worst_first"
                        else _("mulai dari yang terbaik")
                    },
                )
            )


def _check_indicator_scale(ind, where, scales, problems) -> None:
    """An indicator on a scale names a known scale, keeps its last reading of the year
    and is typed in (no polarity of its own, no computed method)."""
    if not ind.get("scale"):
        return
    if ind["scale"] not in scales:
        problems.append(
            Problem(
                f"{where}.scale",
                _('skala "%(code)s" tidak dikenal; skala yang ada: %(scales)s')
                % {"code": ind["scale"], "scales": _listing(scales)},
            )
        )
        return
    if ind.get("polarity", "higher_is_better") != "higher_is_better":
        problems.append(
            Problem(
                f"{where}.polarity",
                _(
                    "indikator pada skala tidak memakai polarity: urutan tingkatnya menyatakan "
                    "mana yang lebih baik"
                ),
            )
        )
    if ind.get("aggregation", "last") != "last":
        problems.append(
            Problem(
                f"{where}.aggregation",
                _(
                    "indikator pada skala memakai tingkat terakhir yang dilaporkan "
                    "(aggregation: last); tingkat tidak dapat dijumlah atau dirata-rata"
                ),
            )
        )
    if ind.get("method", "manual") != "manual":
        problems.append(Problem(f"{where}.method", _("indikator pada skala diisi tangan (manual)")))


def indicator_scale(ind: dict, scales: dict[str, ScaleDef]) -> ScaleDef | None:
    """The scale of an indicator as written in the file (None: numeric, or unknown)."""
    return scales.get(ind["scale"]) if ind.get("scale") else None


def _unknown_scale(ind: dict, scales: dict[str, ScaleDef]) -> bool:
    """The indicator names a scale that does not exist (reported once, at the indicator;
    its values are then not checked against a guess)."""
    return bool(ind.get("scale")) and ind["scale"] not in scales


def reference_problems(data: dict) -> list[Problem]:
    problems: list[Problem] = []
    unit_codes = _check_units(data, problems)
    _check_scales(data, problems)
    plans = _check_plans(data, unit_codes, problems)
    versions_by_year = _check_agreements(data, plans, problems)
    _check_year_rows(data, plans, versions_by_year, problems)

    def indicator_codes(year: int) -> frozenset[str]:
        version = _resolve(plans, versions_by_year, year)
        return frozenset(version.indicators) if version else frozenset()

    context = CheckContext(data, frozenset(unit_codes), indicator_codes)
    for section in sections():
        if section.check and (section.key in data or section.check_always):
            problems.extend(section.check(data.get(section.key), context))
    return problems


def _check_units(data: dict, problems: list[Problem]) -> set[str]:
    listed = [*data.get("units", []), data["unit"]]
    known = set(Unit.objects.values_list("code", flat=True))
    seen: set[str] = set()
    for i, unit in enumerate(listed):
        where = "unit" if i == len(listed) - 1 else f"units[{i}]"
        if unit["code"] in seen:
            problems.append(
                Problem(
                    f"{where}.code",
                    _('unit "%(code)s" tercantum dua kali') % {"code": unit["code"]},
                )
            )
        parent = unit.get("parent")
        if parent and parent not in seen and parent not in known:
            problems.append(
                Problem(
                    f"{where}.parent",
                    _(
                        'unit "%(code)s" tidak dikenal: cantumkan di units (sebelum unit ini) '
                        "atau muat unit itu lebih dahulu"
                    )
                    % {"code": parent},
                )
            )
        if parent == unit["code"]:
            problems.append(
                Problem(f"{where}.parent", _("unit tidak dapat menjadi induk dirinya sendiri"))
            )
        seen.add(unit["code"])
    return seen | known


class _Version:
    """What later sections need to know about one recorded plan version."""

    def __init__(self, plan: dict, version: dict):
        self.plan = plan
        self.version = version
        self.key = (plan["code"], version["number"])
        self.indicators: dict[str, dict] = {}
        for goal in version.get("goals", []):
            for ind in goal.get("indicators", []):
                self.indicators[ind["code"]] = ind
        for objective in version.get("objectives", []):
            for ind in objective.get("indicators", []):
                self.indicators[ind["code"]] = ind


def _check_plans(data, unit_codes, problems) -> dict[str, dict[int, _Version]]:
    plans: dict[str, dict[int, _Version]] = {}
    scales = dataset_scales(data)
    for code in duplicates([p["code"] for p in data.get("plans", [])]):
        problems.append(
            Problem("plans", _('rencana "%(code)s" tercantum dua kali') % {"code": code})
        )
    for p, plan in enumerate(data.get("plans", [])):
        where = f"plans[{p}]"
        if plan["end_year"] < plan["start_year"]:
            problems.append(Problem(f"{where}.end_year", _("lebih awal dari start_year")))
        numbers = [v["number"] for v in plan["versions"]]
        for number in duplicates(numbers):
            problems.append(
                Problem(
                    f"{where}.versions",
                    _("versi %(number)s tercantum dua kali") % {"number": number},
                )
            )
        in_force = [v["number"] for v in plan["versions"] if v["in_force"]]
        if len(in_force) != 1:
            problems.append(
                Problem(
                    f"{where}.versions",
                    _("tepat satu versi harus in_force, ditemukan %(count)s")
                    % {"count": len(in_force)},
                )
            )
        plans[plan["code"]] = {}
        for v, version in enumerate(plan["versions"]):
            vwhere = f"{where}.versions[{v}]"
            if version.get("content", "recorded") == "reference_only":
                if version.get("goals") or version.get("objectives"):
                    problems.append(
                        Problem(
                            vwhere, _("versi reference_only tidak memiliki goals atau objectives")
                        )
                    )
                continue
            _check_version(plan, version, vwhere, unit_codes, scales, problems)
            plans[plan["code"]][version["number"]] = _Version(plan, version)
    return plans


def _check_version(plan, version, where, unit_codes, scales, problems) -> None:
    goals = version.get("goals", [])
    objectives = version.get("objectives", [])
    goal_codes = {g["code"] for g in goals}
    for code in duplicates([g["code"] for g in goals]):
        problems.append(
            Problem(f"{where}.goals", _('tujuan "%(code)s" tercantum dua kali') % {"code": code})
        )
    for code in duplicates([o["code"] for o in objectives]):
        problems.append(
            Problem(
                f"{where}.objectives", _('sasaran "%(code)s" tercantum dua kali') % {"code": code}
            )
        )
    all_codes = []
    for g, goal in enumerate(goals):
        for i, ind in enumerate(goal.get("indicators", [])):
            all_codes.append(ind["code"])
            iwhere = f"{where}.goals[{g}].indicators[{i}]"
            _check_indicator(plan, ind, iwhere, unit_codes, scales, problems)
    for o, objective in enumerate(objectives):
        owhere = f"{where}.objectives[{o}]"
        if objective.get("goal") and objective["goal"] not in goal_codes:
            problems.append(
                Problem(
                    f"{owhere}.goal",
                    _('tujuan "%(code)s" tidak dikenal; tujuan versi ini: %(codes)s')
                    % {"code": objective["goal"], "codes": _listing(goal_codes)},
                )
            )
        _check_alignments(objective, owhere, unit_codes, problems)
        for i, ind in enumerate(objective.get("indicators", [])):
            all_codes.append(ind["code"])
            iwhere = f"{owhere}.indicators[{i}]"
            _check_indicator(plan, ind, iwhere, unit_codes, scales, problems)
    for code in duplicates(all_codes):
        problems.append(
            Problem(where, _('indikator "%(code)s" muncul lebih dari sekali') % {"code": code})
        )


def _check_indicator(plan, ind, where, unit_codes, scales, problems) -> None:
    _check_alignments(ind, where, unit_codes, problems)
    _check_method(ind, where, problems)
    is_range = ind.get("polarity") == "range"
    _check_indicator_scale(ind, where, scales, problems)
    unknown = _unknown_scale(ind, scales)
    scale = indicator_scale(ind, scales)
    for year, target in ind.get("targets", {}).items():
        twhere = f"{where}.targets.{year}"
        if not plan["start_year"] <= int(year) <= plan["end_year"]:
            problems.append(
                Problem(
                    twhere,
                    _("%(year)s di luar periode rencana %(start)s-%(end)s")
                    % {"year": year, "start": plan["start_year"], "end": plan["end_year"]},
                )
            )
        if not unknown:
            problems.extend(target_problems(target, is_range=is_range, scale=scale, where=twhere))


def _check_method(ind, where, problems) -> None:
    """A computed method needs a `source` of the shape its definition gives."""
    from kinerja.measurement.methods import PARAMS

    method = ind.get("method", "manual")
    if method == "manual":
        if ind.get("source"):
            problems.append(
                Problem(f"{where}.source", _("indikator manual tidak membaca catatan apa pun"))
            )
        return
    if "source" not in ind:
        problems.append(
            Problem(where, _("method %(method)s memerlukan source") % {"method": method})
        )
        return
    validator = Draft202012Validator(PARAMS[method])
    if not validator.is_valid(ind["source"]):
        schema = PARAMS[method]
        options = schema.get("oneOf", [schema])
        shapes = "; ".join(
            ", ".join(
                f"{k}: {v.get('const') or '|'.join(v.get('enum', [])) or '…'}"
                for k, v in o["properties"].items()
                if k in o["required"]
            )
            for o in options
        )
        problems.append(
            Problem(
                f"{where}.source",
                _("untuk method %(method)s seharusnya {%(shapes)s}")
                % {"method": method, "shapes": shapes},
            )
        )


def _check_alignments(item, where, unit_codes, problems) -> None:
    for a, ref in enumerate(item.get("aligns_to", [])):
        if ref["unit"] not in unit_codes:
            problems.append(
                Problem(
                    f"{where}.aligns_to[{a}].unit",
                    _('unit "%(code)s" tidak dikenal') % {"code": ref["unit"]},
                )
            )


def _listing(codes) -> str:
    return ", ".join(sorted(codes)) if codes else _("tidak ada")


def _check_agreements(data, plans, problems) -> dict[int, _Version]:
    """Returns the plan version each agreement year uses, for resolving indicator codes."""
    by_year: dict[int, _Version] = {}
    scales = dataset_scales(data)
    for year in duplicates([a["year"] for a in data.get("agreements", [])]):
        problems.append(
            Problem(
                "agreements",
                _("tahun %(year)s memiliki lebih dari satu perjanjian") % {"year": year},
            )
        )
    for a, agreement in enumerate(data.get("agreements", [])):
        where = f"agreements[{a}]"
        versions = plans.get(agreement["plan"])
        if versions is None:
            problems.append(
                Problem(
                    f"{where}.plan",
                    _('rencana "%(code)s" tidak dikenal; rencana dalam berkas ini: %(codes)s')
                    % {"code": agreement["plan"], "codes": _listing(plans)},
                )
            )
            continue
        version = versions.get(agreement["plan_version"])
        if version is None:
            problems.append(
                Problem(
                    f"{where}.plan_version",
                    _(
                        "rencana %(plan)s tidak memiliki versi tercatat %(number)s "
                        "(yang tercatat: %(numbers)s)"
                    )
                    % {
                        "plan": agreement["plan"],
                        "number": agreement["plan_version"],
                        "numbers": _listing(map(str, versions)),
                    },
                )
            )
            continue
        if not version.plan["start_year"] <= agreement["year"] <= version.plan["end_year"]:
            problems.append(Problem(f"{where}.year", _("di luar periode rencana")))
        by_year[agreement["year"]] = version
        for number in duplicates([v["number"] for v in agreement["versions"]]):
            problems.append(
                Problem(
                    f"{where}.versions",
                    _("versi %(number)s tercantum dua kali") % {"number": number},
                )
            )
        for v, agreement_version in enumerate(agreement["versions"]):
            codes = [item["code"] for item in agreement_version["indicators"]]
            for code in duplicates(codes):
                problems.append(
                    Problem(
                        f"{where}.versions[{v}].indicators",
                        _('indikator "%(code)s" tercantum dua kali') % {"code": code},
                    )
                )
            for i, item in enumerate(agreement_version["indicators"]):
                iwhere = f"{where}.versions[{v}].indicators[{i}]"
                indicator = version.indicators.get(item["code"])
                if indicator is None:
                    problems.append(
                        Problem(
                            f"{iwhere}.code",
                            _('indikator "%(code)s" tidak dikenal di versi rencana %(number)s')
                            % {"code": item["code"], "number": agreement["plan_version"]},
                        )
                    )
                    continue
                if _unknown_scale(indicator, scales):
                    continue
                problems.extend(
                    target_problems(
                        item["target"],
                        is_range=indicator.get("polarity") == "range",
                        scale=indicator_scale(indicator, scales),
                        where=f"{iwhere}.target",
                    )
                )
    return by_year


def version_resolver(data: dict):
    """``year -> (plan code, version number) | None`` by the rule documented for
    realizations and action plans; the loader uses it after the checks passed."""
    scratch: list[Problem] = []
    plans = _check_plans(data, set(), scratch)
    by_year = _check_agreements(data, plans, scratch)

    def resolve(year: int) -> tuple[str, int] | None:
        version = _resolve(plans, by_year, year)
        return version.key if version else None

    return resolve


def _resolve(plans, by_year, year) -> _Version | None:
    """Indicator codes of a year resolve in that year's agreement's plan version, else in
    the version in force of the plan covering the year (or the only plan)."""
    if year in by_year:
        return by_year[year]
    candidates = []
    for versions in plans.values():
        for version in versions.values():
            if version.version["in_force"]:
                candidates.append(version)
    covering = [v for v in candidates if v.plan["start_year"] <= year <= v.plan["end_year"]]
    if covering:
        return covering[0]
    return candidates[0] if len(candidates) == 1 else None


def _check_year_rows(data, plans, by_year, problems) -> None:
    seen: set[tuple] = set()
    scales = dataset_scales(data)
    for r, row in enumerate(data.get("realizations", [])):
        where = f"realizations[{r}]"
        version = _resolve(plans, by_year, row["year"])
        if version is None or row["indicator"] not in version.indicators:
            problems.append(
                Problem(
                    f"{where}.indicator",
                    _('indikator "%(code)s" tidak dikenal untuk %(year)s')
                    % {"code": row["indicator"], "year": row["year"]},
                )
            )
            continue
        key = (row["indicator"], row["year"], row["period"])
        frequency = version.indicators[row["indicator"]].get("frequency", "quarterly")
        if row["period"] not in FREQUENCY_PERIODS[frequency]:
            problems.append(
                Problem(
                    f"{where}.period",
                    _("%(code)s dilaporkan %(frequency)s; periodenya %(periods)s")
                    % {
                        "code": row["indicator"],
                        "frequency": frequency,
                        "periods": ", ".join(FREQUENCY_PERIODS[frequency]),
                    },
                )
            )
        if key in seen:
            problems.append(
                Problem(
                    where,
                    _("%(code)s %(year)s %(period)s tercantum dua kali")
                    % {"code": row["indicator"], "year": row["year"], "period": row["period"]},
                )
            )
        seen.add(key)
        scale = indicator_scale(version.indicators[row["indicator"]], scales)
        if _unknown_scale(version.indicators[row["indicator"]], scales):
            continue
        for name in ("value", "as_reported", "target"):
            problems.extend(value_problems(row.get(name), scale=scale, where=f"{where}.{name}"))
        in_period = version.plan["start_year"] <= row["year"] <= version.plan["end_year"]
        if in_period and row.get("target") is not None:
            problems.append(
                Problem(
                    f"{where}.target",
                    _(
                        "hanya untuk tahun di luar periode rencana; target tahun ini diambil "
                        "dari rencana"
                    ),
                )
            )
    seen = set()
    for p, action_plan in enumerate(data.get("action_plans", [])):
        where = f"action_plans[{p}]"
        version = _resolve(plans, by_year, action_plan["year"])
        if version is None or action_plan["indicator"] not in version.indicators:
            problems.append(
                Problem(
                    f"{where}.indicator",
                    _('indikator "%(code)s" tidak dikenal untuk %(year)s')
                    % {"code": action_plan["indicator"], "year": action_plan["year"]},
                )
            )
            continue
        key = (action_plan["indicator"], action_plan["year"])
        if key in seen:
            problems.append(
                Problem(
                    where,
                    _("%(code)s %(year)s memiliki lebih dari satu rencana aksi")
                    % {"code": key[0], "year": key[1]},
                )
            )
        seen.add(key)
        for code in duplicates([a["code"] for a in action_plan.get("activities", [])]):
            problems.append(
                Problem(
                    f"{where}.activities",
                    _('kegiatan "%(code)s" tercantum dua kali') % {"code": code},
                )
            )
        for q in duplicates([x["quarter"] for x in action_plan.get("progress", [])]):
            problems.append(
                Problem(
                    f"{where}.progress",
                    _("triwulan %(quarter)s tercantum dua kali") % {"quarter": q},
                )
            )
