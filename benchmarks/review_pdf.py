"""Time the review of the demo LAKIN as PDF: page objects read by PDFium against
pdfplumber's own pdfminer.six, side by side in one run.

    .venv/bin/python benchmarks/review_pdf.py [--repeat R]

Builds the demo LAKIN on a fresh SQLite database in a temporary directory, renders it to
PDF once, then reviews that PDF (what ``kinerja.review.services.review_file`` does:
reading, table finding, arithmetic) R times with each reader, taking turns so that a change in
the machine's load hits both alike, and the extraction alone likewise. Prints the
median and minimum CPU time of the process (and the wall-clock median) per reader and
their ratio. A benchmark, not a test: nothing asserts a time. Figures and their reading:
docs/performance.md ("Reviewing a printed PDF").
"""

import argparse
import statistics
import sys
import time

from timing import demo_database


def once(fn) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with demo_database():
        from kinerja.org.models import Unit
        from kinerja.reports.lakin import build_lakin
        from kinerja.reports.render.pdf import render_pdf
        from kinerja.review.extract import extract_pdf
        from kinerja.review.services import review_extraction

        pdf = render_pdf(build_lakin(Unit.objects.get(code="bspji-palembang"), 2023))

        def review(objects: str):
            # what review_file does for a PDF, with the reader chosen
            return lambda: review_extraction(extract_pdf(pdf, "lakin.pdf", objects=objects))

        steps = {
            "review (read + check)": {r: review(r) for r in ("pdfminer", "pdfium")},
            "extraction only (extract_pdf)": {
                r: (lambda r=r: extract_pdf(pdf, "lakin.pdf", objects=r))
                for r in ("pdfminer", "pdfium")
            },
        }
        pages = extract_pdf(pdf, "lakin.pdf").pages
        print(f"demo LAKIN: {pages} pages, {len(pdf) / 1024:.0f} KB; {args.repeat} rounds")
        print(f"{'step':32} {'reader':9} {'CPU median':>11} {'CPU min':>8} {'wall median':>12}")
        for step, readers in steps.items():
            runs = {r: [] for r in readers}
            for _ in range(args.repeat):
                for reader, fn in readers.items():
                    runs[reader].append(once(fn))
            medians = {}
            for reader, times in runs.items():
                cpu = [c for _, c in times]
                medians[reader] = statistics.median(cpu)
                print(
                    f"{step:32} {reader:9} {medians[reader]:10.2f}s {min(cpu):7.2f}s"
                    f" {statistics.median(w for w, _ in times):11.2f}s"
                )
            ratio = medians["pdfminer"] / medians["pdfium"]
            print(f"{step:32} {'ratio':9} {ratio:10.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
