"""The benchmarks still run (with tiny rounds: this checks that they work, not their figures)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.in_process(
    reason="runs the benchmarks, which mock AWS in their own process"
)

ROOT = Path(__file__).parent.parent
PROGRESS = re.compile(r"^  \[ *\d+\.\d s\] (?P<message>.+)$")


def run_benchmarks(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "BENCH_ROUNDS": "1",
        "BENCH_CALLS": "2",
        "BENCH_INGESTION_ROWS": "3000",
        "BENCH_INGESTION_ROUNDS": "2",
        "BENCH_CATCH_UP_DAYS": "0.25",
        "BENCH_LABELS": "600",
    }
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
    assert any(line.strip().startswith("floor (boto3 alone)") for line in lines)
    assert any(line.strip().startswith("DescribeDataset through moto's stubber") for line in lines)
    assert any(
        re.fullmatch(
            r"DescribeDataset / forecast DescribeDatasetGroup: \d+\.\d\d \(target <= 0\.6\)",
            line.strip(),
        )
        for line in lines
    )
    assert any(
        re.fullmatch(r"DescribeDataset / floor: \d+\.\d\d \(target <= 1\.6\)", line.strip())
        for line in lines
    )
    assert PROGRESS.match(lines[1]), lines[1]
    assert any(PROGRESS.match(line) and line.endswith("round 1/1") for line in lines)


def test_list_labels_prints_the_per_label_ratio_of_the_two_groups() -> None:
    finished = run_benchmarks("list_labels")
    assert finished.returncode == 0, finished.stderr
    lines = finished.stdout.splitlines()
    assert lines[0] == "== list_labels"
    assert PROGRESS.match(lines[1])["message"] == "creating label groups of 500 and 600 labels"
    assert re.fullmatch(r" +500 labels: +\d+\.\d\d us per label listed \(median\)", lines[3])
    assert re.fullmatch(r" +600 labels: +\d+\.\d\d us per label listed \(median\)", lines[4])
    assert re.fullmatch(
        r"  per-label ratio 600 / 500: \d+\.\d\d median of rounds "
        r"\(best \d+\.\d\d, worst \d+\.\d\d; target <= 1\.3\)",
        lines[5],
    )


def test_ingestion_prints_progress_before_its_figures() -> None:
    finished = run_benchmarks("ingestion")
    assert finished.returncode == 0, finished.stderr
    steps = [PROGRESS.match(line) for line in finished.stdout.splitlines()]
    messages = [step["message"] for step in steps if step]
    assert messages[0] == "generating 3,000 rows of 10 sensors"
    assert messages[1].startswith("put s3://bench-data/plant/pump/pump.csv")
    assert messages[2].startswith("round 1/2: bare parse ")
    assert messages[3].startswith("round 2/2: bare parse ")
    assert messages[4] == "one more ingestion under tracemalloc (slower)"
    assert "ratio ingestion / bare parse" in finished.stdout


def test_unknown_benchmark_is_refused() -> None:
    finished = run_benchmarks("no_such_benchmark")
    assert finished.returncode == 2
    assert "no such benchmark: no_such_benchmark" in finished.stderr


def test_inference_catch_up_counts_the_runs_it_made() -> None:
    finished = run_benchmarks("inference_catch_up")
    assert finished.returncode == 0, finished.stderr
    lines = finished.stdout.splitlines()
    assert PROGRESS.match(lines[1])["message"] == (
        "writing the input files of 0.25 days of PT5M windows"
    )
    assert any(line.startswith("  0.25 days of PT5M with input: 72 runs in ") for line in lines)
    (against,) = [line for line in lines if line.startswith("  catch-up of 72 runs: ")]
    assert "s (the target, \u2264 1 s, is for 30 days), the best of 3 rounds (" in against
    assert any(
        line.startswith("  a year of PT5M without input: 10,000 runs (the newest) in ")
        for line in lines
    )


def test_a_run_of_benchmarks_ends_with_each_figure_against_its_target() -> None:
    finished = run_benchmarks("describe_dataset", "list_labels")
    assert finished.returncode == 0, finished.stderr
    lines = finished.stdout.splitlines()
    summary = lines[lines.index("== targets") + 1 :]
    figure = r"  {name} +\d+\.\d\d  target {target} +(met|NOT met)"
    assert len(summary) == 3
    assert re.fullmatch(
        figure.format(name="DescribeDataset / forecast", target="<= 0.6"), summary[0]
    )
    assert re.fullmatch(figure.format(name="DescribeDataset / floor", target="<= 1.6"), summary[1])
    assert re.fullmatch(
        figure.format(name="ListLabels per label, 600 / 500", target="<= 1.3"), summary[2]
    )
