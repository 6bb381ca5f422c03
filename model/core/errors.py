"""The errors the project raises on bad input, as data.

Every validator, in the core and in the layers around it, describes what is wrong as a
:class:`Problem`: where it came from (``source`` file and ``row``), the ``field``, the ``value``
as given and what is ``allowed``. Every layer renders problems the same way, e.g.
``prospects.csv row 4, performance_q2: -0.3 is below 0 (allowed: 0 or more)``, and code that
needs the row or the field reads them from the problem, never from the message text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

# However long a value someone typed or a file held, a message shows at most MAX_VALUE_CHARS of
# it, and a message line is at most MAX_LINE_CHARS, each cut with "…".
MAX_VALUE_CHARS = 100
MAX_LINE_CHARS = 500


def cut(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` - 1 characters and "…"."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input.

    ``detail`` replaces the usual ``<value> <problem> (allowed: <allowed>)`` for problems that
    are about a file as a whole (``file not found``, ``column x is missing (required columns:
    ...)``).
    """

    field: str = ""
    value: str = ""
    allowed: str = ""
    problem: str = "is not allowed"
    source: str = ""
    row: int | None = None
    detail: str = ""

    @property
    def message(self) -> str:
        where = self.source + (f" row {self.row}" if self.row is not None else "")
        if where and self.field:
            head = f"{where}, {self.field}: "
        elif where:
            head = f"{where}: "
        else:
            head = f"{self.field}: " if self.field else ""
        value = cut(self.value, MAX_VALUE_CHARS)
        body = self.detail or f"{value} {self.problem} (allowed: {self.allowed})"
        return cut(head + body, MAX_LINE_CHARS)

    def located(self, source: str, row: int | None = None) -> Problem:
        """The same problem, said to come from ``source`` (and ``row``)."""
        return replace(self, source=source, row=row if row is not None else self.row)

    def __str__(self) -> str:
        return self.message


class PrepayError(Exception):
    """Base class of every error this project raises on purpose."""

    def __init__(self, message: str = "", problems: Iterable[Problem] = ()):
        self.problems: list[Problem] = list(problems)
        super().__init__(message or "\n".join(p.message for p in self.problems))


class InputError(PrepayError):
    """A scenario value (rate, option, performance, split, horizon, date...) is not allowed."""

    def __init__(
        self,
        field: str = "",
        value: object = "",
        allowed: str = "",
        problem: str | None = None,
        *,
        problems: Iterable[Problem] | None = None,
    ):
        if problems is None:
            problems = [
                Problem(
                    field=field,
                    value=str(value),
                    allowed=allowed,
                    problem=problem or "is not allowed",
                )
            ]
        super().__init__(problems=problems)

    @property
    def field(self) -> str:
        return self.problems[0].field

    @property
    def value(self) -> str:
        return self.problems[0].value

    @property
    def allowed(self) -> str:
        return self.problems[0].allowed

    def located(self, source: str, row: int | None = None) -> DataFileError:
        """These problems as a file's, from ``source`` (and ``row``)."""
        return DataFileError(source, [p.located(source, row) for p in self.problems])


class DataFileError(PrepayError):
    """A data file is missing, lacks a column, or has bad cells; lists every problem found."""

    def __init__(self, path: object, problems: Iterable[Problem]):
        self.path = path
        super().__init__(problems=problems)


def problem_of(exc: BaseException) -> list[Problem]:
    """The problems an error carries (a plain error becomes one problem of its text)."""
    if isinstance(exc, PrepayError) and exc.problems:
        return list(exc.problems)
    return [Problem(detail=str(exc))]
