"""The proposal template's two papermill engines, registered through papermill's
``papermill.engine`` entry point (pyproject.toml), so that papermill itself runs the template
the way ``prepay reports`` and the app do::

    papermill notebooks/proposal.ipynb out.ipynb -p prospect "Acme" --engine prepay-fork

- ``prepay-fork`` (:class:`ForkEngine`): the notebook runs in a child forked from this process
  (:mod:`presentation.forkrun`): no kernel, no Python start, no imports per report where this
  process has imported the model already (``prepay reports``' workers have). Python only.
- ``prepay-kernel`` (:class:`KernelEngine`): papermill's own nbclient engine on a Jupyter kernel
  that imports the model while it boots; the caller may hand it a kernel started earlier
  (``km=``) and be told when the kernel is ready (``on_ready=``) to start the next one (the
  app, whose process has threads and cannot fork safely, and Dask's threaded workers).

Either way papermill keeps its metadata (each cell's start, end, duration and status), its
progress bar, and its error cell: a cell that raises stops the run, and papermill raises
``PapermillExecutionError`` naming the cell (:func:`presentation.render.describe_error`).

Papermill imports this module when it loads its engines (its entry points); the code here
reaches the engines through papermill (``engine_name=``), never by importing this module first,
which would import it back half-made.
"""

from __future__ import annotations

import shutil
import sys
import tempfile

from papermill.engines import Engine

DEFAULT_TIMEOUT = 120  # seconds a cell may run when papermill is given no --execution-timeout
# The fork engine's notebook says it ran on Python, as ipykernel's IPythonKernel.language_info.
LANGUAGE_INFO = {
    "name": "python",
    "version": sys.version.split()[0],
    "mimetype": "text/x-python",
    "codemirror_mode": {"name": "ipython", "version": sys.version_info[0]},
    "pygments_lexer": "ipython3",
    "nbconvert_exporter": "python",
    "file_extension": ".py",
}


class ForkEngine(Engine):
    """Each report in a child forked from this process (:func:`presentation.forkrun.run`)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, execution_timeout=None, **kwargs):
        from prepay_modeller.presentation import forkrun

        nb_man.nb.metadata["language_info"] = dict(LANGUAGE_INFO)
        try:
            forkrun.run(nb_man.nb, timeout=execution_timeout or DEFAULT_TIMEOUT, manager=nb_man)
        except forkrun.CellError:
            pass  # its error output is in the cell: papermill raises for it, as for nbclient's


class KernelEngine(Engine):
    """papermill's nbclient client on a kernel with the model imported (:func:`start_kernel`),
    or on the caller's ``km``; the kernel is killed once the notebook has run."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=60,
        execution_timeout=None,
        km=None,
        on_ready=None,
        **kwargs,
    ):
        from jupyter_core.utils import run_sync
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.log import logger
        from papermill.utils import remove_args

        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        folder = None
        if km is None:
            from prepay_modeller.presentation.render import start_kernel

            folder = tempfile.mkdtemp(prefix="prepay-kernel-")
            km = run_sync(start_kernel)(folder, kernel_name)
        started = []

        async def cell_start(**_):
            if on_ready is not None and not started:  # the kernel answered: it is ready
                started.append(True)
                await on_ready()

        client = PapermillNotebookClient(
            nb_man,
            km=km,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            shutdown_kernel="immediate",  # a report's kernel is thrown away: killed, not asked
            on_cell_start=cell_start,
            **kwargs,
        )
        try:
            client.execute(cleanup_kc=True)  # the kernel is ours to end, even when given
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
