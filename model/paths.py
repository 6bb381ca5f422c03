"""Every default path of the project, built from one root.

``PREPAY_DATA_DIR`` points the model at another folder of defaults (options, splits, OKR
templates) with the same file names as ``data/``.
"""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = PACKAGE_DIR.parent
DATA_DIR = PROJ_ROOT / "data"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"

OPTIONS_CSV = DATA_DIR / "options.csv"
SPLITS_CSV = DATA_DIR / "splits.csv"
OKR_TEMPLATE_CSV = DATA_DIR / "okr_template.csv"
PROSPECTS_CSV = DATA_DIR / "prospects.csv"
SCENARIOS_DIR = DATA_DIR / "scenarios"  # saved named scenarios, one YAML file each


def data_file(name: str) -> Path:
    """A defaults file: from ``$PREPAY_DATA_DIR`` when set, else from ``data/``."""
    folder = os.environ.get("PREPAY_DATA_DIR")
    return (Path(folder) if folder else DATA_DIR) / name
