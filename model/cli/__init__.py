"""The ``prepay`` command: the article's prepay table, one scenario, all options compared, and
the app, the reports and saved scenarios.

Its JSON output is a contract scripts rely on: field names stay; new ones are added, never
renamed. Bad input exits with status 2 and a one-line message per problem, never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
import sys

from prepay_modeller.cli import flags
from prepay_modeller.cli.parser import build_parser, join_negative_values
from prepay_modeller.core.errors import MAX_LINE_CHARS, PrepayError, cut

__all__ = ["build_parser", "command", "join_negative_values", "main"]

# C0 controls but tab and line feed, DEL and the C1 controls: ESC starts a terminal's escape
# sequences (colours, titles, cursor moves), and so does C1's CSI on many terminals.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_ERROR_LINE = len("prepay: error: ") + MAX_LINE_CHARS


class WithoutControls:
    """A text stream that drops the control characters written to it (a scenario's description
    holding ESC cannot recolour or retitle the terminal), keeping tab, line feed, and the
    carriage return a progress bar starts its line with; with ``max_line``, a line longer than
    that (argparse echoing a value of megabytes) is cut with "…"."""

    def __init__(self, stream, max_line: int | None = None):
        self._stream = stream
        self._max_line = max_line

    def write(self, text: str) -> int:
        head = "\r" if text.startswith("\r") else ""
        shown = _CONTROLS.sub("", text[len(head) :])
        if self._max_line and len(shown) > self._max_line:
            shown = "\n".join(cut(line, self._max_line) for line in shown.split("\n"))
        self._stream.write(head + shown)
        return len(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


@contextlib.contextmanager
def _terminal_text():
    with (
        contextlib.redirect_stdout(WithoutControls(sys.stdout)),
        contextlib.redirect_stderr(WithoutControls(sys.stderr, MAX_ERROR_LINE)),
    ):
        yield


def main(argv: list[str] | None = None) -> int:
    with _terminal_text():
        return _main(argv)


def command() -> int:
    """The ``prepay`` console script: :func:`main`, then the objects made so far frozen (the
    ``gc`` module's ``freeze``), so that the ending process does not walk every object pandas,
    plotly and IPython made before it leaves (half a second after ``prepay reports``)."""
    try:
        return main()
    finally:
        gc.freeze()


@functools.cache
def _parser():
    """The parser, built once per process: building every subcommand's flags is most of a short
    command's time (~17 ms), and parsing leaves the parser as it was, so scripts and tests that
    call :func:`main` many times share one."""
    return build_parser()


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    if any("\x00" in arg for arg in argv):  # no shell can pass one; a caller in Python can
        print("prepay: error: an argument holds a NUL character (allowed: text)", file=sys.stderr)
        return 2
    args = parser.parse_args(join_negative_values(argv, parser))
    try:
        flags.check(args)  # every flag, whether or not the command uses it
        return args.func(args)
    except PrepayError as exc:
        for line in str(exc).splitlines():
            print(f"prepay: error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk, a folder that cannot be written: one line, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"prepay: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(command())
