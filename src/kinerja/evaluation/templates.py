"""Loading an LKE template file (YAML, docs/evaluation.md) into the database.

Validated whole first (every problem named with its place), then written in one
transaction. Loading the same file again changes nothing; a template that evaluations
already use is never changed (a changed worksheet is a new template code).
"""

from decimal import Decimal
from importlib import resources

from django.db import transaction

from kinerja.datasets.yamlio import parse

from .choices import SubComponentKind
from .models import Component, Criterion, SubComponent, Template

DEFAULT_SUB_WEIGHTS = {
    SubComponentKind.EXISTENCE: Decimal(20),
    SubComponentKind.QUALITY: Decimal(30),
    SubComponentKind.USE: Decimal(50),
}
SHIPPED = ("permenpanrb-88-2021.yaml",)
_HUNDRED = Decimal(100)


class TemplateInvalid(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def shipped_text(name: str) -> str:
    return resources.files("kinerja.evaluation").joinpath("data", name).read_text("utf-8")


def _dec(value, where: str, problems: list[str]) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        problems.append(f"{where}: a number is needed, got {value!r}")
        return None
    return Decimal(value)


def validate(data) -> list[str]:
    """Every problem of a template file, each with its place; [] when it is sound."""
    p: list[str] = []
    if not isinstance(data, dict):
        return ["the file must be a mapping with code, name, scales and components"]
    for key in ("code", "name", "regulation"):
        if not isinstance(data.get(key), str) or not data.get(key):
            p.append(f"{key}: a text is needed")
    scales = data.get("scales")
    if not isinstance(scales, dict) or not scales:
        p.append("scales: at least one scale is needed")
        scales = {}
    for name, scale in scales.items():
        answers = scale.get("answers") if isinstance(scale, dict) else None
        if not isinstance(answers, dict) or not answers:
            p.append(f"scales.{name}.answers: answers with their values are needed")
            continue
        for answer, value in answers.items():
            v = _dec(value, f"scales.{name}.answers.{answer}", p)
            if v is not None and not Decimal(0) <= v <= 1:
                p.append(f"scales.{name}.answers.{answer}: a value lies between 0 and 1")
    components = data.get("components")
    if not isinstance(components, list) or not components:
        return [*p, "components: at least one component is needed"]
    total, codes = Decimal(0), set()
    for i, comp in enumerate(components):
        where = f"components[{i}]"
        weight = _dec(comp.get("weight"), f"{where}.weight", p)
        total += weight or 0
        sub_total = Decimal(0)
        for j, sub in enumerate(comp.get("sub_components") or []):
            swhere = f"{where}.sub_components[{j}] ({sub.get('code')})"
            kind = sub.get("kind")
            if kind not in SubComponentKind.values:
                p.append(f"{swhere}.kind: one of {', '.join(SubComponentKind.values)}")
                continue
            sub_weight = sub.get("weight", DEFAULT_SUB_WEIGHTS[kind])
            sub_total += _dec(sub_weight, f"{swhere}.weight", p) or 0
            if not sub.get("criteria"):
                p.append(f"{swhere}.criteria: at least one criterion is needed")
            for k, crit in enumerate(sub.get("criteria") or []):
                cwhere = f"{swhere}.criteria[{k}]"
                code = crit.get("code")
                if not code or code in codes:
                    p.append(f"{cwhere}.code: missing or used twice ({code})")
                codes.add(code)
                if crit.get("scale") not in scales:
                    p.append(f"{cwhere}.scale: {crit.get('scale')!r} is not one of the scales")
                if not crit.get("text"):
                    p.append(f"{cwhere}.text: the criterion needs its text")
        if sub_total != _HUNDRED:
            p.append(f"{where}: sub-component weights add up to {sub_total}, not 100")
    if total != _HUNDRED:
        p.append(f"components: weights add up to {total}, not 100")
    return p


@transaction.atomic
def load_template(text: str) -> tuple[Template, bool]:
    """Load a template file; (template, created). Refused with every problem named."""
    data = parse(text)
    problems = validate(data)
    if problems:
        raise TemplateInvalid(problems)
    existing = Template.objects.filter(code=data["code"]).first()
    if existing is not None:
        if _shape(existing) != _file_shape(data):
            if existing.evaluations.exists():
                raise TemplateInvalid(
                    [
                        f"code {data['code']}: the template is used by evaluations and cannot "
                        "change; give the changed worksheet a new code"
                    ]
                )
            existing.delete()
        else:
            return existing, False
    scales = {
        name: {
            "label": s.get("label", name),
            "answers": {a: str(Decimal(v)) for a, v in s["answers"].items()},
        }
        for name, s in data["scales"].items()
    }
    template = Template.objects.create(
        code=data["code"], name=data["name"], regulation=data["regulation"], scales=scales
    )
    for i, comp in enumerate(data["components"]):
        component = Component.objects.create(
            template=template,
            code=str(comp["code"]),
            name=comp["name"],
            weight=Decimal(comp["weight"]),
            order=i,
        )
        for j, sub in enumerate(comp["sub_components"]):
            sub_component = SubComponent.objects.create(
                component=component,
                code=str(sub["code"]),
                name=sub["name"],
                kind=sub["kind"],
                weight_pct=Decimal(sub.get("weight", DEFAULT_SUB_WEIGHTS[sub["kind"]])),
                order=j,
            )
            Criterion.objects.bulk_create(
                Criterion(
                    sub_component=sub_component,
                    code=str(c["code"]),
                    text=c["text"],
                    scale=c["scale"],
                    evidence_hint=c.get("evidence", ""),
                    order=k,
                )
                for k, c in enumerate(sub["criteria"])
            )
    return template, True


def _shape(template: Template) -> list:
    return [
        (
            c.code,
            c.weight,
            [
                (s.code, s.weight_pct, [(k.code, k.scale) for k in s.criteria.all()])
                for s in c.sub_components.all()
            ],
        )
        for c in template.components.prefetch_related("sub_components__criteria")
    ]


def _file_shape(data: dict) -> list:
    return [
        (
            str(c["code"]),
            Decimal(c["weight"]),
            [
                (
                    str(s["code"]),
                    Decimal(s.get("weight", DEFAULT_SUB_WEIGHTS[s["kind"]])),
                    [(str(k["code"]), k["scale"]) for k in s["criteria"]],
                )
                for s in c["sub_components"]
            ],
        )
        for c in data["components"]
    ]


def load_shipped() -> list[Template]:
    return [load_template(shipped_text(name))[0] for name in SHIPPED]
