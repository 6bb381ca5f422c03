"""``prepay reports``: one branded proposal report per prospect, in parallel, safely.

The run, in order:

1. **Validate** the whole prospects CSV (:func:`inputs.prospects.load_prospects`): every bad cell is
   listed and the command exits 2 before anything is rendered or written.
2. **Render** each row in a worker process (or on a Dask cluster with ``--dask``) with
   :mod:`presentation.render`: papermill runs ``notebooks/proposal.ipynb`` with the row's
   parameters (only the template's known names, with plain ``str``/``int``/``float`` values) on
   its ``prepay-fork`` engine (:mod:`presentation.engines`: each report in a child forked from a
   worker that imported the model once, no kernel), nbconvert exports the outputs without code,
   and one headless Chromium per worker prints the PDFs.
3. **Write** each report atomically (a temporary file in the output folder, then a rename): a
   row whose cell raises, whose process dies or whose render times out leaves no file behind and
   never replaces an earlier good report; the other rows go on.
4. Write ``manifest.csv`` (``row, prospect, status, files, error, seconds``) and ``index.html``.

Exit status: 0 when every row rendered, 1 when some failed, 2 when the input is unusable.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import datetime as dt
import fcntl
import gc
import hashlib
import os
import re
import sys
import threading
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

from prepay_modeller.core.errors import DataFileError, InputError, PrepayError, Problem
from prepay_modeller.inputs import paths
from prepay_modeller.inputs.files import remove_partial, write_atomic
from prepay_modeller.presentation.exports import csv_rows, safe_text
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
from prepay_modeller.reports import lifecycle

__all__ = ["TEMPLATE", "WARM_UP", "export_html", "main", "plan", "run"]

FORMATS = ("html", "pdf")
MAX_WORKERS = 64
MAX_TIMEOUT = 3600  # seconds a cell may run: an hour
MAX_TEMPLATE_BYTES = 20_000_000
MANIFEST_COLUMNS = ["row", "prospect", "status", "files", "error", "seconds"]
TIMEOUT_ALLOWED = f"a whole number of seconds from 1 to {MAX_TIMEOUT}"
WORKERS_ALLOWED = f"a whole number from 1 to {MAX_WORKERS}"


# --- planning --------------------------------------------------------------------------------


def file_stem(prospect: str, occurrence: int = 0, kind: str = "proposal") -> str:
    """A client-presentable file name for a prospect's report: ``bluefin-payroll-proposal``.

    The name is an ASCII slug of the prospect's name (at most 48 characters of ``a-z0-9-``, so a
    name like ``../../x`` cannot lead outside the output folder) and ``-proposal``; a name with
    no Latin letters or digits gets ``proposal-`` and 8 hex characters of a hash of the name
    (stable from run to run). ``occurrence`` counts the earlier rows that gave the same name
    (:func:`plan` counts them): the second is ``-2``, the third ``-3``. ``kind`` is the
    document's (``statement``: ``bluefin-payroll-statement``).
    """
    ascii_name = unicodedata.normalize("NFKD", prospect).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")
    if not slug:
        digest = hashlib.sha256(prospect.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        base = f"{kind}-{digest}"
    else:
        base = f"{slug}-{kind}"
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


def manifest_csv(results: list[dict]) -> bytes:
    linked = any(r.get("client_link") for r in results)  # prepay reports --public-url
    rows = [
        [r["row"], str(r["prospect"]), r["status"], " ".join(r["files"]), str(r["error"]),
         f"{r['seconds']:.2f}"]
        + ([r.get("client_link", ""), r.get("reference", "")] if linked else [])
        for r in results
    ]  # fmt: skip
    header = MANIFEST_COLUMNS + (["client_link", "reference"] if linked else [])
    return csv_rows([header, *rows]).encode("utf-8")


def index_html(results: list[dict], out: Path) -> bytes:
    """A page listing every prospect of the run, its status and links to its files."""
    from markupsafe import Markup

    from prepay_modeller.inputs.brand import load_brand
    from prepay_modeller.presentation.html import render
    from prepay_modeller.presentation.proposal import stylesheet

    def links(r: dict) -> list[tuple[str, str]]:
        if r["status"] == "ok":
            files = [(quote(name), name.rsplit(".", 1)[-1].upper()) for name in r["files"]]
            signed = [(r["client_link"], "client link")] if r.get("client_link") else []
            return files + signed
        earlier = sorted(out.glob(r["stem"] + ".*"))  # a failed row's earlier good files
        return [(quote(p.name), f"earlier {p.suffix[1:].upper()}") for p in earlier
                if p.suffix in (".html", ".pdf")]  # fmt: skip

    brand = load_brand()
    rows = [
        {"row": r["row"], "prospect": r["prospect"], "status": r["status"], "links": links(r),
         "error": r["error"], "seconds": f"{r['seconds']:.1f}"}
        for r in results
    ]  # fmt: skip
    page = render(
        "reports_index.html.j2",
        agency=brand.agency,
        stylesheet=Markup(stylesheet(brand)),
        rows=rows,
        ok=sum(r["status"] == "ok" for r in results),
        when=f"{dt.datetime.now():%Y-%m-%d %H:%M}",
    )
    return str(page).encode("utf-8")


# --- running -----------------------------------------------------------------------------------


def parse_formats(text: str) -> list[str]:
    chosen = [f.strip().lower() for f in str(text).split(",") if f.strip()]
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise InputError("--format", text, "html, pdf or html,pdf", "is not a known format")
    return [f for f in FORMATS if f in chosen]


def executor(workers: int, formats: list[str], dask: str | None = None, log: str | None = None):
    """Where renders run: local worker processes, started at once (each imports the model and
    reads the data files straight away, then forks a child per report), or a Dask cluster's
    executor (whose workers do the same on their first report). Returns (executor, client).

    A local worker dies with this process and writes its stderr to ``log``
    (:func:`lifecycle.worker_init`)."""
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
        initializer=lifecycle.worker_init,
        # Each worker imports the model once and forks a child per report (no kernel each).
        initargs=(log, warm_worker, tuple(formats), "fork"),
    )
    for _ in range(workers):
        pool.submit(_ready)  # a fork pool starts all its workers at its first task
    return pool, None


def close(executor, client) -> None:
    """Shut the pool down (its workers close their Chromium and kernels), checking for a stop
    meanwhile."""
    kwargs = {"wait": True} if client is not None else {"wait": True, "cancel_futures": True}
    closing = threading.Thread(target=executor.shutdown, kwargs=kwargs, daemon=True)
    closing.start()
    while closing.is_alive():
        closing.join(0.2)  # back as soon as the pool is shut (a few ms after its last report)
        lifecycle.check()
    if client is not None:
        client.close()


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


def _stop_survivors() -> None:
    """Kill a broken local pool's remaining workers (this process's children: the pool's
    workers are all it has then, the one-worker pools come after). Python 3.11's pool waits for
    them when it breaks, while one of them can be blocked for ever sending its result to the
    queue nobody reads any more (fixed in 3.12); their rows are rendered again anyway."""
    lifecycle.kill_tree(lifecycle.children())


def _alone(job: dict, isolated) -> dict:
    """Render one job in a fresh worker of its own: if it dies now, this row is the cause."""
    pool = isolated()
    try:
        future = pool.submit(render_job, job)
        lifecycle.wait(future.done)
        result = future.result()
    except Exception as exc:  # noqa: BLE001 - the worker process died again
        result = _worker_died(job, exc)
    except BaseException:  # stopped: the caller kills the worker, nobody waits for it
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True, cancel_futures=True)
    return result


def run(
    jobs: list[dict], out: Path, executor, progress=True, isolated=None, results=None
) -> list[dict]:
    """Render ``jobs`` on ``executor``, saving each report as it arrives; results in row order.

    A worker *process* that dies (a dead kernel is only its row's failure) breaks a local pool
    and takes every row it had not finished with it. With ``isolated`` (a callable giving a
    fresh one-worker executor), those rows are rendered again, one worker each, so that only the
    row that kills its worker fails; without it (Dask, which reschedules by itself) they fail.
    Each saved result is appended to ``results`` (when given) as it is saved, so that a run
    stopped half-way knows what it finished.
    """
    from tqdm import tqdm

    results = [] if results is None else results
    orphans = []
    futures = {executor.submit(render_job, job): job for job in jobs}
    with tqdm(
        total=len(jobs), unit="report", desc="Rendering", disable=not progress, file=sys.stderr
    ) as bar:
        for future in _as_completed(futures):
            # Forget the future once read: it holds the report's bytes, and a batch of a
            # thousand rows must not keep a thousand reports in memory.
            job = futures.pop(future)
            try:
                result = _linked(future.result(), job)
            except Exception as exc:  # noqa: BLE001 - a worker process died
                if isolated is not None:
                    if not orphans:
                        _stop_survivors()
                    orphans.append(job)
                    continue
                result = _worker_died(job, exc)
            results.append(save(result, out))
            bar.update()
        for job in sorted(orphans, key=lambda j: j["row"]):
            results.append(save(_linked(_alone(job, isolated), job), out))
            bar.update()
    return sorted(results, key=lambda r: r["row"])


def _as_completed(futures):
    """The futures as they complete (as ``concurrent.futures.as_completed``), checking for a
    stop a few times a second while none does."""
    pending = set(futures)
    while pending:
        done, pending = cf.wait(pending, timeout=0.2, return_when=cf.FIRST_COMPLETED)
        lifecycle.check()
        yield from done


def _linked(result: dict, job: dict) -> dict:
    """A row's result with its client link and reference (for the manifest)."""
    if job.get("client_link"):
        return dict(result, client_link=job["client_link"], reference=job["reference"])
    return result


def add_client_links(jobs: list[dict], public_url: str, secret: bytes) -> None:
    """Each prospect's signed client link (the prospect may move the performance; it opens
    until the proposal's validity date), printed with a QR code in its proposal."""
    import datetime as dt

    from prepay_modeller.core import offer
    from prepay_modeller.presentation.proposal_record import client_link

    for job in jobs:
        params = job["params"]
        issued = dt.date.fromisoformat(params["report_date"])
        expires = offer.valid_until(issued, params.get("valid_days") or offer.DEFAULT_VALID_DAYS)
        link, reference = client_link(params, public_url, secret, ("performance",), expires)
        params["client_link"] = link
        job["client_link"], job["reference"] = link, reference


def _positive_whole(field: str, value, high: int, allowed: str, default: int) -> int:
    from prepay_modeller.inputs.numbers import parse_int

    if value is None:
        return default
    number = parse_int(field, value, allowed)
    if not 1 <= number <= high:
        raise InputError(field, str(value).strip(), allowed, "is out of range")
    return number


def check_template(path: Path) -> Path:
    """``--template`` must be a readable Jupyter notebook with a ``parameters`` cell."""
    allowed = "a Jupyter notebook (.ipynb) with a cell tagged parameters"
    if not path.is_file():
        raise InputError("--template", path, allowed, "is not a file")
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise InputError("--template", path, allowed, "is too large")
        import nbformat

        nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        tagged = any("parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - whatever the file is, it is not a notebook
        raise InputError("--template", path, allowed, "is not a notebook") from None
    if not tagged:
        raise InputError("--template", path, allowed, "has no parameters cell")
    return path


def check_out(out: Path) -> Path:
    """``--out`` must be a folder this process can write in (or one it can create)."""
    allowed = "a folder you can write in"
    if out.exists() and not out.is_dir():
        raise InputError("--out", out, allowed, "is not a folder")
    existing = out
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise InputError("--out", out, allowed, "cannot be written")
    return out


def settings(args) -> dict:
    """Every argument and input file of the run, checked before anything renders or is
    written: every problem found is raised at once."""
    from prepay_modeller.inputs.brand import load_brand
    from prepay_modeller.inputs.numbers import collect
    from prepay_modeller.inputs.prospects import load_prospects

    problems: list[Problem] = []
    found = {
        "formats": collect(problems, parse_formats, args.format or "html,pdf"),
        "workers": collect(
            problems, _positive_whole, "--workers", getattr(args, "workers", None),
            MAX_WORKERS, WORKERS_ALLOWED, min(os.cpu_count() or 1, MAX_WORKERS),
        ),
        "timeout": collect(
            problems, _positive_whole, "--timeout", getattr(args, "timeout", None),
            MAX_TIMEOUT, TIMEOUT_ALLOWED, DEFAULT_TIMEOUT,
        ),
        "template": collect(
            problems, check_template, Path(getattr(args, "template", None) or TEMPLATE)
        ),
        "out": collect(problems, check_out, Path(args.out or paths.REPORTS_DIR)),
    }  # fmt: skip
    for read in (load_brand, lambda: load_prospects(Path(args.prospects or paths.PROSPECTS_CSV))):
        try:
            found["rows"] = read()
        except PrepayError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    rows = found.get("rows") or []
    if args.only and rows:
        names = {r["prospect"] for r in rows}
        missing = [n for n in args.only if n not in names]
        if missing:
            problems.append(
                Problem("--only", ", ".join(missing), "names from the prospect column",
                        "is not a prospect")
            )  # fmt: skip
        found["rows"] = [r for r in rows if r["prospect"] in set(args.only)]
    found["links"] = _link_settings(args, problems)
    if problems:
        raise InputError(problems=problems)
    return found


def _link_settings(args, problems: list[Problem]):
    """``--public-url`` (or ``$PREPAY_PUBLIC_URL``) and the secret that signs the links; None
    where no public address is given (the proposals then print no link)."""
    from prepay_modeller.inputs import links
    from prepay_modeller.inputs.numbers import collect

    url = getattr(args, "public_url", None) or os.environ.get("PREPAY_PUBLIC_URL")
    if not url:
        return None
    url = collect(problems, links.read_public_url, url, "--public-url")
    secret = collect(problems, links.load_secret, getattr(args, "link_secret_file", None))
    return None if url is None or secret is None else (url, secret)


def _write_summary(results: list[dict], out: Path, wait: float = 60.0) -> None:
    """The manifest and the index of ``out``: this run's rows, and those of earlier or
    concurrent runs into the same folder for the other prospects, merged under a lock on the
    folder (:func:`locked`). A full disk is one line, not a traceback."""
    with locked(out, wait):
        listed = merged(results, out)
        for name, data in (
            ("manifest.csv", manifest_csv(listed)),
            ("index.html", index_html(listed, out)),
        ):
            try:
                write_atomic(out / name, data)
            except OSError as exc:
                raise DataFileError(
                    out / name,
                    [Problem("--out", str(out / name), "a folder with room", f"could not be "
                             f"written ({exc.strerror or exc})")],
                ) from None  # fmt: skip


@contextlib.contextmanager
def locked(out: Path, wait: float):
    """Hold an exclusive lock on the folder ``out`` (``flock`` on the folder itself: nothing is
    added to it), waiting at most ``wait`` seconds; past that, go on without it rather than
    hang (a run must stop within seconds of a signal)."""
    try:
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break
                lifecycle.check()  # a run stopping while it waits (none once stopped)
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # releases the lock


def merged(results: list[dict], out: Path) -> list[dict]:
    """The rows the manifest of ``out`` lists: those it listed for prospects this run did not
    render (their files still there), then this run's, in row order."""
    ours = {safe_text(str(r["prospect"])) for r in results}  # as the manifest writes them
    kept = [
        r for r in read_manifest(out)
        if r["prospect"] not in ours and all((out / name).is_file() for name in r["files"])
    ]  # fmt: skip
    return kept + sorted(results, key=lambda r: r["row"])


def read_manifest(out: Path) -> list[dict]:
    """The rows of ``out/manifest.csv`` as results (none where it is missing or unreadable)."""
    try:
        with open(out / "manifest.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    found = []
    for row in rows:
        try:
            found.append({
                "row": int(row["row"]), "prospect": row["prospect"],
                "status": row["status"], "files": row["files"].split(), "error": row["error"],
                "seconds": float(row["seconds"]), "stem": file_stem(row["prospect"]),
                "client_link": row.get("client_link") or "",
                "reference": row.get("reference") or "",
            })  # fmt: skip
        except (KeyError, ValueError, TypeError, AttributeError):
            continue
    return found


def _not_rendered(job: dict) -> dict:
    return {
        "row": job["row"], "prospect": job["prospect"], "stem": job["stem"],
        "status": "stopped", "error": "not rendered: the run was stopped", "seconds": 0.0,
        "files": [],
    }  # fmt: skip


def _stopped(stop: lifecycle.Stopped, jobs, results, out: Path, children: set) -> int:
    """A signal stopped the run: kill every process it started, say what was finished."""
    lifecycle.handling_stop()
    lifecycle.kill_tree(roots=children)
    done = {r["row"] for r in results}
    listed = sorted(results + [_not_rendered(j) for j in jobs if j["row"] not in done],
                    key=lambda r: r["row"])  # fmt: skip
    ok = sum(r["status"] == "ok" for r in results)
    try:
        _write_summary(listed, out, wait=2.0)
        where = f"{out} (manifest.csv lists them)"
    except PrepayError:
        where = f"{out} (manifest.csv could not be written)"
    print(
        f"prepay: stopped by {stop}: {ok} of {len(jobs)} reports rendered, "
        f"{len(results) - ok} failed, {len(jobs) - len(results)} not rendered, to {where}",
        file=sys.stderr,
    )
    return stop.exit_code


def _isolated(client, found: dict, log: str):
    """A maker of one-worker pools (for rows whose worker died), or None on Dask."""
    if client is not None:
        return None
    return lambda: executor(1, found["formats"], log=log)[0]


def main(args) -> int:
    """``prepay reports``: exit 0 when every row rendered, 1 when some failed, 2 on bad input,
    128 + the signal's number when a signal stopped it (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP),
    whenever it comes: from the first line read to the last file written."""
    rendering = []
    with lifecycle.stop_on_signals(), _collector_paused():
        try:
            return _main(args, rendering)
        except lifecycle.Stopped as stop:  # before the first render, or after the summary
            lifecycle.handling_stop()
            lifecycle.kill_tree(lifecycle.children())  # any worker started by then
            what = "" if rendering else " before any report was rendered"
            print(f"prepay: stopped by {stop}{what}", file=sys.stderr)
            return lifecycle.leave(stop.exit_code)


@contextlib.contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off while the run imports and reads what its workers
    share (the imports make hundreds of thousands of objects, none of them garbage: ~0.4 s of
    collections saved), and what they share frozen before the workers are forked
    (:func:`_share_with_workers`); as it was again when the run ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def _share_with_workers() -> None:
    """Python's own advice for a parent that forks without exec (the ``gc`` module's
    ``freeze``): the objects made so far are left out of every later collection, here and in
    the forked workers and their children, which then neither walk nor copy them."""
    gc.freeze()
    gc.enable()


def _main(args, rendering: list) -> int:
    found = settings(args)  # every problem of the input, before anything is started or written
    out = found["out"]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError("--out", out, "a folder you can write in", "cannot be created") from exc
    # What a killed run left half-written in --out (its own temporary files) goes now.
    remove_partial(out)
    jobs = plan(found["rows"], found["formats"], found["template"], found["timeout"])
    if found["links"]:
        add_client_links(jobs, *found["links"])
    started = time.perf_counter()
    results: list[dict] = []
    warm_fork_parent()  # once here, shared by every worker forked from this process
    _share_with_workers()
    before = lifecycle.children()
    with lifecycle.private_tempdir() as tmp, lifecycle.polled():
        log = str(tmp / "workers.log")
        pool = client = None
        rendering.append(True)
        try:
            pool, client = executor(
                min(found["workers"], len(jobs)), found["formats"], getattr(args, "dask", None), log
            )
            run(jobs, out, pool, not getattr(args, "quiet", False), _isolated(client, found, log),
                results)  # fmt: skip
            close(pool, client)
            lifecycle.show_log(Path(log))
            results.sort(key=lambda r: r["row"])
            _write_summary(results, out)
        except lifecycle.Stopped as stop:
            lifecycle.handling_stop()
            stopped = _stopped(stop, jobs, results, out, lifecycle.children() - before)
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        else:
            stopped = None
    if stopped is not None:  # its temporary folder removed, nothing else to wait for
        return lifecycle.leave(stopped)
    failed = [r for r in results if r["status"] != "ok"]
    print(
        f"{len(results) - len(failed)} of {len(results)} reports rendered in "
        f"{time.perf_counter() - started:.1f} s to {out} (index.html, manifest.csv)"
    )
    for r in failed:
        print(f"prepay: row {r['row']} failed: {r['error']}", file=sys.stderr)
    return 1 if failed else 0
