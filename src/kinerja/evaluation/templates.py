"""Loading an LKE template file (YAML, docs/evaluation.md) into the database.

Validated whole first (every problem named with its place), then written in one
transaction. Loading the same file again changes nothing; a template that evaluations
already use is never changed (a changed worksheet is a new template code).
"""

from decimal import Decimal
from importlib import resources

from django.db import transaction
from django.utils.translation import gettext as _

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
        problems.append(
            f"{where}: " + _("seharusnya angka, bukan %(value)s") % {"value": repr(value)}
        )
        return None
    return Decimal(value)


def validate(data) -> list[str]:
    """Every problem of a template file, each with its place; [] when it is sound."""
    p: list[str] = []
    if not isinstance(data, dict):
        return [_("berkas harus berupa pemetaan dengan code, name, scales dan components")]
    for key in ("code", "name", "regulation"):
        if not isinstance(data.get(key), str) or not data.get(key):
            p.append(f"{key}: " + _("teks diperlukan"))
    scales = data.get("scales")
    if not isinstance(scales, dict) or not scales:
        p.append("scales: " + _("paling sedikit satu skala diperlukan"))
        scales = {}
    for name, scale in scales.items():
        answers = scale.get("answers") if isinstance(scale, dict) else None
        if not isinstance(answers, dict) or not answers:
            p.append(f"scales.{name}.answers: " + _("jawaban beserta nilainya diperlukan"))
            continue
        for answer, value in answers.items():
            v = _dec(value, f"scales.{name}.answers.{answer}", p)
            if v is not None and not Decimal(0) <= v <= 1:
                p.append(f"scales.{name}.answers.{answer}: " + _("nilai harus di antara 0 dan 1"))
    components = data.get("components")
    if not isinstance(components, list) or not components:
        return [*p, "components: " + _("paling sedikit satu komponen diperlukan")]
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
                p.append(
                    f"{swhere}.kind: "
                    + _("salah satu dari %(kinds)s") % {"kinds": ", ".join(SubComponentKind.values)}
                )
                continue
            sub_weight = sub.get("weight", DEFAULT_SUB_WEIGHTS[kind])
            sub_total += _dec(sub_weight, f"{swhere}.weight", p) or 0
            if not sub.get("criteria"):
                p.append(f"{swhere}.criteria: " + _("paling sedikit satu kriteria diperlukan"))
            for k, crit in enumerate(sub.get("criteria") or []):
                cwhere = f"{swhere}.criteria[{k}]"
                code = crit.get("code")
                if not code or code in codes:
                    p.append(
                        f"{cwhere}.code: "
                        + _("tidak ada atau dipakai dua kali (%(code)s)") % {"code": code}
                    )
                codes.add(code)
                if crit.get("scale") not in scales:
                    p.append(
                        f"{cwhere}.scale: "
                        + _("%(scale)s bukan salah satu skala") % {"scale": repr(crit.get("scale"))}
                    )
                if not crit.get("text"):
                    p.append(f"{cwhere}.text: " + _("kriteria memerlukan teksnya"))
        if sub_total != _HUNDRED:
            p.append(
                f"{where}: "
                + _("jumlah bobot subkomponen %(total)s, bukan 100") % {"total": sub_total}
            )
    if total != _HUNDRED:
        p.append("components: " + _("jumlah bobot %(total)s, bukan 100") % {"total": total})
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
                        f"code {data['code']}: "
                        + _(
                            "templat ini dipakai evaluasi dan tidak dapat berubah; beri lembar "
                            "kerja yang diubah kode baru"
                        )
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
