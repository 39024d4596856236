"""Interleaved timing shared by the benchmarks: alternate the contenders round by round so that
a slow spell of the machine weighs on all of them alike, and report medians."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_started = time.perf_counter()


def progress(message: str) -> None:
    """One line of progress, stamped with the seconds since the benchmarks started."""
    print(f"  [{time.perf_counter() - _started:7.1f} s] {message}", flush=True)


def seconds_per_call(call: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def interleaved(
    contenders: dict[str, Callable[[], object]], rounds: int, calls_per_round: int
) -> dict[str, float]:
    """The median seconds per call of each contender, over ``rounds`` interleaved rounds."""
    names = list(contenders)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for name in names:  # warm-up: imports, caches, first-use costs
        seconds_per_call(contenders[name], 3)
    for number in range(rounds):
        order = names if number % 2 == 0 else list(reversed(names))
        for name in order:
            samples[name].append(seconds_per_call(contenders[name], calls_per_round))
        if (number + 1) % 5 == 0 or number + 1 == rounds:
            progress(f"round {number + 1}/{rounds}")
    return {name: statistics.median(values) for name, values in samples.items()}


def report(medians: dict[str, float], baseline: str) -> None:
    width = max(len(name) for name in medians)
    for name, seconds in medians.items():
        print(f"  {name:<{width}}  {seconds * 1000:8.3f} ms per call (median)")
    for name, seconds in medians.items():
        if name != baseline:
            print(f"  ratio {name} / {baseline}: {seconds / medians[baseline]:.2f}")


@dataclass(frozen=True)
class Figure:
    """One measured figure against its target, for the summary of a run of benchmarks."""

    name: str
    value: str
    target: str
    met: bool


def summary(figures: Sequence[Figure]) -> None:
    """The figures of every benchmark run, each against its target."""
    width = max(len(figure.name) for figure in figures)
    for figure in figures:
        verdict = "met" if figure.met else "NOT met"
        print(f"  {figure.name:<{width}}  {figure.value:>10}  target {figure.target:<8} {verdict}")
