"""The ``prepay`` command: the article's prepay table, one scenario, all options compared, and
the app, the reports and saved scenarios.

Its JSON output is a contract scripts rely on: field names stay; new ones are added, never
renamed. Bad input exits with status 2 and a one-line message per problem, never a traceback.
"""

from __future__ import annotations

import sys

from prepay_modeller.cli import flags
from prepay_modeller.cli.parser import build_parser, join_negative_values
from prepay_modeller.core.errors import PrepayError

__all__ = ["build_parser", "join_negative_values", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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
    sys.exit(main())
