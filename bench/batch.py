"""Batch proposal reports: ``prepay reports`` against the naive loop, side by side in one run.

Renders the same 12 prospects to HTML

- with ``prepay reports`` (worker processes that import the model once and fork a child per
  report, no kernel each; plotly.js added once per page by the exporter; one Chromium per worker
  for PDFs), and
- with the naive loop: ``papermill`` on the command line, then ``jupyter nbconvert --to html
  --no-input``, one prospect after another,

and prints the ratio (goal: at least 20x on 2 cores). It also prints a worker's seconds per
report against the floor of starting one kernel and importing the model (goal: below it), the
extra seconds per PDF (goal: at most 0.5 s with one reused Chromium per worker) against one cold
``chromium --print-to-pdf``, and the size of each HTML report (goal: at most 1.5 MB; plotly.js
*basic* is 1.2 MB of it).

With ``--reports`` above 50 it measures scale instead (the naive loop would take hours): HTML,
then HTML and PDF, at 100 rows and at ``--reports`` rows, printing seconds per report and the
peak memory of the whole process tree (proportional set size, so pages a fork shares with its
parent count once; goal: under 10 % growth from 100 to 1,000 rows), then the 100-row HTML run
again on a Dask ``LocalCluster`` with as many single-threaded worker processes, and the ratio.

Run: ``.venv/bin/python bench/batch.py [--reports 12] [--workers N] [--no-naive]`` (``--no-naive``
skips the slow loop and measures only ``prepay reports``: sizes and PDF seconds), or
``.venv/bin/python bench/batch.py --reports 1000`` (about 15 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from prepay_modeller.inputs.paths import PROSPECTS_CSV  # noqa: E402
from prepay_modeller.inputs.prospects import load_prospects  # noqa: E402
from prepay_modeller.presentation.pdf import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from prepay_modeller.presentation.plotlyjs import plotly_basic  # noqa: E402
from prepay_modeller.reports import runner as reports  # noqa: E402


def prospects_csv(folder: Path, count: int) -> Path:
    """``count`` prospects: the sample's rows, repeated under new names as needed."""
    with open(PROSPECTS_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for i in range(count):
        row = dict(rows[i % len(rows)])
        if i >= len(rows):
            row["prospect"] = f"{row['prospect']} {i // len(rows) + 1}"
        out.append(row)
    path = folder / "prospects.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(out)
    return path


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def ours(csv_path: Path, out: Path, workers: int, formats: str) -> float:
    return timed(
        [
            str(BIN / "prepay"),
            "reports",
            str(csv_path),
            "--out",
            str(out),
            "--workers",
            str(workers),
            "--format",
            formats,
            "--quiet",
        ]
    )


def naive(csv_path: Path, out: Path) -> float:
    """papermill CLI then nbconvert CLI, one prospect after another (template defaults for the
    rendering parameters, so each page embeds plotly.js itself and works offline too)."""
    out.mkdir()
    started = time.perf_counter()
    for i, row in enumerate(load_prospects(csv_path)):
        notebook = out / f"report-{i}.ipynb"
        command = [
            str(BIN / "papermill"),
            str(reports.TEMPLATE),
            str(notebook),
            "--no-progress-bar",
        ]
        for name, value in row.items():
            if name == "row":
                continue
            flag = "-r" if isinstance(value, str) else "-p"
            command += [flag, name, str(value)]
        subprocess.run(command, check=True, capture_output=True, cwd=out)
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(notebook)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started


def kernel_floor() -> float:
    """Seconds to start one kernel and import the model in it (what every report must pay)."""
    from jupyter_client.manager import AsyncKernelManager

    async def once() -> float:
        started = time.perf_counter()
        km = AsyncKernelManager(kernel_name="python3")
        await km.start_kernel(extra_arguments=[f"--IPKernelApp.exec_lines={reports.WARM_UP}"])
        kc = km.client()
        kc.start_channels()
        await kc.wait_for_ready(timeout=60)
        took = time.perf_counter() - started
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
        return took

    return min(asyncio.run(once()) for _ in range(2))


def cold_chromium_pdf(page: Path, folder: Path) -> float:
    return timed([CHROMIUM, *CHROMIUM_ARGS, f"--print-to-pdf={folder / 'cold.pdf'}", page.as_uri()])


def peak_memory(process: subprocess.Popen, interval: float = 0.5) -> tuple[threading.Thread, list]:
    """Sample the proportional set size of ``process`` and all its descendants until it ends;
    the peak (bytes) lands in the returned list."""
    import psutil

    peak = [0]

    def sample() -> None:
        root = psutil.Process(process.pid)
        while process.poll() is None:
            total = 0
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for proc in tree:
                try:
                    total += proc.memory_full_info().pss
                except psutil.Error:
                    pass
            peak[0] = max(peak[0], total)
            time.sleep(interval)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    return thread, peak


def measured(csv_path: Path, out: Path, workers: int, formats: str, dask: str | None = None):
    """``prepay reports`` on ``csv_path``: (seconds, peak bytes of its process tree)."""
    command = [str(BIN / "prepay"), "reports", str(csv_path), "--out", str(out)]
    command += ["--workers", str(workers), "--format", formats, "--quiet"]
    if dask:
        command += ["--dask", dask]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    thread, peak = peak_memory(process)
    _, err = process.communicate()
    took = time.perf_counter() - started
    thread.join()
    if process.returncode != 0:
        raise SystemExit(f"prepay reports failed ({process.returncode}): {err.decode()[-2000:]}")
    return took, peak[0]


def scale(args) -> None:
    """Seconds per report and peak memory at 100 and ``--reports`` rows; then Dask."""
    sizes = sorted({min(100, args.reports), args.reports})
    rows = ", ".join(map(str, sizes))
    print(f"scale: {rows} rows, {args.workers} workers, {os.cpu_count()} cores")
    print(f"load average at the start: {os.getloadavg()[0]:.1f} (other jobs skew the numbers)")
    with tempfile.TemporaryDirectory(prefix="prepay-bench-") as tmp:
        tmp = Path(tmp)
        csvs = {n: prospects_csv(_folder(tmp, f"rows-{n}"), n) for n in sizes}
        local = {}
        for formats in ("html", "html,pdf"):
            peaks = {}
            for n in sizes:
                took, peak = measured(csvs[n], tmp / f"out-{formats}-{n}", args.workers, formats)
                peaks[n] = peak
                local[formats, n] = took
                print(
                    f"{formats:<8} {n:>5} rows: {took:7.1f} s  {took / n:5.3f} s/report  "
                    f"{3600 * n / took:7.0f} reports/hour  peak memory {peak / 1e6:6.0f} MB"
                )
            if len(sizes) == 2:
                small, large = sizes
                growth = peaks[large] / peaks[small] - 1
                per = (local[formats, large] / large) / (local[formats, small] / small)
                print(
                    f"{formats:<8} {small} -> {large} rows: memory {growth:+.0%} (goal: under "
                    f"+10 %), seconds per report x{per:.2f} (1.00 is linear time)"
                )
        dask_run(args, csvs[sizes[0]], sizes[0], tmp, local["html", sizes[0]])
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


def _folder(tmp: Path, name: str) -> Path:
    folder = tmp / name
    folder.mkdir()
    return folder


def dask_run(args, csv_path: Path, n: int, tmp: Path, local: float) -> None:
    """The same HTML run on a Dask LocalCluster with the same number of worker processes."""
    try:
        from distributed import LocalCluster
    except ImportError:
        print("dask: not installed (pip install '.[dask]'); skipped")
        return
    with LocalCluster(
        n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        took, _ = measured(csv_path, tmp / "out-dask", args.workers, "html", address)
    print(
        f"dask LocalCluster, {args.workers} workers, {n} rows HTML: {took:7.1f} s  "
        f"{took / n:5.3f} s/report (the cluster started before the clock); overhead against "
        f"local workers: x{took / local:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=12)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-naive", action="store_true", help="skip the naive loop")
    args = parser.parse_args()
    n = args.reports
    if n > 50:
        scale(args)
        return
    with tempfile.TemporaryDirectory(prefix="prepay-bench-") as tmp:
        tmp = Path(tmp)
        csv_path = prospects_csv(tmp, n)
        print(f"{n} reports, {args.workers} workers, {os.cpu_count()} cores")
        print(f"load average at the start: {os.getloadavg()[0]:.1f} (other jobs skew the numbers)")
        floor = kernel_floor()
        # prepay reports before and after the naive loop: the machine may be shared, and the
        # better of the two is the fairer against a loop that needs only one core.
        first = ours(csv_path, tmp / "ours", args.workers, "html")
        slow = None if args.no_naive else naive(csv_path, tmp / "naive")
        second = ours(csv_path, tmp / "ours-2", args.workers, "html")
        fast = min(first, second)
        with_pdf = ours(csv_path, tmp / "ours-pdf", args.workers, "html,pdf")
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        pages = sorted((tmp / "ours").glob("*-proposal*.html"))
        cold = cold_chromium_pdf(pages[0], tmp)
        sizes = {p.name: p.stat().st_size for p in pages}
        naive_sizes = (
            [] if slow is None else [p.stat().st_size for p in (tmp / "naive").glob("*.html")]
        )
    report(args, n, floor, first, second, fast, slow, with_pdf, cold, sizes, naive_sizes)


def report(args, n, floor, first, second, fast, slow, with_pdf, cold, sizes, naive_sizes) -> None:
    if slow is not None:
        print(
            f"naive loop (papermill CLI + nbconvert CLI): {slow:7.1f} s  {slow / n:5.2f} s/report"
        )
    print(
        f"prepay reports --format html:               {fast:7.1f} s  {fast / n:5.2f} s/report "
        f"(runs: {first:.1f} s and {second:.1f} s)"
    )
    if slow is not None:
        print(
            f"ratio: {slow / fast:.1f}x faster (goal: 20x on 2 cores); "
            f"against the mean of both runs {2 * slow / (first + second):.1f}x"
        )
    print(
        f"floor: starting a kernel and importing the model takes {floor:.2f} s; prepay reports "
        f"spends {fast / n * args.workers:.2f} s of a worker per report, its start included "
        f"({fast / n * args.workers / floor:.2f}x the floor; goal: below 1)"
    )
    extra = (with_pdf - fast) / n
    print(
        f"PDF: {extra:.2f} s extra per report with one reused Chromium per worker (goal: at most "
        f"0.5 s; html,pdf run: {with_pdf:.1f} s); one cold chromium --print-to-pdf: {cold:.2f} s"
    )
    largest = max(sizes.values())
    print(
        f"HTML size per report: mean {sum(sizes.values()) / len(sizes) / 1e6:.2f} MB, largest "
        f"{largest / 1e6:.2f} MB (goal: at most 1.5 MB; plotly.js basic is "
        f"{len(plotly_basic().encode()) / 1e6:.2f} MB of it)"
    )
    for name, size in sorted(sizes.items())[: min(len(sizes), 12)]:
        print(f"  {name:<48} {size / 1e6:5.2f} MB")
    if naive_sizes:
        print(f"the naive loop's HTML: {sum(naive_sizes) / len(naive_sizes) / 1e6:.1f} MB a report")


if __name__ == "__main__":
    main()
