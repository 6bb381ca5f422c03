"""The benchmarks still run (on a tiny size; the speed goals are read from their output by people,
never asserted here), and bench/sweep.py still checks that the sweep and the loop agree."""

import subprocess
import sys
from pathlib import Path

import pytest

from prepay_modeller.inputs import paths
from prepay_modeller.presentation.pdf import CHROMIUM


def run_bench(name: str, *args: str, timeout: float) -> str:
    """``bench/NAME ARGS``; its standard output, once it has exited 0."""
    script = paths.PROJ_ROOT / "bench" / name
    proc = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_bench_sweep_runs_small():
    out = run_bench(
        "sweep.py", "--scenarios", "2000", "--sample", "50", "--repeat", "1", timeout=120
    )
    assert "ratio (loop / sweep)" in out
    assert "same cents on the 50-path sample: yes" in out


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_bench_app_latency_runs_small():
    """One cold start, three slider changes, no wait before the second page: it still reports
    every figure the README quotes (the times themselves are read by people)."""
    out = run_bench(
        "app_latency.py", "--starts", "1", "--changes", "3", "--warm-wait", "0", timeout=300
    )
    for line in (
        "prepay app listening after",
        "first interactive page after",
        "median of 1 starts",
        "page opened on a running app:",
        "slider → headline, 3 changes:",
        "95th percentile",
        "the same update in Python alone",
    ):
        assert line in out
