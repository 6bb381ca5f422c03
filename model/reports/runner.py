"""``prepay reports``: one branded proposal report per prospect, in parallel, safely.

The run, in order:

1. **Validate** the whole prospects CSV (:func:`inputs.prospects.load_prospects`): every bad cell is
   listed and the command exits 2 before anything is rendered or written.
2. **Render** each row in a worker process (or on a Dask cluster with ``--dask``) with
   :mod:`presentation.render`: papermill injects the row's parameters into
   ``notebooks/proposal.ipynb`` (only the template's known names, with plain
   ``str``/``int``/``float`` values), nbclient executes it on a kernel that was started *before*
   it was needed, nbconvert exports the outputs without code, and one headless Chromium per
   worker prints the PDFs.
3. **Write** each report atomically (a temporary file in the output folder, then a rename): a
   row whose cell raises, whose kernel dies or whose render times out leaves no file behind and
   never replaces an earlier good report; the other rows go on.
4. Write ``manifest.csv`` (``row, prospect, status, files, error, seconds``) and ``index.html``.

Exit status: 0 when every row rendered, 1 when some failed, 2 when the input is unusable.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import datetime as dt
import hashlib
import html
import io
import os
import re
import sys
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

from prepay_modeller.core.errors import InputError
from prepay_modeller.inputs import fastimport, paths
from prepay_modeller.inputs.files import write_atomic
from prepay_modeller.presentation.render import (
    DEFAULT_TIMEOUT,
    TEMPLATE,
    WARM_UP,
    _ready,
    describe_error,
    export_html,
    render_job,
    warm_fork_parent,
    warm_worker,
)

__all__ = ["TEMPLATE", "WARM_UP", "export_html", "main", "plan", "run"]

FORMATS = ("html", "pdf")


# --- planning --------------------------------------------------------------------------------


def file_stem(prospect: str, occurrence: int = 0) -> str:
    """A client-presentable file name for a prospect's report: ``bluefin-payroll-proposal``.

    The name is an ASCII slug of the prospect's name (at most 48 characters of ``a-z0-9-``, so a
    name like ``../../x`` cannot lead outside the output folder) and ``-proposal``; a name with
    no Latin letters or digits gets ``proposal-`` and 8 hex characters of a hash of the name
    (stable from run to run). ``occurrence`` counts the earlier rows that gave the same name
    (:func:`plan` counts them): the second is ``-2``, the third ``-3``.
    """
    ascii_name = unicodedata.normalize("NFKD", prospect).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")
    if not slug:
        digest = hashlib.sha256(prospect.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        base = f"proposal-{digest}"
    else:
        base = f"{slug}-proposal"
    return base if occurrence == 0 else f"{base}-{occurrence + 1}"


def plan(rows: list[dict], formats: list[str], template: Path, timeout: float) -> list[dict]:
    """One render job per row: its parameters, file stem and what to produce."""
    from prepay_modeller.inputs.parameters import BY_NAME

    seen: dict[str, int] = {}  # file stem -> rows that gave it so far
    today = dt.date.today().isoformat()
    jobs = []
    for row in rows:
        name = row["prospect"]
        base = file_stem(name)
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        params = {k: _plain(v) for k, v in row.items() if k in BY_NAME}
        params.update(report_date=today, plotlyjs="none")
        jobs.append(
            {
                "row": row["row"],
                "prospect": name,
                "stem": file_stem(name, occurrence),
                "params": params,
                "formats": list(formats),
                "template": str(template),
                "timeout": timeout,
                "engine": "fork",  # presentation.render: a child per report, no kernel
            }
        )
    return jobs


def _plain(value):
    """Parameters reach papermill as plain str/int/float/bool (or None), never other objects."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# --- writing -----------------------------------------------------------------------------------


def _inside(out: Path, name: str) -> Path:
    target = (out / name).resolve()
    if target.parent != out.resolve():
        raise InputError("file name", name, "a name inside the output folder", "leaves it")
    return target


def save(result: dict, out: Path) -> dict:
    """Write a rendered report's files; a failure to write marks the row failed."""
    names = []
    try:
        for name, data in result["files"].items():
            write_atomic(_inside(out, name), data)
            names.append(name)
    except OSError as exc:
        result = dict(result, status="failed", error=f"could not write {name}: {exc}")
    return {k: v for k, v in result.items() if k != "files"} | {"files": names}


def _cell(text: str) -> str:
    """A manifest cell that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def manifest_csv(results: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["row", "prospect", "status", "files", "error", "seconds"])
    for r in results:
        writer.writerow(
            [
                r["row"],
                _cell(r["prospect"]),
                r["status"],
                " ".join(r["files"]),
                _cell(r["error"]),
                f"{r['seconds']:.2f}",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def index_html(results: list[dict], out: Path) -> bytes:
    """A page listing every prospect of the run, its status and links to its files."""
    from prepay_modeller.inputs.brand import load_brand
    from prepay_modeller.presentation.html import esc
    from prepay_modeller.presentation.proposal import stylesheet

    brand = load_brand()
    rows = []
    for r in results:
        links = " ".join(
            f'<a href="{html.escape(quote(name))}">{esc(name.rsplit(".", 1)[-1].upper())}</a>'
            for name in r["files"]
        )
        if r["status"] != "ok":
            earlier = [
                f'<a href="{html.escape(quote(p.name))}">earlier {esc(p.suffix[1:].upper())}</a>'
                for p in sorted(out.glob(r["stem"] + ".*"))
                if p.suffix in (".html", ".pdf")
            ]
            links = " ".join(earlier)
        rows.append(
            f"<tr><td class='num'>{r['row']}</td><td class='prospect-name'>{esc(r['prospect'])}"
            f"</td><td>{esc(r['status'])}</td><td>{links}</td><td>{esc(r['error'])}</td>"
            f"<td class='num'>{r['seconds']:.1f}</td></tr>"
        )
    ok = sum(r["status"] == "ok" for r in results)
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>Proposal reports · {esc(brand.agency)}</title>"
        f"<style>{stylesheet(brand)}</style></head><body>"
        f"<h1>Proposal reports</h1><p>{ok} of {len(results)} rendered on "
        f"{dt.datetime.now():%Y-%m-%d %H:%M}.</p>"
        "<table><thead><tr><th class='num'>Row</th><th>Prospect</th><th>Status</th>"
        "<th>Files</th><th>Error</th><th class='num'>Seconds</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></body></html>"
    )
    return page.encode("utf-8")


# --- running -----------------------------------------------------------------------------------


def parse_formats(text: str) -> list[str]:
    chosen = [f.strip().lower() for f in str(text).split(",") if f.strip()]
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise InputError("--format", text, "html, pdf or html,pdf", "is not a known format")
    return [f for f in FORMATS if f in chosen]


def executor(workers: int, formats: list[str], dask: str | None = None):
    """Where renders run: local worker processes, started at once (each imports the model and
    reads the data files straight away, then forks a child per report), or a Dask cluster's
    executor (whose workers do the same on their first report). Returns (executor, client)."""
    if dask:
        try:
            from distributed import Client
        except ImportError:
            raise InputError(
                "--dask", dask, "install the dask extra: pip install '.[dask]'", "needs Dask"
            ) from None
        client = Client(dask)
        return client.get_executor(pure=False), client
    import multiprocessing

    pool = cf.ProcessPoolExecutor(
        max_workers=workers,
        # fork: a worker is ready at once, with what this process has imported already.
        mp_context=multiprocessing.get_context("fork"),
        initializer=warm_worker,
        # Each worker imports the model once and forks a child per report (no kernel each).
        initargs=(tuple(formats), "fork"),
    )
    for _ in range(workers):
        pool.submit(_ready)
    return pool, None


def close(executor, client) -> None:
    if client is not None:
        executor.shutdown(wait=True)
        client.close()
    else:
        executor.shutdown(wait=True, cancel_futures=True)


def _worker_died(job: dict, exc: BaseException) -> dict:
    return {
        "row": job["row"],
        "prospect": job["prospect"],
        "stem": job["stem"],
        "status": "failed",
        "error": "the render worker died: " + describe_error(exc),
        "seconds": 0.0,
        "files": {},
    }


def _stop_survivors(pool) -> None:
    """Kill a broken local pool's remaining workers. Python 3.11's pool waits for them when it
    breaks, while one of them can be blocked for ever sending its result to the queue nobody
    reads any more (fixed in 3.12); their rows are rendered again anyway."""
    processes = getattr(pool, "_processes", None) or {}  # a local pool's {pid: process}
    for process in list(processes.values()):
        process.kill()


def _alone(job: dict, isolated) -> dict:
    """Render one job in a fresh worker of its own: if it dies now, this row is the cause."""
    pool = isolated()
    try:
        return pool.submit(render_job, job).result()
    except Exception as exc:  # noqa: BLE001 - the worker process died again
        return _worker_died(job, exc)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run(jobs: list[dict], out: Path, executor, progress=True, isolated=None) -> list[dict]:
    """Render ``jobs`` on ``executor``, saving each report as it arrives; results in row order.

    A worker *process* that dies (a dead kernel is only its row's failure) breaks a local pool
    and takes every row it had not finished with it. With ``isolated`` (a callable giving a
    fresh one-worker executor), those rows are rendered again, one worker each, so that only the
    row that kills its worker fails; without it (Dask, which reschedules by itself) they fail.
    """
    from tqdm import tqdm

    results = []
    orphans = []
    futures = {executor.submit(render_job, job): job for job in jobs}
    with tqdm(
        total=len(jobs), unit="report", desc="Rendering", disable=not progress, file=sys.stderr
    ) as bar:
        for future in cf.as_completed(futures):
            # Forget the future once read: it holds the report's bytes, and a batch of a
            # thousand rows must not keep a thousand reports in memory.
            job = futures.pop(future)
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker process died
                if isolated is not None:
                    if not orphans:
                        _stop_survivors(executor)
                    orphans.append(job)
                    continue
                result = _worker_died(job, exc)
            results.append(save(result, out))
            bar.update()
        for job in sorted(orphans, key=lambda j: j["row"]):
            results.append(save(_alone(job, isolated), out))
            bar.update()
    return sorted(results, key=lambda r: r["row"])


def main(args) -> int:
    """``prepay reports``: exit 0 when every row rendered, 1 when some failed, 2 on bad input."""
    from prepay_modeller.inputs.prospects import load_prospects

    formats = parse_formats(args.format or "html,pdf")
    workers = getattr(args, "workers", None) or os.cpu_count() or 1
    if workers < 1:
        raise InputError("--workers", workers, "1 or more", "is below 1")
    timeout = getattr(args, "timeout", None) or DEFAULT_TIMEOUT
    template = Path(getattr(args, "template", None) or TEMPLATE)
    if not template.is_file():
        raise InputError("--template", template, "an existing notebook", "is not a file")
    csv_path = Path(args.prospects or paths.PROSPECTS_CSV)
    # Validate everything first: a bad file exits 2 before a worker or a kernel is started.
    fastimport.pandera_for_pandas_only()  # this command checks pandas frames only: no dask
    rows = load_prospects(csv_path)
    if args.only:
        names = {r["prospect"] for r in rows}
        missing = [n for n in args.only if n not in names]
        if missing:
            raise InputError(
                "--only", ", ".join(missing), "names from the prospect column", "is not a prospect"
            )
        rows = [r for r in rows if r["prospect"] in set(args.only)]
    out = Path(args.out or paths.REPORTS_DIR)
    out.mkdir(parents=True, exist_ok=True)
    jobs = plan(rows, formats, template, timeout)
    started = time.perf_counter()
    warm_fork_parent()  # once here, shared by every worker forked from this process
    pool, client = executor(min(workers, len(jobs)), formats, getattr(args, "dask", None))
    isolated = None if client is not None else lambda: executor(1, formats)[0]
    try:
        results = run(
            jobs, out, pool, progress=not getattr(args, "quiet", False), isolated=isolated
        )
    finally:
        close(pool, client)
    write_atomic(out / "manifest.csv", manifest_csv(results))
    write_atomic(out / "index.html", index_html(results, out))
    failed = [r for r in results if r["status"] != "ok"]
    print(
        f"{len(results) - len(failed)} of {len(results)} reports rendered in "
        f"{time.perf_counter() - started:.1f} s to {out} (index.html, manifest.csv)"
    )
    for r in failed:
        print(f"prepay: row {r['row']} failed: {r['error']}", file=sys.stderr)
    return 1 if failed else 0
