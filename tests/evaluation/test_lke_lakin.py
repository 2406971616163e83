"""The LAKIN shows SK8.1 from the approved LKE as it showed the published score: the
component table, the grade and the peers' SAKIP ranking."""

from decimal import Decimal

from kinerja.org.models import Unit
from kinerja.reports import lakin
from kinerja.reports.document import Paragraph, walk


def test_the_lakin_prints_sk8_1_components_grade_and_ranking(demo):
    doc = lakin.build_lakin(Unit.objects.get(code="bspji-palembang"), 2023)
    tables = {t.key: t for t in doc.tables()}
    detail = tables["sk8-1-detail"]
    assert [r[:2] for r in detail.rows] == [
        ["Perencanaan Kinerja", Decimal("23.7")],
        ["Pengukuran Kinerja", Decimal("23.1")],
        ["Pelaporan Kinerja", Decimal("12")],
        ["Evaluasi Akuntabilitas Kinerja Internal", Decimal("18")],
    ]
    assert [r[-1] for r in detail.rows] == [Decimal(30), Decimal(30), Decimal(15), Decimal(25)]
    assert "sk8-1-peers" in tables
    text = "\n".join(b.text for s in doc.sections for b in walk(s) if isinstance(b, Paragraph))
    assert "Nilai 76,8 dengan predikat BB (Sangat Baik). Sumber: Lembar Kerja Evaluasi" in text
