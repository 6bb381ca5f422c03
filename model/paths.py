"""Every default path of the project, built from one root."""

from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJ_ROOT / "data"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"

OPTIONS_CSV = DATA_DIR / "options.csv"
SPLITS_CSV = DATA_DIR / "splits.csv"
OKR_TEMPLATE_CSV = DATA_DIR / "okr_template.csv"
PROSPECTS_CSV = DATA_DIR / "prospects.csv"
