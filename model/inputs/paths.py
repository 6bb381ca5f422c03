"""Every default path of the project, built from one root.

In a checkout the article's defaults are in ``data/`` and the notebooks in ``notebooks/``, beside
the package's folder ``model/``; an installed wheel carries them inside the package (``_data`` and
``_notebooks``), so that ``prepay`` works from any folder. Reports go to ``reports/`` in a checkout
and to ``./reports`` (the current folder) when installed; saved scenarios likewise to
``data/scenarios`` or ``./scenarios``.

``PREPAY_DATA_DIR`` points the model at another folder of defaults (options, splits, OKR
templates) with the same file names as ``data/``.
"""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
INSTALLED = (PACKAGE_DIR / "_data").is_dir()
PROJ_ROOT = None if INSTALLED else PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "_data" if INSTALLED else PACKAGE_DIR.parent / "data"
NOTEBOOKS_DIR = PACKAGE_DIR / "_notebooks" if INSTALLED else PACKAGE_DIR.parent / "notebooks"
REPORTS_DIR = Path("reports") if INSTALLED else PACKAGE_DIR.parent / "reports"

OPTIONS_CSV = DATA_DIR / "options.csv"
SPLITS_CSV = DATA_DIR / "splits.csv"
OKR_TEMPLATE_CSV = DATA_DIR / "okr_template.csv"
PROSPECTS_CSV = DATA_DIR / "prospects.csv"
# Saved named scenarios, one YAML file each: data/scenarios in a checkout; where the package is
# installed, ./scenarios (the current folder), like reports: never inside site-packages.
SCENARIOS_DIR = Path("scenarios") if INSTALLED else DATA_DIR / "scenarios"


def data_file(name: str) -> Path:
    """A defaults file: from ``$PREPAY_DATA_DIR`` when set, else from ``data/``."""
    folder = os.environ.get("PREPAY_DATA_DIR")
    return (Path(folder) if folder else DATA_DIR) / name


DEFAULTS_FILES = ("options.csv", "splits.csv", "okr_template.csv")


def defaults_stamps() -> dict[str, list]:
    """Each defaults file's path, size and time: what a validated snapshot of them is kept
    for (:mod:`inputs.defaults`)."""
    stamps = {}
    for name in DEFAULTS_FILES:
        path = data_file(name)
        stat = path.stat()
        stamps[name] = [str(path), stat.st_size, stat.st_mtime_ns]
    return stamps


def cache_dir() -> Path:
    """Where the project keeps what it can compute again (``$XDG_CACHE_HOME/prepay-modeller``,
    else ``~/.cache/prepay-modeller``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "prepay-modeller"


def config_dir() -> Path:
    """Where the project keeps the user's own settings and secrets (``$XDG_CONFIG_HOME/
    prepay-modeller``, else ``~/.config/prepay-modeller``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "prepay-modeller"
