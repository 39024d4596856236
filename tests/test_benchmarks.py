"""The benchmarks still run (with tiny rounds: this checks that they work, not their figures)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def run_benchmarks(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "BENCH_ROUNDS": "1", "BENCH_CALLS": "2"}
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=environment,
    )


def test_list_names_every_benchmark_module() -> None:
    listed = run_benchmarks("--list")
    assert listed.returncode == 0, listed.stderr
    modules = sorted(
        path.stem for path in (ROOT / "benchmarks").glob("*.py") if not path.stem.startswith("_")
    )
    assert listed.stdout.split() == modules


def test_describe_dataset_prints_both_medians_and_the_ratio() -> None:
    finished = run_benchmarks("describe_dataset")
    assert finished.returncode == 0, finished.stderr
    lines = finished.stdout.splitlines()
    assert lines[0] == "== describe_dataset"
    assert any(line.strip().startswith("lookoutequipment DescribeDataset") for line in lines)
    assert any(line.strip().startswith("forecast DescribeDatasetGroup") for line in lines)
    assert any(
        line.strip().startswith("ratio lookoutequipment DescribeDataset / forecast")
        for line in lines
    )


def test_unknown_benchmark_is_refused() -> None:
    finished = run_benchmarks("no_such_benchmark")
    assert finished.returncode == 2
    assert "no such benchmark: no_such_benchmark" in finished.stderr
