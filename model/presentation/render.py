"""Rendering the proposal template into a client's document: papermill runs
``notebooks/proposal.ipynb`` with the prospect's parameters on one of the template's two engines
(:mod:`presentation.engines`), nbconvert exports the outputs without code, and one headless
Chromium prints the page to PDF (:mod:`presentation.pdf`).

- ``prepay-fork`` (the batch's local workers): the worker has imported the model, pandas and
  plotly and read the data files once; each report runs in a child forked from it. No Python
  start, no imports, no kernel per report, and still a process of its own per prospect.
- ``prepay-kernel`` (the app, whose process has threads and cannot fork safely, and Dask's
  threaded workers): a Jupyter kernel started *before* it was needed, with the model already
  imported; the next one starts booting as soon as the current one answers.

Every proposal printed to PDF is read back by the document checker
(:mod:`presentation.checker`): one that contradicts itself fails its row, saying where.

The batch (``prepay reports``, :mod:`reports.runner`) runs :func:`render_job` in worker
processes; the app renders one proposal with :func:`render_one`, on the same path, so a proposal
from the app is the document ``prepay reports`` makes for the same row.
"""

from __future__ import annotations

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
ENGINES = {"fork": "prepay-fork", "kernel": "prepay-kernel"}  # presentation.engines
# What a pre-started kernel runs while it boots, before any report needs it: the model and the
# data files. The template (notebooks/proposal.ipynb) builds its proposal with reports.proposal.
WARM_UP = "from prepay_modeller.reports import proposal; proposal.warm()"

__all__ = ["DEFAULT_TIMEOUT", "TEMPLATE", "WARM_UP", "export_html", "render_job", "render_one"]


# --- the worker: its engine, the next kernel, one Chromium ------------------------------------


def _run(coroutine_function, *args):
    """Run an async function to its end on this thread's event loop (jupyter_core's, the one
    nbclient runs kernels on)."""
    from jupyter_core.utils import run_sync

    return run_sync(coroutine_function)(*args)


class _Worker:
    """What a worker keeps between renders: its engine, the next kernel (``kernel``), the
    exporter, the template and (for PDFs) one browser. One per thread, so Dask's threaded
    workers work too."""

    def __init__(self, engine: str = "kernel"):
        self.engine = engine
        self.next_kernel = None
        self.kernels = 0
        self.folder: str | None = None  # the IPC sockets of this worker's kernels
        self.exporter = None
        self.printer = None
        self.templates: dict[str, object] = {}

    async def start_kernel(self):
        if self.folder is None:
            self.folder = tempfile.mkdtemp(prefix="prepay-kernel-")
        self.kernels += 1
        return await start_kernel(self.folder, "python3", f"k{self.kernels}")

    def take_kernel(self):
        """The pre-started kernel, or a new one if there is none."""
        km, self.next_kernel = self.next_kernel, None
        return km or _run(self.start_kernel)

    async def prepare_next(self) -> None:
        """Start booting the next report's kernel (called once the current one answers, so
        that boots do not pile up on the cores at the start of a batch)."""
        if self.next_kernel is None:
            self.next_kernel = await self.start_kernel()

    def template(self, path: str):
        """The template, read once (papermill copies it for each report)."""
        if path not in self.templates:
            import nbformat

            self.templates[path] = nbformat.read(path, as_version=4)
        return self.templates[path]

    def html_exporter(self):
        if self.exporter is None and self.engine == "fork" and _prepared_exporter:
            self.exporter = _prepared_exporter[0]
        if self.exporter is None:
            self.exporter = _new_exporter()
        return self.exporter

    def pdf_printer(self):
        if self.printer is None:
            from prepay_modeller.presentation.pdf import Printer

            self.printer = _run(Printer.start)
        return self.printer

    def shutdown(self):
        async def close():
            if self.next_kernel is not None:
                await _kill(self.next_kernel)
                self.next_kernel = None
            if self.printer is not None:
                await self.printer.close()
                self.printer = None

        try:
            _run(close)
        except Exception:  # noqa: BLE001 - best effort at exit
            pass
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


async def start_kernel(folder: str, kernel_name: str = "python3", name: str = "k"):
    """A Jupyter kernel started now that imports the model and reads the data files while it
    boots (so that by the time a report needs it, it is ready), on IPC sockets in ``folder``
    (no TCP port to find, nothing to eavesdrop on). Returns its (async) kernel manager."""
    from jupyter_client.manager import AsyncKernelManager

    km = AsyncKernelManager(kernel_name=kernel_name, transport="ipc", ip=os.path.join(folder, name))
    await km.start_kernel(extra_arguments=[f"--IPKernelApp.exec_lines={WARM_UP}"])
    return km


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
        # Only the preprocessors an export of outputs uses (the others are off by default, yet
        # each one is called and the notebook validated after it: ~10 ms a report).
        default_preprocessors=[
            "nbconvert.preprocessors.TagRemovePreprocessor",
            "nbconvert.preprocessors.RegexRemovePreprocessor",
        ],
    )
    # The first export loads and compiles nbconvert's templates (~0.15 s): done here, once, so
    # that the children forked from this process find them ready.
    exporter.from_notebook_node(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")]))
    return exporter


async def _kill(km) -> None:
    # A kernel nobody will use is killed outright rather than asked to shut down.
    try:
        await km.shutdown_kernel(now=True)
    except Exception:  # noqa: BLE001 - the kernel may be dead already
        pass


_local = threading.local()
_prepared_exporter: list = []  # the exporter made by warm_fork_parent, for the workers


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
        worker.next_kernel = _run(worker.start_kernel)
    worker.html_exporter()
    if "pdf" in formats:
        worker.pdf_printer()


def warm_fork_parent() -> None:
    """Import and read, in this process, everything a forked report needs: IPython, nbformat,
    nbconvert, papermill, the model, pandas, plotly and the data files. ``prepay reports`` calls
    it once before it starts its workers, which then share it (copy on write) instead of each
    doing it."""
    from prepay_modeller.presentation import forkrun

    forkrun.warm()
    forkrun.prepare_shell()
    import nbconvert.exporters.html  # noqa: F401
    import papermill  # noqa: F401

    exec(WARM_UP, {})  # noqa: S102 - our own constant: the model's imports, the data files
    _warm_languages()
    from prepay_modeller.presentation.html import compile_templates

    compile_templates()
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
    worker.engine = "fork"
    worker.html_exporter()  # made once here, not in each child


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
        result["files"] = _render(worker, job)
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
    import asyncio

    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    from prepay_modeller.presentation import forkrun

    if isinstance(exc, PapermillExecutionError | CellExecutionError | forkrun.CellError):
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


def execute(worker: _Worker, template: str, params: dict, timeout: float):
    """The template executed by papermill with ``params`` on the worker's engine: the executed
    notebook, with papermill's metadata. Raises papermill's ``PapermillExecutionError`` for a
    cell that raised, and the engine's errors for a timeout or a dead kernel or process."""
    import papermill

    if worker.engine == "fork":
        engine = {}
    else:
        engine = {
            "km": worker.take_kernel(),
            "on_ready": worker.prepare_next,
            "start_timeout": STARTUP_TIMEOUT,
        }
    return papermill.execute_notebook(
        worker.template(template),
        None,
        parameters=params,
        engine_name=ENGINES[worker.engine],
        kernel_name="python3",
        language="python",
        progress_bar=False,
        execution_timeout=timeout,
        **engine,
    )


def _render(worker: _Worker, job: dict) -> dict[str, bytes]:
    nonce = secrets.token_urlsafe(16)
    params = dict(job["params"], script_nonce=nonce)
    nb = execute(worker, job["template"], params, job["timeout"])
    prospect = job["params"].get("prospect", "")
    page = export_html(nb, prospect, nonce, job["params"], job.get("head"))
    files = {}
    if "html" in job["formats"]:
        files[job["stem"] + ".html"] = page.encode("utf-8")
    if "pdf" in job["formats"]:
        from prepay_modeller.presentation.proposal_record import embed_record

        pdf = _run(worker.pdf_printer().pdf, page)
        if 'class="summary"' in page:  # a proposal: it must not contradict itself
            from prepay_modeller.presentation.checker import require_one_voice

            require_one_voice(pdf, job["params"], page)
        # The PDF carries its scenario and reference (prepay verify, "Open a proposal").
        files[job["stem"] + ".pdf"] = embed_record(pdf, job["params"])
    return files


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
    from markupsafe import Markup

    from prepay_modeller.inputs.brand import load_brand
    from prepay_modeller.presentation.html import render
    from prepay_modeller.presentation.plotlyjs import plotly_basic
    from prepay_modeller.presentation.proposal import page_head, stylesheet

    for cell in nb.cells:  # warnings and logs are not part of a proposal
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "stream"]
    body, _ = _worker().html_exporter().from_notebook_node(nb)
    head = head or page_head({**(params or {}), "prospect": prospect})  # lang, dir, title
    page = render(
        "report_page.html.j2",
        **head,
        nonce=nonce,
        stylesheet=Markup(stylesheet(load_brand())),  # our CSS, the brand's checked colours
        plotly_js=Markup(plotly_basic()),
        body=Markup(body),  # nbconvert's export: the outputs, every text from the CSV escaped
    )
    return str(page)


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
    files = _render(worker, job)
    return {name.rsplit(".", 1)[-1]: data for name, data in files.items()}
