"""prepay app's kernels read a snapshot of the validated defaults instead of validating the
files again (issue 16): the same catalog and OKR template, no pandera in the kernel, and a file
changed since the snapshot is read and validated as usual."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from prepay_modeller.inputs import defaults, paths


def run(code: str, env: dict) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


@pytest.mark.slow
def test_a_kernel_reads_the_snapshot_without_pandera(tmp_path):
    snapshot = defaults.write_snapshot(tmp_path / "defaults.json")
    env = dict(os.environ, PREPAY_DEFAULTS_SNAPSHOT=str(snapshot))
    out = run(
        "import sys\n"
        "from prepay_modeller.inputs import defaults\n"
        "cat = defaults.catalog(); okr = defaults.okr_template()\n"
        "print([o.name for o in cat.options], len(okr), 'pandera' in sys.modules)",
        env,
    )
    assert out == "['payg', 'prepay-3', 'prepay-6', 'prepay-12'] 25 False"
    # The snapshot holds what validating the files gives.
    document = json.loads(snapshot.read_text())
    assert document["catalog"] == defaults.catalog().model_dump(mode="json")


@pytest.mark.slow
def test_a_changed_file_is_read_again(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    env = dict(os.environ, PREPAY_DATA_DIR=str(data))
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from prepay_modeller.inputs import defaults\n"
        f"defaults.write_snapshot(Path({str(tmp_path / 's.json')!r}))\n"
    )
    run(code, env)
    options = data / "options.csv"
    options.write_text(options.read_text().replace("12-month prepay", "Annual prepay"))
    env["PREPAY_DEFAULTS_SNAPSHOT"] = str(tmp_path / "s.json")
    out = run(
        "from prepay_modeller.inputs import defaults\n"
        "print(defaults.catalog().option('prepay-12').label)",
        env,
    )
    assert out == "Annual prepay"  # not the snapshot's "12-month prepay"


def test_the_server_keeps_one_snapshot_per_state_of_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = defaults.snapshot_for_kernels()
    assert first.parent == tmp_path / "cache" / "prepay-modeller"
    assert defaults.snapshot_for_kernels() == first  # found again, not written again
