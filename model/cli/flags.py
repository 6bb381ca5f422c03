"""Every flag of every subcommand, checked before the command runs, whether or not another flag
uses it (``prepay agency --draws 0`` is refused even without ``--low``): each flag's value is
read by the one reader (:func:`inputs.numbers.read`) as its declared field says
(:mod:`core.fields`; the service's flags are declared here with the bounds their modules
enforce), and every bad one is named at once, in one line each.
"""

from __future__ import annotations

from prepay_modeller.core import fields as F
from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.fields import Field
from prepay_modeller.inputs import numbers

PORT = Field("--port", "--port", F.WHOLE, 1, 65535, "a whole number from {low} to {high}")


def _service_fields(command: str) -> dict[str, Field]:
    """The flags of ``prepay app``, ``lab`` and ``reports``, with their modules' bounds."""
    if command in ("app", "lab"):
        from prepay_modeller.app import serve

        out = {"port": PORT}
        if command == "app":
            out["idle_timeout"] = Field(
                "--idle-timeout", "--idle-timeout", F.WHOLE, serve.MIN_IDLE_TIMEOUT,
                serve.MAX_IDLE_TIMEOUT, "a whole number of seconds from {low} to {high}",
            )  # fmt: skip
            out["max_sessions"] = Field(
                "--max-sessions", "--max-sessions", F.WHOLE, 1, serve.MAX_MAX_SESSIONS,
                "a whole number from {low} to {high}",
            )  # fmt: skip
        return out
    if command == "reports":
        from prepay_modeller.reports import runner

        return {
            "workers": Field("--workers", "--workers", F.WHOLE, 1, runner.MAX_WORKERS,
                             "a whole number from {low} to {high}"),
            "timeout": Field("--timeout", "--timeout", F.WHOLE, 1, runner.MAX_TIMEOUT,
                             "a whole number of seconds from {low} to {high}"),
        }  # fmt: skip
    return {}


SCENARIO_FLAGS = {
    "rate": F.RATE, "horizon": F.HORIZON, "start": F.START, "payment_terms": F.PAYMENT_TERMS,
    "discount_rate": F.DISCOUNT_RATE, "draws": F.DRAWS, "seed": F.SEED, "cash": F.CASH,
    "burn": F.BURN, "burn_growth": F.BURN_GROWTH,
}  # fmt: skip
# Flags a subcommand cannot run without, named with the other problems (argparse's own
# "required" would stop first, in two lines).
REQUIRED = {"runway": ("cash", "burn")}
QUARTER_FLAGS = {
    "performance": F.PERFORMANCE, "fixed": F.FIXED, "variable_max": F.VARIABLE_MAX,
    "low": F.LOW, "likely": F.LIKELY, "high": F.HIGH, "hit_probability": F.HIT_PROBABILITY,
}  # fmt: skip


def check(args) -> None:
    """Read every flag ``args`` holds; raise one :class:`InputError` naming every bad one."""
    problems: list[Problem] = [
        Problem(flag, "(missing)", f"an amount, as --{flag}", "is required")
        for flag in REQUIRED.get(getattr(args, "command", ""), ())
        if getattr(args, flag, None) is None
    ]
    given = {k: v for k, v in vars(args).items() if v is not None and not callable(v)}
    declared = {**SCENARIO_FLAGS, **_service_fields(getattr(args, "command", ""))}
    for dest, value in given.items():
        if dest in declared:
            field = declared[dest]
            name = field.name if field.name.startswith("--") else dest
            numbers.collect(problems, numbers.read, field, value, numbers.PLAIN, name)
        elif dest in QUARTER_FLAGS:
            numbers.collect(problems, numbers.read_quarters, QUARTER_FLAGS[dest], value)
    if "option" in given:
        from prepay_modeller.inputs.defaults import catalog

        numbers.collect(problems, catalog().option, given["option"])
    from prepay_modeller.inputs.locales import read_currency, read_language

    for dest, read in (("language", read_language), ("currency", read_currency)):
        if dest in given:
            numbers.collect(problems, read, given[dest])
    if problems:
        raise InputError(problems=problems)


def port(value) -> int:
    """``--port`` as a number (checked already by :func:`check`)."""
    return int(numbers.read(PORT, value)) if not isinstance(value, int) else value
