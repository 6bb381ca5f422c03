"""The start-up shortcuts of inputs.fastimport and the lazy package: each one skips what it
says it skips, and nothing else changes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from prepay_modeller.inputs.fastimport import imports_failing


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


def test_a_blocked_import_fails_inside_the_block_and_works_again_after():
    name = "prepay_fastimport_probe_module"
    sys.modules.pop(name, None)
    with imports_failing(name):
        with pytest.raises(ImportError):
            __import__(name)
    assert name not in sys.modules  # the marker is gone: a real import would be tried again


def test_nothing_is_blocked_when_the_module_or_its_user_is_already_imported():
    with imports_failing("json"):  # already imported: left alone
        import json  # noqa: F401
    with imports_failing("prepay_fastimport_probe_module", unless=("sys",)):
        assert "prepay_fastimport_probe_module" not in sys.modules


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
def test_a_kernel_reads_the_data_without_dask_or_hypothesis_and_still_reports_bad_cells(tmp_path):
    # What prepay app's and prepay reports' kernels run first (inputs.fastimport.for_kernel).
    (tmp_path / "options.csv").write_text(
        "option,months,discount,opt_out_days,label\npayg,1,0,0,Pay as you go\nx,2,1.5,0,X\n"
    )
    out = run_python(
        "import sys\n"
        "from prepay_modeller.inputs import fastimport, tables\n"
        "fastimport.for_kernel()\n"
        "tables.load_splits()\n"
        "try:\n"
        f"    tables.load_options({str(tmp_path / 'options.csv')!r})\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, '|', exc)\n"
        "print('dask.dataframe' in sys.modules, 'hypothesis' in sys.modules)"
    )
    first, last = out.rsplit("\n", 1)
    assert last == "False False"
    assert first.startswith("DataFileError |")
    assert "options.csv row 2, discount: 1.5" in first
    assert "options.csv row 2, months" in first


@pytest.mark.slow
def test_importing_the_package_leaves_pandera_as_it_is():
    # No skipped import as a side effect of importing a module of ours: pandera's data
    # synthesis (hypothesis) works after the schemas and the data were read.
    out = run_python(
        "from prepay_modeller.inputs import schemas, tables\n"
        "tables.load_splits(); tables.load_options()\n"
        "frame = schemas.Splits.example(size=2)\n"
        "print(len(frame), list(frame.columns))"
    )
    assert out == "2 ['quarter', 'stage', 'fixed', 'variable_max']"
