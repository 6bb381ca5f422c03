"""Imports that would cost seconds for nothing, made to fail while a slow import runs.

Only the processes that need the speed use these, never as a side effect of importing a module
of this package: ``prepay app``'s Voilà server (:mod:`app.voila_main`) and ``prepay reports``.
Everywhere else jsonschema and the rest work as usual.

- ``rfc3987_syntax``: jupyter-events asks for ``jsonschema[format-nongpl]``, which installs it;
  when it is installed, ``jsonschema`` imports it at its own import and compiles a lark grammar
  there: about 1.8 s of Voilà's 2.5 s import on a 2-core machine, and as much again in the
  kernel, where plotly's widget imports nbformat and so jsonschema. Nothing here validates IRIs:
  jsonschema goes without its "iri" format check, exactly as where the package is not installed.
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


def without_rfc3987_syntax():
    """The block's imports (a Jupyter server, nbformat, plotly's widget) skip the grammar."""
    return imports_failing("rfc3987_syntax", unless=("jsonschema",))
