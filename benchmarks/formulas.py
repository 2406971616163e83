"""Time formula indicators: parsing and evaluating alone, then a unit's refresh.

    .venv/bin/python benchmarks/formulas.py [--indicators N] [--repeat R]

First the pure language (measurement.formula): parse and evaluate a typical formula in
memory. Then, on a throw-away SQLite file, a synthetic unit with N formula indicators
(each reading two of 2N data elements, one through ``prev``), four quarters and two
years of values, loaded from a dataset; timed: ``refresh_computed`` of the unit with
nothing changed (N × 5 evaluations, each compared with its stored row) and after one
element value changed. Prints median and minimum; asserts nothing.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path


def timed(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def pure(repeat: int) -> None:
    from kinerja.measurement.formula import evaluate, parse

    text = "(prev(sisa) - sisa) / prev(sisa) * 100 + ytd(puas) / ytd(responden) * 0"
    values = {"sisa": Decimal(30), "puas": Decimal(7), "responden": Decimal(9)}

    def lookup(kind, code, year, period):
        return values[code] + (year - 2023), {}

    node = parse(text)
    median, low = timed(lambda: [parse(text) for _ in range(1000)], repeat)
    print(f"  parse 1,000×        median {median * 1000:7.1f} ms   min {low * 1000:7.1f} ms")
    median, low = timed(lambda: [evaluate(node, 2024, "q3", lookup) for _ in range(1000)], repeat)
    print(f"  evaluate 1,000×     median {median * 1000:7.1f} ms   min {low * 1000:7.1f} ms")


def dataset(n: int) -> dict:
    indicators, elements, items = [], [], []
    for i in range(n):
        for code in (f"a{i}", f"b{i}"):
            elements.append(
                {
                    "code": code,
                    "name": f"Elemen {code}",
                    "unit": "kali",
                    "values": {
                        2023: {
                            q: Decimal(10 + i + k) for k, q in enumerate(["q1", "q2", "q3", "q4"])
                        },
                        2024: {
                            q: Decimal(12 + i + k) for k, q in enumerate(["q1", "q2", "q3", "q4"])
                        },
                    },
                }
            )
        indicators.append(
            {
                "code": f"F{i}",
                "name": f"Indikator {i}",
                "unit": "Persen",
                "method": "formula",
                "source": {"formula": f"(a{i} - prev(a{i})) / b{i} * 100"},
                "targets": {2024: 10},
            }
        )
        items.append({"code": f"F{i}", "target": 10})
    return {
        "kinerja_dataset": 1,
        "unit": {"code": "balai-bench", "name": "Balai Bench", "kind": "satker"},
        "data_elements": elements,
        "plans": [
            {
                "code": "renstra",
                "name": "Renstra",
                "start_year": 2023,
                "end_year": 2024,
                "versions": [
                    {
                        "number": 1,
                        "title": "Renstra",
                        "in_force": True,
                        "goals": [{"code": "T1", "name": "Tujuan"}],
                        "objectives": [
                            {
                                "code": "S1",
                                "goal": "T1",
                                "perspective": "customer",
                                "name": "Sasaran",
                                "indicators": indicators,
                            }
                        ],
                    }
                ],
            }
        ],
        "agreements": [
            {
                "year": 2024,
                "plan": "renstra",
                "plan_version": 1,
                "versions": [{"number": 1, "status": "draft", "indicators": items}],
            }
        ],
    }


def database(n: int, repeat: int) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from kinerja.datasets.load import load_data
    from kinerja.measurement.models import ElementValue
    from kinerja.measurement.services import refresh_computed
    from kinerja.org.models import Unit

    start = time.perf_counter()
    load_data(dataset(n))
    print(f"  load {n} indicators, {2 * n} elements: {time.perf_counter() - start:.2f} s")
    unit = Unit.objects.get(code="balai-bench")
    median, low = timed(lambda: refresh_computed(unit), repeat)
    print(f"  refresh, unchanged  median {median * 1000:7.1f} ms   min {low * 1000:7.1f} ms")

    def changed():
        ElementValue.objects.filter(element__code="a0", year=2024, period="q1").update(
            value=Decimal(time.perf_counter_ns() % 1000)
        )
        assert refresh_computed(unit) >= 1

    median, low = timed(changed, repeat)
    print(f"  refresh, one change median {median * 1000:7.1f} ms   min {low * 1000:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
        print("Formula language (in memory)")
        pure(args.repeat)
        print(f"A unit with {args.indicators} formula indicators (SQLite)")
        database(args.indicators, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
