"""The document grid: every option × horizons 3/6/9/12/24 × English, French and Arabic ×
performance 0/45/100/137/250 %, rendered with ``prepay reports`` (HTML and PDF), every PDF read
back by the document checker (:mod:`presentation.checker`), which fails a row whose document
contradicts itself.

    .venv/bin/python bench/document_grid.py [--out DIR] [--workers N] [--sample]

Prints each failed row with the checker's words, then a count. Exit 0 when every row rendered
and read as one voice. ``--sample`` renders the tests' representative rows only
(:func:`sample`: every option, horizon, language and performance at least once). Rates, start
days (the 1st, the 15th, the 28th, the 31st) and payment terms vary from row to row.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

OPTIONS = {"payg": 1, "prepay-3": 3, "prepay-6": 6, "prepay-12": 12}
HORIZONS = (3, 6, 9, 12, 24)
LANGUAGES = (("en", "USD", "Dana Whitfield"), ("fr", "EUR", "Élodie Martin"),
             ("ar_AE", "AED", "ليلى حداد"))  # fmt: skip
PERFORMANCES = (0.0, 0.45, 1.0, 1.37, 2.5)
RATES = ("37500", "42000", "50000", "65000", "120000")
STARTS = ("2027-01-01", "2027-02-28", "2027-03-31", "2027-01-15")
TERMS = ("30", "45", "0", "60")
COLUMNS = [
    "prospect", "contact", "rate", "option", "performance_q1", "horizon", "start",
    "payment_terms", "language", "currency",
]  # fmt: skip


def fits(option: str, horizon: int) -> bool:
    months = OPTIONS[option]
    return months == 1 or horizon % months == 0


def row(n: int, option: str, horizon: int, language: int, performance: float) -> dict:
    """Grid row ``n``: its rate, start and payment terms vary with ``n``."""
    lang, currency, contact = LANGUAGES[language]
    return {
        "prospect": f"Grid {n:03d} {option} {horizon}m {round(performance * 100)} {lang}",
        "contact": contact,
        "rate": RATES[n % len(RATES)],
        "option": option,
        "performance_q1": f"{performance:g}",
        "horizon": str(horizon),
        "start": STARTS[n % len(STARTS)],
        "payment_terms": TERMS[n % len(TERMS)],
        "language": lang,
        "currency": currency,
    }


def grid() -> list[dict]:
    """Every fitting option and horizon, in every language, at every performance."""
    out = []
    for option in OPTIONS:
        for horizon in HORIZONS:
            if not fits(option, horizon):
                continue
            for language in range(len(LANGUAGES)):
                for performance in PERFORMANCES:
                    out.append(row(len(out), option, horizon, language, performance))
    return out


# (option, horizon, language index, performance): each option, horizon, language and
# performance at least once, and a 3-month prepay in each language (the checker's own test).
SAMPLE = [
    ("prepay-3", 3, 2, 1.37), ("prepay-3", 6, 0, 0.0), ("prepay-3", 9, 1, 0.45),
    ("payg", 24, 2, 2.5), ("prepay-6", 6, 1, 2.5), ("prepay-6", 24, 1, 0.0),
    ("prepay-12", 12, 2, 1.0), ("prepay-12", 24, 0, 0.45),
]  # fmt: skip


def sample() -> list[dict]:
    return [row(n, *cells) for n, cells in enumerate(SAMPLE)]


def write_csv(rows: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def render(rows: list[dict], out: Path, workers: int) -> tuple[int, list[dict]]:
    """``prepay reports`` on ``rows``: its exit status and its manifest's rows."""
    from prepay_modeller.cli import main

    source = write_csv(rows, out.parent / f"{out.name}.csv")
    code = main(["reports", str(source), "--out", str(out), "--workers", str(workers), "--quiet"])
    with open(out / "manifest.csv", encoding="utf-8", newline="") as f:
        return code, list(csv.DictReader(f))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="where the reports go (default: a temporary folder)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", action="store_true", help="the tests' rows only")
    args = parser.parse_args(argv)
    rows = sample() if args.sample else grid()
    with tempfile.TemporaryDirectory(prefix="prepay-grid-") as tmp:
        out = Path(args.out) if args.out else Path(tmp) / "grid"
        started = time.perf_counter()
        code, manifest = render(rows, out, args.workers)
        seconds = time.perf_counter() - started
        failed = [r for r in manifest if r["status"] != "ok"]
        for r in failed:
            print(f"row {r['row']} {r['prospect']}: {r['error']}")
        print(
            f"{len(manifest) - len(failed)} of {len(rows)} documents read as one voice "
            f"({len(failed)} failed) in {seconds:.0f} s with {args.workers} workers"
        )
    return 0 if code == 0 and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
