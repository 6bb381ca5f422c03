"""What importing the package costs: the lazy package imports nothing heavy until a name is used,
and the data files are read without pandera, dask or hypothesis."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


@pytest.mark.slow
def test_importing_the_package_does_not_import_pandas_but_its_names_still_work():
    out = run_python(
        "import sys, prepay_modeller as model; a = 'pandas' in sys.modules; "
        "t = model.make_terms(option='prepay-6', performance=[0.8, 1.5], start='2027-01-01'); "
        "print(a, model.quote(t).totals['total'], set(model.__all__) <= set(dir(model)))"
    )
    # DOMAIN.md's worked example: 6-month prepay at 80% then 150% costs $294,300.
    assert out == "False 294300.00 True"


def test_an_unknown_name_is_still_an_attribute_error():
    import prepay_modeller as model

    with pytest.raises(AttributeError, match="no_such_name"):
        model.no_such_name  # noqa: B018


@pytest.mark.slow
def test_the_data_files_are_read_without_pandera_dask_or_hypothesis(tmp_path):
    # The tables are read by the one reader and the core's pydantic models (no pandera): a
    # kernel that reads them pays for none of these imports, and still names every bad cell.
    (tmp_path / "options.csv").write_text(
        "option,months,discount,opt_out_days,label\npayg,1,0,0,Pay as you go\nx,2,1.5,0,X\n"
    )
    out = run_python(
        "import sys\n"
        "from prepay_modeller.inputs import tables\n"
        "tables.load_splits(); tables.load_okr_template()\n"
        "try:\n"
        f"    tables.load_options({str(tmp_path / 'options.csv')!r})\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, '|', exc)\n"
        "print([m in sys.modules for m in ('pandera', 'dask.dataframe', 'hypothesis')])"
    )
    first, last = out.rsplit("\n", 1)
    assert last == "[False, False, False]"
    assert first.startswith("DataFileError |")
    assert "options.csv row 2, discount: 1.5" in first
    assert "options.csv row 2, months" in first
