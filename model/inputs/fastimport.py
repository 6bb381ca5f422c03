"""Imports that would cost seconds for nothing, made to fail while a slow import runs.

Only the processes that need the speed use these, never as a side effect of importing a module
of this package: ``prepay app``'s kernels (:func:`for_kernel`, called by the explorer when
``prepay app`` serves it) and ``prepay reports`` (the command's process, which its workers are
forked from, and the app's report kernels). Everywhere else pandera works as usual.

- ``dask``: pandera's schema building asks which dataframe libraries are installed, and where
  dask is (the ``[dask]`` and ``[test]`` extras install it) imports ``dask.dataframe``: 0.5–0.9 s
  before the first table is validated. The project validates pandas frames only, so pandera is
  told, once per process, that there are no dask frames to know about.
- ``hypothesis``: pandera's built-in checks import its data-synthesis strategies, which import
  hypothesis where it is installed (the ``[test]`` extra): 0.2 s. Nothing here synthesises data;
  in a process that has already imported hypothesis (the tests), pandera gets it as usual.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def imports_failing(*names: str, unless: tuple[str, ...] = ()) -> Iterator[None]:
    """Run the block with ``import NAME`` raising ImportError for each of ``names``; do nothing
    where any of them, or any of ``unless``, is already imported."""
    if any(name in sys.modules for name in (*names, *unless)):
        yield
        return
    for name in names:
        sys.modules[name] = None  # the import system's "known to be missing"
    try:
        yield
    finally:
        for name in names:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


def pandera_for_pandas_only() -> None:
    """Settle pandera's cached answer to "which frame types exist?" without importing dask, and
    load its checks without its hypothesis strategies."""
    import pandera.typing as typing

    with imports_failing("dask", unless=("dask.dataframe", "pandera.typing.dask")):
        typing.get_dataframe_types()
        typing.get_series_types()
        typing.get_index_types()
    with imports_failing("hypothesis", unless=("pandera.strategies.pandas_strategies",)):
        import pandera.backends.pandas.builtin_checks  # noqa: F401


KERNEL_FLAG = "PREPAY_FAST_KERNEL"  # set by prepay app for its Voilà kernels


def for_kernel() -> None:
    """In a kernel that ``prepay app`` or ``prepay reports`` started: pandera loads for pandas
    only (no dask, no hypothesis). Nothing else is changed. Where ``prepay app`` handed its
    kernels the defaults it validated (``$PREPAY_DEFAULTS_SNAPSHOT``), the kernel does not need
    pandera at all, and it is not imported."""
    import os

    if os.environ.get("PREPAY_DEFAULTS_SNAPSHOT"):
        return
    pandera_for_pandas_only()
