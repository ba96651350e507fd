"""The region demo of `make bench` (Fès-Meknès, 1,000,000 pupils by default) built once into benchmarks/out/ and
reused: for profiling and for `app_interactions` while one iterates, without the 8 minutes of a rebuild.

    .venv/bin/python benchmarks/region_demo.py [PUPILS]     # prints the database URL; builds it when missing
"""

from __future__ import annotations

import sys
from pathlib import Path

from workbench.db import make_engine, migrate
from workbench.demo import build_demo

OUT = Path(__file__).parent / "out"
YEAR = "2025-2026"


def region_demo(pupils: int = 1_000_000, region: str = "03") -> str:
    """The URL of the kept region demo of that size, built first when missing (an unfinished build is redone)."""
    OUT.mkdir(exist_ok=True)
    path, done = OUT / f"kept_region_{pupils}.db", OUT / f"kept_region_{pupils}.done"
    url = f"sqlite:///{path}"
    if not done.exists():
        for leftover in OUT.glob(f"{path.name}*"):
            leftover.unlink()
        engine = make_engine(url)
        migrate(engine)
        build_demo(engine, region=region, pupils=pupils, year=YEAR, progress=True)
        engine.dispose()
        done.touch()
    else:
        engine = make_engine(url)
        migrate(engine)  # the branch's new migrations, applied to a demo built before them
        engine.dispose()
    return url


if __name__ == "__main__":
    print(region_demo(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000))
