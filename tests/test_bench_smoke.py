"""The benchmarks still run (on a tiny size; the speed goals are read from their output by people,
never asserted here), and bench/sweep.py still checks that the sweep and the loop agree."""

import subprocess
import sys
from pathlib import Path

import pytest

from model import paths
from model.pdf import CHROMIUM


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


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_bench_app_latency_runs_small():
    """One cold start, three slider changes, no wait before the second page: it still reports
    every figure the README quotes (the times themselves are read by people)."""
    script = paths.PROJ_ROOT / "bench" / "app_latency.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--starts", "1", "--changes", "3", "--warm-wait", "0"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for line in (
        "prepay app listening after",
        "first interactive page after",
        "median of 1 starts",
        "page opened on a running app:",
        "slider → headline, 3 changes:",
        "95th percentile",
        "the same update in Python alone",
    ):
        assert line in proc.stdout
