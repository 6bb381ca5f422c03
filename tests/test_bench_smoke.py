"""bench/sweep.py still runs (on a tiny size; the speed goals are read from its output by people,
never asserted here) and still checks that the sweep and the loop agree."""

import subprocess
import sys

from model import paths


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
