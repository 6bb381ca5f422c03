"""A plain (non-editable) install works from any folder: the wheel carries the article's
defaults and the notebooks, and ``prepay options``, ``prepay quote`` and a one-row ``prepay
reports`` run from an empty folder (issue 11).

The wheel is built from this checkout and installed without its dependencies into a fresh
virtual environment, which borrows them from the test environment through a ``.pth`` file (no
network, a few seconds); Jupyter's data files (nbconvert's templates, the kernel spec) are
found through ``JUPYTER_PATH`` for the same reason. Nothing of the checkout is on the path.
"""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

# One xdist worker runs this module, so its module-scoped fixture is made once (make test).
pytestmark = pytest.mark.xdist_group("packaging")

ROOT = Path(__file__).resolve().parents[1]


def run(args, cwd, env=None, timeout=300):
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    built = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w",
         str(tmp / "dist"), str(ROOT)],
        cwd=tmp,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp / "dist").glob("prepay_modeller-*.whl")
    venv = tmp / "venv"
    assert run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp).returncode == 0
    python = venv / "bin" / "python"
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp
    ).stdout.strip()
    # The dependencies of the test environment, not its editable prepay_modeller: a .pth line
    # adds the folder without running the .pth files in it (the editable finder is one).
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", str(wheel)],
        cwd=tmp,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-2000:]
    empty = tmp / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PREPAY_DATA_DIR")}
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return venv / "bin" / "prepay", empty, env


@pytest.mark.slow
def test_the_installed_package_is_not_the_checkout(installed):
    prepay, empty, env = installed
    python = prepay.parent / "python"
    where = run([str(python), "-c", "import prepay_modeller as p; print(p.__file__)"], empty, env)
    assert where.returncode == 0, where.stderr
    assert "site-packages" in where.stdout and str(ROOT) not in where.stdout


@pytest.mark.slow
def test_options_and_quote_from_an_empty_folder(installed):
    prepay, empty, env = installed
    options = run([str(prepay), "options", "--format", "json"], empty, env)
    assert options.returncode == 0, options.stderr
    assert '"on_target_total": 480000.00' in options.stdout  # the article's 12-month prepay
    quote = run(
        [str(prepay), "quote", "--option", "prepay-6", "--performance", "0.8,1.5", "--start",
         "2027-01-01", "--format", "json"],
        empty, env,
    )  # fmt: skip
    assert quote.returncode == 0, quote.stderr
    assert '"total": 294300.00' in quote.stdout  # DOMAIN.md's worked example


@pytest.mark.slow
def test_a_one_row_report_from_an_empty_folder(installed):
    prepay, empty, env = installed
    (empty / "one.csv").write_text(
        "prospect,option,performance_q1,start\nAcme Analytics,prepay-6,0.9,2027-01-01\n"
    )
    result = run(
        [str(prepay), "reports", "one.csv", "--out", "out", "--format", "html", "--workers",
         "1", "--quiet"],
        empty, env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    pages = list((empty / "out").glob("*.html"))
    report = [p for p in pages if p.name != "index.html"]
    assert len(report) == 1 and "Acme Analytics" in report[0].read_text(encoding="utf-8")


@pytest.mark.slow
def test_scenarios_are_saved_in_the_current_folders_database_not_in_the_package(installed):
    prepay, empty, env = installed
    env = {k: v for k, v in env.items() if not k.startswith("PREPAY_DB")}
    saved = run(
        [str(prepay), "scenarios", "save", "call-1", "--option", "prepay-6", "--start",
         "2027-01-01"],
        empty, env,
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    # The default database, ./prepay.db, made on first use from the migrations the wheel carries.
    assert (empty / "prepay.db").is_file()
    assert not (empty / "scenarios").exists()
    listed = run([str(prepay), "scenarios", "list", "--format", "json"], empty, env)
    assert listed.returncode == 0 and "call-1" in listed.stdout
