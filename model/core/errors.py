"""The errors the project raises on bad input, as data.

Every validator, in the core and in the layers around it, describes what is wrong as a
:class:`Problem`: where it came from (``source`` file and ``row``), the ``field``, the ``value``
as given and what is ``allowed``. Every layer renders problems the same way, e.g.
``prospects.csv row 4, performance_q2: -0.3 is below 0 (allowed: 0 or more)``, and code that
needs the row or the field reads them from the problem, never from the message text.

A problem's words are messages of the gettext catalogs: ``problem``, ``allowed`` and ``hint``
may hold ``{name}`` placeholders filled from ``params``, each value shown in the form its
``unit`` says (``money``, ``share``, ``date``, ``number``). :attr:`Problem.message` fills them
in English (the command line's words); the app fills them in the client's language and locale
(:meth:`presentation.i18n.Speech.problem`). ``code`` names the kind of problem for code that
must tell them apart (never the words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal


def english(value: object, unit: str = "") -> str:
    """A parameter of a message as the command line writes it: ``1,000``, ``300%``,
    ``2027-01-01``."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    d = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if unit == "share":
        return f"{format((d * 100).normalize(), 'f')}%"
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d:,.2f}" if unit == "money" else f"{d:,f}"


def fill(template: str, params: tuple = (), unit: str = "", show=english) -> str:
    """``template`` with its ``{name}`` placeholders filled from ``params`` (name, value)
    pairs, each value shown by ``show(value, unit)``; text without params is left as it is."""
    if not params or not template:
        return template
    return template.format(**{name: show(value, unit) for name, value in params})


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
    params: tuple = ()  # (name, value) pairs that fill the words' {name} placeholders
    unit: str = ""  # how the params are shown: money, share, date, number
    code: str = ""  # the kind of problem, for code (too_large, below_target_share...)
    hint: str = ""  # a suggestion, said after what is allowed ("did you mean 70%?")

    @property
    def message(self) -> str:
        where = self.source + (f" row {self.row}" if self.row is not None else "")
        if where and self.field:
            head = f"{where}, {self.field}: "
        elif where:
            head = f"{where}: "
        else:
            head = f"{self.field}: " if self.field else ""
        if self.detail:
            return cut(head + fill(self.detail, self.params, self.unit), MAX_LINE_CHARS)
        value = cut(self.value, MAX_VALUE_CHARS)
        problem = fill(self.problem, self.params, self.unit)
        allowed = fill(self.allowed, self.params, self.unit)
        hint = f"; {fill(self.hint, self.params, self.unit)}" if self.hint else ""
        return cut(head + f"{value} {problem} (allowed: {allowed}{hint})", MAX_LINE_CHARS)

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
        **words,
    ):
        """One problem (``words``: its ``params``, ``unit``, ``code`` and ``hint``), or
        ``problems``."""
        if problems is None:
            problems = [
                Problem(
                    field=field,
                    value=str(value),
                    allowed=allowed,
                    problem=problem or "is not allowed",
                    **words,
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
