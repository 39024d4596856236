"""Run every benchmark module of this package, or the ones named on the command line."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

import benchmarks
from benchmarks._timing import Figure, summary


def available() -> list[str]:
    return sorted(
        module.name
        for module in pkgutil.iter_modules(benchmarks.__path__)
        if not module.name.startswith("_")
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "names", nargs="*", help=f"benchmarks to run (default: all of {available()})"
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(available()))
        return 0
    unknown = sorted(set(args.names) - set(available()))
    if unknown:
        parser.error(f"no such benchmark: {', '.join(unknown)} (have {', '.join(available())})")
    figures: list[Figure] = []
    for name in args.names or available():
        print(f"== {name}", flush=True)
        figures.extend(importlib.import_module(f"benchmarks.{name}").main())
    if figures:
        print("== targets")
        summary(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
