"""Every package the code imports is declared in pyproject.toml: the product's imports among its
dependencies, the tests' and benches' among the dependencies and the test extra. A package that
arrives only because another one depends on it today can leave with that package's next release.
"""

import ast
import json
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions, requires
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    """A requirement's distribution name, normalised as PEP 503 does (``Jinja2`` → ``jinja2``)."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
    return re.sub(r"[-_.]+", "-", name).lower()


def _with_extras(requirement: str) -> set[str]:
    """A requirement's distribution and, for ``dask[distributed]``, what its extras bring."""
    names = {_name(requirement)}
    extras = re.search(r"\[([^]]+)\]", requirement)
    for extra in extras.group(1).split(",") if extras else ():
        marker = f'extra == "{extra.strip()}"'
        names |= {_name(r) for r in requires(_name(requirement)) or [] if marker in r}
    return names


def declared(*extras: str) -> set[str]:
    requirements = list(PROJECT["dependencies"])
    for extra in extras:
        requirements += PROJECT["optional-dependencies"][extra]
    return set().union(*(_with_extras(r) for r in requirements))


def _sources(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        yield path, path.read_text(encoding="utf-8")
    for path in sorted(folder.rglob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        yield path, code


def imported(*folders: str) -> dict[str, Path]:
    """Each top-level module imported (absolutely) under ``folders``, with one file importing
    it; the standard library and the project's own modules left out."""
    local = {p.stem for folder in folders for p in (ROOT / folder).rglob("*.py")}
    found: dict[str, Path] = {}
    for folder in folders:
        for path, code in _sources(ROOT / folder):
            for node in ast.walk(ast.parse(code)):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in sys.stdlib_module_names or top in local:
                        continue
                    if top in ("prepay_modeller", "tests"):
                        continue
                    found.setdefault(top, path.relative_to(ROOT))
    return found


@cache
def _distributions() -> dict[str, list[str]]:
    return packages_distributions()  # reads every installed package's file list: once


def undeclared(modules: dict[str, Path], allowed: set[str]) -> list[str]:
    distributions = _distributions()
    missing = []
    for module, where in sorted(modules.items()):
        names = {_name(d) for d in distributions.get(module, [])}
        if not names:
            missing.append(f"{module} (imported in {where}) is not installed")
        elif not names & allowed:
            missing.append(f"{module} (imported in {where}) comes from {sorted(names)}")
    return missing


def test_the_product_declares_what_it_imports():
    # distributed is imported only for --dask, which names the dask extra when it is missing.
    assert undeclared(imported("model", "notebooks"), declared("dask")) == []


def test_the_tests_and_benches_declare_what_they_import():
    assert undeclared(imported("tests", "bench"), declared("test")) == []


def test_the_check_sees_an_undeclared_import():
    # tornado is a dependency; hypothesis only of the test extra.
    assert undeclared({"hypothesis": Path("x.py")}, declared()) == [
        "hypothesis (imported in x.py) comes from ['hypothesis']"
    ]
    assert undeclared({"tornado": Path("x.py")}, declared()) == []


@pytest.mark.xdist_group("grouping")
def test_a_module_marked_xdist_group_runs_on_one_worker(request):
    """``make test`` relies on ``--dist loadgroup``: a marked module's server, browser or batch
    is made once, on one worker. pytest-xdist marks the group in each test's node id; a pytest
    it does not know (9.2 with xdist 3.8) leaves the id as it was, and every worker made them."""
    if getattr(request.config.option, "loadgroup", False):  # set on xdist's workers
        assert request.node.nodeid.endswith("@grouping"), (
            "pytest-xdist did not group this test: install the pytest pyproject.toml names"
        )


def test_reading_a_notebook_builds_no_grammar():
    """jsonschema stays below 4.25 (pyproject.toml): from 4.25 its import builds
    rfc3987-syntax's grammar with lark, a second of CPU in every report worker, app server and
    kernel that reads a notebook. When this fails, a release was installed that does it again:
    keep the pin, or lift it once jsonschema loads that grammar when it is first used."""
    import subprocess

    probe = "import sys, nbformat; print(sorted({'lark', 'rfc3987_syntax'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
