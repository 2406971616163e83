"""Targets and realizations as written in a dataset: what each form means, the checks
the schema cannot make (they depend on the indicator: its polarity, its scale), and
hints for what a person copying from a printed report tends to type ("95%", "98,41").

A target is a number, ``null`` (N/A), ``not_stated`` (the source does not state it),
``{min, max}`` (polarity range), ``{direction: increase|decrease}`` (direction only) or,
for an indicator on a scale, one of the scale's levels. A realization is a number, or a
level of the indicator's scale.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.numbers import decimal_str, to_decimal
from kinerja.planning.scales import ScaleDef

from .errors import Problem

NOT_STATED = "not_stated"
_WORDS = {
    "menurun": "{direction: decrease}",
    "turun": "{direction: decrease}",
    "meningkat": "{direction: increase}",
    "naik": "{direction: increase}",
    "n/a": "null (N/A)",
    "na": "null (N/A)",
    "-": gettext_lazy("null (N/A) atau not_stated"),
    "–": gettext_lazy("null (N/A) atau not_stated"),
    "tidak ada": gettext_lazy("null (N/A) atau not_stated"),
}


def either(words: list[str]) -> str:
    """``a``, ``a atau b``, ``a, b atau c``: alternatives in a message."""
    if len(words) == 1:
        return words[0]
    return _("%(first)s atau %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def shown(value) -> str:
    """A dataset value inside a message, as a person would write it in the file."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Decimal | int | float):
        return decimal_str(to_decimal(value)) if not isinstance(value, float) else str(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {_flow(v)}" for k, v in value.items())
        return f"{{{inner}}}" if len(inner) <= 60 else _("sebuah pemetaan (mapping)")
    if isinstance(value, list):
        return _("sebuah daftar")
    return repr(value)


def _flow(value) -> str:
    text = shown(value)
    return text if not isinstance(value, str) else value if value.strip() == value else text


def number_hint(text: str) -> str | None:
    """What to write instead of ``text`` when it is a number printed the Indonesian way
    or with its sign: "95%" → 95, "98,41" → 98.41, "1.234,5" → 1234.5, "Rp 85.000.000"
    → 85000000, "−3" → -3. None when ``text`` is no number at all."""
    raw = text.strip().replace("\u2212", "-").replace("\u00a0", " ")
    notes = []
    if raw.endswith("%"):
        raw = raw[:-1].strip()
        notes.append(_("persentase tanpa tanda persen"))
    if re.match(r"(?i)^rp\.?\s*", raw):
        raw = re.sub(r"(?i)^rp\.?\s*", "", raw)
        notes.append(_("jumlah dalam rupiah utuh, tanpa Rp"))
    compact = raw.replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", compact):
        compact = compact.replace(".", "").replace(",", ".")
        notes.append(_("tanpa pemisah ribuan"))
    elif re.fullmatch(r"-?\d+,\d+", compact):
        compact = compact.replace(",", ".")
        notes.append(_("titik, bukan koma, sebelum desimal"))
    try:
        number = Decimal(compact)
    except InvalidOperation:
        return None
    if not number.is_finite() or not notes:
        return None
    return f"{decimal_str(number)} ({'; '.join(notes)})"


def text_hint(text: str) -> str:
    """The end of a message for a text where a number was expected."""
    hint = number_hint(text)
    if hint:
        return _("; tulis %(form)s") % {"form": hint}
    word = _WORDS.get(" ".join(text.split()).casefold())
    if word:
        return _("; tulis %(form)s") % {"form": word}
    return ""


def level_problem(value, scale: ScaleDef) -> str | None:
    """Why ``value`` is not a level of ``scale`` (None when it is one)."""
    if scale.level(value) is not None:
        return None
    message = _("%(value)s bukan tingkat skala %(scale)s; tingkatnya: %(levels)s") % {
        "value": shown(value),
        "scale": scale.code,
        "levels": ", ".join(scale.codes),
    }
    near = scale.near(value)
    if near is not None:
        message += _(' (maksud Anda "%(level)s"?)') % {"level": near.code}
    return message


def target_problems(target, *, is_range: bool, scale: ScaleDef | None, where: str):
    """The problems of one target (a Renstra year or an agreement item)."""
    if isinstance(target, dict):
        if "direction" in target:
            if set(target) != {"direction"}:
                return [Problem(where, _("target {direction: …} tidak memakai min atau max"))]
            if is_range:
                return [Problem(where, _("polarity range memerlukan target {min, max}"))]
            return []
        missing = [k for k in ("min", "max") if k not in target]
        if missing:
            return [
                Problem(
                    where,
                    _("target rentang memerlukan min dan max, bukan %(value)s")
                    % {"value": shown(target)}
                    if target
                    else _("seharusnya {min: …, max: …} atau {direction: increase|decrease}"),
                )
            ]
        if scale is not None:
            return [
                Problem(
                    where,
                    _("indikator pada skala %(scale)s tidak memakai target rentang")
                    % {"scale": scale.code},
                )
            ]
        if not is_range:
            return [Problem(where, _("target {min, max} memerlukan polarity: range"))]
        if target["min"] > target["max"]:
            low, high = shown(target["min"]), shown(target["max"])
            return [
                Problem(
                    where,
                    _("min %(low)s lebih besar dari max %(high)s") % {"low": low, "high": high},
                )
            ]
        return []
    if target is None or target == NOT_STATED:
        return []
    if is_range:
        return [Problem(where, _("polarity range memerlukan target {min, max}"))]
    if scale is not None:
        problem = level_problem(target, scale)
        return [Problem(where, problem)] if problem else []
    if isinstance(target, str):
        return [
            Problem(
                where,
                _("seharusnya angka, null (N/A), not_stated atau {direction: …}, bukan %(value)s")
                % {"value": shown(target)}
                + text_hint(target),
            )
        ]
    return []


def value_problems(value, *, scale: ScaleDef | None, where: str) -> list[Problem]:
    """The problems of a realization's value (or as_reported, or reference target)."""
    if value is None:
        return []
    if scale is not None:
        problem = level_problem(value, scale)
        return [Problem(where, problem)] if problem else []
    if isinstance(value, str):
        return [
            Problem(
                where,
                _("seharusnya angka, bukan %(value)s") % {"value": shown(value)} + text_hint(value),
            )
        ]
    return []


def parse_target(target, scale: ScaleDef | None) -> tuple[Decimal | None, Decimal | None, str]:
    """(value, max_value, kind) of a checked target, as ``Target`` stores them."""
    if isinstance(target, dict):
        if "direction" in target:
            return None, None, target["direction"]
        return to_decimal(target["min"]), to_decimal(target["max"]), ""
    if target is None:
        return None, None, ""
    if target == NOT_STATED:
        return None, None, NOT_STATED
    return parse_value(target, scale), None, ""


def parse_value(value, scale: ScaleDef | None) -> Decimal | None:
    """A checked realization value: the level's score on a scale, else the number."""
    if value is None:
        return None
    if scale is not None:
        return scale.level(value).score
    return to_decimal(value)


def dump_target(value, max_value, kind: str, scale: ScaleDef | None):
    """The dataset form of a stored target (the inverse of ``parse_target``)."""
    if kind == NOT_STATED:
        return NOT_STATED
    if kind:
        return {"direction": kind}
    if max_value is not None:
        return {"min": value, "max": max_value}
    return dump_value(value, scale)


def dump_value(value, scale: ScaleDef | None):
    if value is None or scale is None:
        return value
    return scale.text(value)
