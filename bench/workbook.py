"""The auditable workbook (issue 24): what caching its formulas' values costs, the whole grid
recalculated by LibreOffice, and the documentation's screenshots.

- (default) The cost of writing each formula's value into the file ourselves, side by side with
  writing none, and with what recalculating once with LibreOffice at export time would cost
  instead (its start, then each workbook).
- ``--grid``: every scenario of tests/workbook_checks.py's grid, three per option and horizon,
  recalculated in one LibreOffice run and checked as the test checks its sample.
- ``--screenshots DIR``: LibreOffice's rendering of a workbook's Inputs and Schedule sheets as
  PNG (docs/img/workbook-inputs.png, docs/img/workbook-schedule.png).

Run: .venv/bin/python bench/workbook.py [--grid] [--screenshots docs/img] [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests' helpers

from prepay_modeller.core.quote import quote  # noqa: E402
from prepay_modeller.inputs.terms import make_terms  # noqa: E402
from prepay_modeller.presentation import exports, xlsx  # noqa: E402
from tests import libreoffice, workbook_checks  # noqa: E402


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cost(repeat: int, folder: Path) -> None:
    terms = [workbook_checks.terms_of(c) for c in workbook_checks.grid()]
    xlsx.build(terms[0])  # imports and catalogs, once
    times = {}
    for cache in (False, True):
        best = min(
            _timed(lambda c=cache: [xlsx.build(t, cache=c) for t in terms]) for _ in range(repeat)
        )
        times[cache] = best / len(terms)
    print(f"{len(terms)} workbooks (every option, horizons 3-24), CPU per workbook:")
    print(f"  formulas, no cached value    {times[False] * 1000:6.1f} ms")
    print(f"  formulas, values cached      {times[True] * 1000:6.1f} ms "
          f"(+{(times[True] / times[False] - 1) * 100:.0f} %)")  # fmt: skip
    bare = []
    for n, t in enumerate(terms):
        bare.append(folder / f"bare{n}.xlsx")
        bare[-1].write_bytes(xlsx.build(t, cache=False))
    for files in (bare[:1], bare):
        cpu, start = _cpu_children(), time.perf_counter()
        libreoffice.convert(files, folder / f"lo{len(files)}", work=folder / f"p{len(files)}")
        wall, cpu = time.perf_counter() - start, _cpu_children() - cpu
        print(f"  LibreOffice recalculating {len(files):2d} file(s): {wall:5.1f} s wall, "
              f"{cpu:5.1f} s CPU ({wall / len(files) * 1000:.0f} ms wall per file)")  # fmt: skip


def _timed(fn) -> float:
    start = time.process_time()  # CPU: the machine is shared
    fn()
    return time.process_time() - start


def full_grid(folder: Path) -> None:
    cases = workbook_checks.grid(variants=3)
    files = []
    for n, case in enumerate(cases):
        t = workbook_checks.terms_of(case)
        files.append(folder / f"grid{n}.xlsx")
        files[-1].write_bytes(xlsx.build(t, discount_rate=case["discount_rate"], cache=False))
        (folder / f"cached{n}.xlsx").write_bytes(xlsx.build(t, discount_rate=case["discount_rate"]))
    start = time.perf_counter()
    made = libreoffice.convert(files, folder / "grid", work=folder)
    print(f"{len(cases)} workbooks recalculated in {time.perf_counter() - start:.1f} s")
    cells = 0
    for n, (case, path) in enumerate(zip(cases, made, strict=True)):
        book = openpyxl.load_workbook(path, data_only=True)
        workbook_checks.check_figures(book, case)
        cached = openpyxl.load_workbook(folder / f"cached{n}.xlsx", data_only=True)
        cells += workbook_checks.check_cached(cached, book, case)
    print(f"every figure is the model's to the cent; {cells} cached cells as recalculated")


def screenshots(out: Path, folder: Path) -> None:
    """The README's Acme example: 12-month prepay, Q2 at 120 %, Q3 at 90 %, Q4 at 110 %."""
    t = make_terms(option="prepay-12", performance="1,1.2,0.9,1.1", start="2027-01-01")
    _, data = exports.workbook(quote(t), prospect="Acme Analytics", discount_rate=0.1)
    book = folder / "acme.xlsx"
    book.write_bytes(data)
    (pdf,) = libreoffice.convert([book], folder / "pdf", to="pdf", work=folder)
    out.mkdir(parents=True, exist_ok=True)
    for page, name, dpi in ((1, "workbook-inputs", 110), (2, "workbook-schedule", 150)):
        x0, y0, x1, y1 = _content_box(pdf, page)
        scale = dpi / 72
        crop = [int((x0 - 12) * scale), int((y0 - 12) * scale)]
        crop += [int((x1 - x0 + 24) * scale), int((y1 - y0 + 24) * scale)]
        subprocess.run(
            ["pdftoppm", "-png", "-singlefile", "-r", str(dpi), "-f", str(page), "-l", str(page),
             "-x", str(crop[0]), "-y", str(crop[1]), "-W", str(crop[2]), "-H", str(crop[3]),
             str(pdf), str(out / name)],
            check=True,
        )  # fmt: skip
        size = (out / f"{name}.png").stat().st_size
        print(f"{out / name}.png: {size // 1024} KB")


def _content_box(pdf: Path, page: int) -> tuple[float, float, float, float]:
    """The box around a PDF page's words, in points (pdftotext -bbox)."""
    import re

    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    boxes = [
        tuple(map(float, m))
        for m in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html
        )
    ]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="recalculate and check the whole grid")
    parser.add_argument("--screenshots", metavar="DIR", help="write the docs' PNGs there")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.screenshots:
            screenshots(Path(args.screenshots), folder)
        elif args.grid:
            full_grid(folder)
        else:
            cost(args.repeat, folder)


if __name__ == "__main__":
    main()
