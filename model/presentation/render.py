"""Rendering the proposal template into a client's document: papermill injects the parameters
into ``notebooks/proposal.ipynb``, the notebook is executed, nbconvert exports the outputs
without code, and one headless Chromium prints the page to PDF (:mod:`presentation.pdf`).

Two engines execute the notebook, with the same outputs:

- ``fork`` (the batch's local workers): the worker has imported the model, pandas and plotly
  and read the data files once; each report runs in a child forked from it
  (:mod:`presentation.forkrun`), which ends with the report. No Python start, no imports, no
  kernel per report, and still a process of its own per prospect.
- ``kernel`` (the app, whose process has threads and cannot fork safely, and Dask's threaded
  workers): nbclient executes it on a Jupyter kernel started *before* it was needed, with the
  model already imported.

Every proposal printed to PDF is read back by the document checker
(:mod:`presentation.checker`): one that contradicts itself fails its row, saying where.

The batch (``prepay reports``, :mod:`reports.runner`) runs :func:`render_job` in worker
processes; the app renders one proposal with :func:`render_one`, on the same path, so a proposal
from the app is the document ``prepay reports`` makes for the same row.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import tempfile
import threading
import time

from prepay_modeller.inputs import paths

TEMPLATE = paths.NOTEBOOKS_DIR / "proposal.ipynb"
FORMATS = ("html", "pdf")
DEFAULT_TIMEOUT = 120  # seconds a cell may run before its report is given up
STARTUP_TIMEOUT = 60  # seconds a kernel may take to start and import the model
# What a pre-started kernel runs while it boots, before any report needs it.
WARM_UP = "from prepay_modeller.presentation import proposal; proposal.warm()"


# --- the worker: pre-started kernels, one Chromium --------------------------------------------


class _Worker:
    """What a worker keeps between renders: an event loop, the next kernel, the exporter and
    (for PDFs) one browser. One per thread, so Dask's threaded workers work too."""

    def __init__(self, engine: str = "kernel"):
        self.engine = engine
        self.loop = asyncio.new_event_loop()
        self.next_kernel = None
        self.retired = []
        self.exporter = None
        self.printer = None

    async def _start_kernel(self):
        from jupyter_client.manager import AsyncKernelManager

        # IPC sockets in a private folder: no TCP ports to find, nothing to eavesdrop on.
        folder = tempfile.mkdtemp(prefix="prepay-kernel-")
        km = AsyncKernelManager(
            kernel_name="python3", transport="ipc", ip=os.path.join(folder, "k")
        )
        # The kernel imports the model and reads the data files while it boots, so that by the
        # time a report needs it, it is ready; exec_lines run before the kernel reports ready.
        await km.start_kernel(extra_arguments=[f"--IPKernelApp.exec_lines={WARM_UP}"])
        return km

    async def take_kernel(self):
        """The pre-started kernel, or a new one if there is none."""
        km, self.next_kernel = self.next_kernel, None
        return km or await self._start_kernel()

    async def prepare_next(self) -> None:
        """Start booting the next report's kernel (called once the current one is ready, so
        that boots do not pile up on the cores at the start of a batch)."""
        if self.next_kernel is None:
            self.next_kernel = await self._start_kernel()
        await self.bury()

    async def retire(self, km) -> None:
        """Kill a used kernel now; its files are cleaned up later, off the critical path."""
        try:
            await km.provisioner.kill()
        except Exception:  # noqa: BLE001 - it may be dead already
            pass
        self.retired.append(km)

    async def bury(self) -> None:
        while self.retired:
            await _kill(self.retired.pop())

    def html_exporter(self):
        if self.exporter is None and self.engine == "fork" and _prepared_exporter:
            # Only forked children export with it, each with its own copy.
            self.exporter = _prepared_exporter[0]
        if self.exporter is None:
            self.exporter = _new_exporter()
        return self.exporter

    async def pdf_printer(self):
        if self.printer is None:
            from prepay_modeller.presentation.pdf import Printer

            self.printer = await Printer.start()
        return self.printer

    def shutdown(self):
        async def close():
            await self.bury()
            if self.next_kernel is not None:
                await _kill(self.next_kernel)
                self.next_kernel = None
            if self.printer is not None:
                await self.printer.close()
                self.printer = None

        try:
            self.loop.run_until_complete(close())
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


def _new_exporter():
    """nbconvert's HTML exporter for a report: outputs only, no prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    import prepay_modeller.presentation.proposal  # noqa: F401 - the brand and CSS

    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    # The first export loads and compiles nbconvert's templates (~0.15 s): done here, once, so
    # that the children forked from this process find them ready.
    exporter.from_notebook_node(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")]))
    return exporter


async def _kill(km) -> None:
    # A report's kernel is thrown away: kill it outright rather than ask it to shut down.
    try:
        await km.shutdown_kernel(now=True)
    except Exception:  # noqa: BLE001 - the kernel may be dead already
        pass
    folder = os.path.dirname(km.ip)
    if os.path.basename(folder).startswith("prepay-kernel-"):
        shutil.rmtree(folder, ignore_errors=True)


_local = threading.local()
_prepared_exporter: list = []  # the exporter made by warm_fork_parent, for forked children


def _worker() -> _Worker:
    worker = getattr(_local, "worker", None)
    if worker is None:
        worker = _local.worker = _Worker()
        if threading.current_thread() is threading.main_thread():
            from multiprocessing import util

            # Worker processes leave through os._exit: register with multiprocessing's exit.
            util.Finalize(worker, worker.shutdown, exitpriority=10)
    return worker


def close_worker() -> None:
    """Stop this thread's pre-started kernel and Chromium (the app's render thread, at exit)."""
    worker = getattr(_local, "worker", None)
    if worker is not None:
        _local.worker = None
        worker.shutdown()


def warm_worker(formats: tuple[str, ...] = ("html",), engine: str = "kernel") -> None:
    """Get a worker ready before its first report arrives (a pool initializer).

    ``kernel``: its first kernel boots while the worker loads the exporter. ``fork``: the worker
    imports and reads everything a report needs, once, for every child it forks. For PDFs, it
    starts its Chromium too.
    """
    worker = _worker()
    if engine == "fork":
        _warm_fork(worker)
    else:
        worker.next_kernel = worker.loop.run_until_complete(worker._start_kernel())
    worker.html_exporter()
    if "pdf" in formats:
        worker.loop.run_until_complete(worker.pdf_printer())


def warm_fork_parent() -> None:
    """Import and read, in this process, everything a forked report needs: IPython, nbformat,
    nbconvert, the model, pandas, plotly and the data files. ``prepay reports`` calls it once
    before it starts its workers, which then share it (copy on write) instead of each doing it.

    nbformat imports jsonschema, which compiles an IRI grammar it never uses here (about 1.8 s on
    2 cores, :mod:`inputs.fastimport`): skipped, as in the app's server and kernels.
    """
    from prepay_modeller.inputs import fastimport
    from prepay_modeller.presentation import forkrun

    with fastimport.without_rfc3987_syntax():
        forkrun.warm()
        forkrun.prepare_shell()
        import nbconvert.exporters.html  # noqa: F401
        import papermill.parameterize  # noqa: F401

        exec(WARM_UP, {})  # noqa: S102 - our own constant: the model's imports, the data files
        _warm_languages()
        if not _prepared_exporter:
            _prepared_exporter.append(_new_exporter())


def _warm_languages() -> None:
    """Compile each language's catalog and load Babel's data for it (tens of ms each, which
    every child would otherwise pay again)."""
    import datetime as dt
    from decimal import Decimal

    from prepay_modeller.inputs.locales import LANGUAGES
    from prepay_modeller.presentation import i18n

    for language in LANGUAGES:
        words = i18n.speech(language)
        words.gettext("Total")
        words.money(Decimal("1.5")), words.percent(Decimal("0.5")), words.date(dt.date(2027, 1, 1))


def _warm_fork(worker: _Worker) -> None:
    """Make ``worker`` fork a child per report, with the model imported and the data read."""
    warm_fork_parent()
    worker.html_exporter()  # made once here, not in each child
    worker.engine = "fork"


def _ready() -> bool:
    """A no-op task: submitting one per worker starts the pool's processes early."""
    return True


def render_job(job: dict) -> dict:
    """Render one report; never raises: a failure is returned as ``status: failed``."""
    started = time.perf_counter()
    worker = _worker()
    result = {"row": job["row"], "prospect": job["prospect"], "stem": job["stem"]}
    try:
        if job.get("engine") == "fork" and worker.engine != "fork":
            _warm_fork(worker)  # a Dask worker's first report
        result["files"] = worker.loop.run_until_complete(_render(worker, job))
        result["status"] = "ok"
        result["error"] = ""
    except Exception as exc:  # noqa: BLE001 - one row's failure must not stop the others
        result["files"] = {}
        result["status"] = "failed"
        result["error"] = describe_error(exc)
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def describe_error(exc: BaseException) -> str:
    """One line saying what went wrong in a render."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from prepay_modeller.presentation import forkrun

    if isinstance(exc, CellExecutionError | forkrun.CellError):
        return f"a cell raised {exc.ename}: {exc.evalue}".strip()
    if isinstance(exc, DeadKernelError):
        return "the kernel died while rendering"
    if isinstance(exc, forkrun.ChildDied):
        return "the report's process died while rendering"
    from prepay_modeller.presentation.checker import DocumentProblem

    if isinstance(exc, DocumentProblem):
        return str(exc)
    if isinstance(exc, CellTimeoutError | TimeoutError | asyncio.TimeoutError):
        return "timed out: " + (str(exc).splitlines() or ["a cell ran too long"])[0]
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


async def _render(worker: _Worker, job: dict) -> dict[str, bytes]:
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nonce = secrets.token_urlsafe(16)
    params = dict(job["params"], script_nonce=nonce)
    nb = load_notebook_node(job["template"])
    nb = parameterize_notebook(nb, params, kernel_name="python3", language="python")
    prospect = job["params"].get("prospect", "")
    if worker.engine == "fork":
        from prepay_modeller.presentation import forkrun

        # The child exports the page too: the worker never holds the executed notebook.
        page = forkrun.run(
            nb,
            timeout=job["timeout"],
            then=lambda done: export_html(done, prospect, nonce, job["params"], job.get("head")),
        )
    else:
        await _execute_on_kernel(worker, nb, job["timeout"])
        page = export_html(nb, prospect, nonce, job["params"], job.get("head"))
    files = {}
    if "html" in job["formats"]:
        files[job["stem"] + ".html"] = page.encode("utf-8")
    if "pdf" in job["formats"]:
        from prepay_modeller.presentation.proposal_record import embed_record

        printer = await worker.pdf_printer()
        pdf = await printer.pdf(page)
        if 'class="summary"' in page:  # a proposal: it must not contradict itself
            from prepay_modeller.presentation.checker import require_one_voice

            require_one_voice(pdf, job["params"], page)
        # The PDF carries its scenario and reference (prepay verify, "Open a proposal").
        files[job["stem"] + ".pdf"] = embed_record(pdf, job["params"])
    return files


async def _execute_on_kernel(worker: _Worker, nb, timeout: float) -> None:
    from nbclient import NotebookClient

    km = await worker.take_kernel()
    client = None
    try:
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            startup_timeout=STARTUP_TIMEOUT,
            kernel_name="python3",
            allow_errors=False,
            record_timing=False,
        )
        # nbclient's execute, with the next kernel started as soon as this one is ready.
        client.reset_execution_trackers()
        async with client.async_setup_kernel():
            await worker.prepare_next()
            for index, cell in enumerate(nb.cells):
                await client.async_execute_cell(
                    cell, index, execution_count=client.code_cells_executed + 1
                )
    finally:
        if client is not None and client.kc is not None:
            client.kc.stop_channels()
        await worker.retire(km)


def export_html(
    nb, prospect: str, nonce: str, params: dict | None = None, head: dict | None = None
) -> str:
    """The executed notebook as one self-contained page: outputs only, plotly.js *basic* once
    (:mod:`presentation.plotlyjs`: about 1.2 MB instead of the full bundle's 4.7 MB).

    The page's Content-Security-Policy allows no network at all and only scripts carrying this
    render's random ``nonce`` (given to the template, which marks its charts' scripts with it):
    defence in depth behind the escaping of every text from the CSV. ``head`` (``lang``,
    ``dir``, ``title``) is the page's, where the template is not the proposal.
    """
    from prepay_modeller.inputs.brand import load_brand
    from prepay_modeller.presentation import plotlyjs
    from prepay_modeller.presentation.html import esc
    from prepay_modeller.presentation.proposal import page_head, stylesheet

    for cell in nb.cells:  # warnings and logs are not part of a proposal
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "stream"]
    body, _ = _worker().html_exporter().from_notebook_node(nb)
    brand = load_brand()
    head = head or page_head({**(params or {}), "prospect": prospect})  # lang, dir, title
    csp = (
        "default-src 'none'; "
        f"script-src 'nonce-{nonce}'; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(head["lang"])}" dir="{esc(head["dir"])}"><head>'
        '<meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(head['title'])}</title>"
        f"<style>{stylesheet(brand)}</style>"
        f"{plotlyjs.script(nonce)}</head><body>{body}</body></html>"
    )


def render_one(
    params: dict,
    formats=("html", "pdf"),
    timeout: float = DEFAULT_TIMEOUT,
    template=None,
    head: dict | None = None,
) -> dict:
    """One proposal (or the report of another ``template``, whose page has ``head``: ``lang``,
    ``dir``, ``title``), rendered now in this process: ``{"html": bytes, "pdf": bytes}`` for
    the formats asked. Raises on failure (:func:`describe_error` words it)."""
    worker = _worker()
    job = {
        "row": 0,
        "prospect": params.get("prospect", ""),
        "stem": "proposal",
        "params": params,
        "formats": list(formats),
        "template": str(template or TEMPLATE),
        "timeout": timeout,
        "head": head,
    }
    files = worker.loop.run_until_complete(_render(worker, job))
    return {name.rsplit(".", 1)[-1]: data for name, data in files.items()}
