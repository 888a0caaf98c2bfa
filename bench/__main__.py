"""Run every benchmark (bench/bench_*.py), or those named: python -m bench import rankings."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    wanted = [n for n in names if not argv or n in argv]
    failures = 0
    for name in wanted:
        print(
            f"\n## bench_{name}  ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", flush=True
        )
        module = importlib.import_module(f"bench.bench_{name}")
        failures += 1 if module.main([]) else 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
