"""The benchmarks live in bench/ and run by hand (their figures are read by people, never
asserted in a test). One cheap check stays here: bench/sweep.py on a tiny size, because it also
checks that the sweep and the one-scenario loop agree to the cent."""

import subprocess
import sys

import pytest

from prepay_modeller.inputs import paths


@pytest.mark.slow
def test_bench_sweep_runs_small():
    script = paths.PROJ_ROOT / "bench" / "sweep.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--scenarios", "2000", "--sample", "50", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "ratio (loop / sweep)" in proc.stdout
    assert "same cents on the 50-path sample: yes" in proc.stdout
