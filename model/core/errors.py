"""The errors the model raises on bad input.

Every message names the field (and the file and row where the value came from a file), the value,
and what is allowed, e.g. ``performance_q2: -0.3 is below 0 (allowed: 0 or more)``.
"""


class PrepayError(Exception):
    """Base class of every error this project raises on purpose."""


class InputError(PrepayError, ValueError):
    """A scenario value (rate, option, performance, split, horizon, date...) is not allowed."""

    def __init__(self, field: str, value: object, allowed: str, problem: str | None = None):
        self.field = field
        self.value = value
        self.allowed = allowed
        self.problem = problem or "is not allowed"
        super().__init__(f"{field}: {value!s} {self.problem} (allowed: {allowed})")


class DataFileError(PrepayError, ValueError):
    """A data file is missing, lacks a column, or has a bad cell; lists every problem found."""

    def __init__(self, path: object, problems: list[str]):
        self.path = path
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
