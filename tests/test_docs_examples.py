"""The documentation's command examples are what the command prints today.

Every fenced block of the docs that starts with ``$ prepay <subcommand>`` for a command whose
output depends on its flags alone (no file, database or clock) is run in-process and compared line
by line; a block cut with a line ``...`` is compared up to the cut.
"""

import re
import shlex
from pathlib import Path

import pytest

from prepay_modeller.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs"
PURE = {"options", "quote", "compare", "npv", "montecarlo", "runway"}
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.M | re.S)


def examples():
    for page in sorted(DOCS.glob("*.md")):
        for block in FENCE.findall(page.read_text(encoding="utf-8")):
            first, _, rest = block.partition("\n")
            if not first.startswith("$ prepay ") or first.endswith("\\") or "\n$ " in rest:
                continue
            words = shlex.split(first[2:])
            if words[1] in PURE:
                yield pytest.param(words[1:], rest, id=f"{page.name}:{' '.join(words[1:])}")


CASES = list(examples())


def test_the_pages_have_examples_to_check():
    pages = {case.id.split(":")[0] for case in CASES}
    assert {"command-line.md", "founders.md"} <= pages and len(CASES) >= 6


@pytest.mark.parametrize(("args", "shown"), CASES)
def test_a_documented_example_is_what_the_command_prints(capsys, args, shown):
    assert main(args) == 0
    printed = [line.rstrip() for line in capsys.readouterr().out.splitlines()]
    expected = [line.rstrip() for line in shown.rstrip("\n").splitlines()]
    if "..." in [line.strip() for line in expected]:
        cut = [line.strip() for line in expected].index("...")
        expected, printed = expected[:cut], printed[:cut]
    assert printed == expected
