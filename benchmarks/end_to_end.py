"""Issue 17's measure: each campaign run end to end as an operator runs it (`workbench run`, a subprocess whose
notebook kernel is its child) beside the DuckDB-on-Parquet reference (benchmarks/parquet_reference.py, also a
subprocess) in the same run: wall time and peak memory of each process tree, the ratio, the targets, and whether
their files agree.

    python benchmarks/end_to_end.py sqlite:///benchmarks/out/reference_1000000.db   # one store, printed as a table
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

HERE = Path(__file__).parent
WORKBENCH = Path(sys.executable).with_name("workbench")
# campaign -> its run options (Tayssir: the first period, whose payment list is written too)
CAMPAIGNS = {"overview": [], "kit-needs": [], "tayssir-transfers": ["--period", "P1"], "grant-lists": []}
RATIO_TARGET = 3.0
MEMORY_TARGET = 4 * 1024**3
TAYSSIR_TARGET_SQLITE = 60.0


@dataclass
class Measure:
    seconds: float
    peak_bytes: int
    returncode: int
    output: str


def measure(command: list[str], env: dict[str, str] | None = None, interval: float = 0.1) -> Measure:
    """Wall time and the peak of the summed resident memory of the process and all its descendants (polled)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        root = psutil.Process(process.pid)
        peak = 0
        while process.poll() is None:
            total = 0
            try:
                for member in [root, *root.children(recursive=True)]:
                    try:
                        total += member.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            peak = max(peak, total)
            time.sleep(interval)
        seconds = time.perf_counter() - start
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return Measure(seconds, peak, process.returncode, output)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def run(url: str, work: Path, backend: str, pupils: int, rows: list | None = None) -> list[dict]:
    """Every campaign on both paths; one printed line each, and their figures returned."""
    work = Path(work)
    shutil.rmtree(work, ignore_errors=True)
    parquet = work / "parquet"
    env = {**os.environ, "WORKBENCH_DB_URL": url}  # the URL never goes in a process argument
    reference = [sys.executable, str(HERE / "parquet_reference.py")]
    exported = measure([*reference, "export", url, str(parquet)], env)
    if exported.returncode:
        print(exported.output[-3000:])
        raise SystemExit("the Parquet export failed")
    label = f"{backend} {pupils:>9,}"
    print(f"  {label} Parquet export of the tables the campaigns read: {exported.seconds:7.1f} s, "
          f"{exported.peak_bytes / 1024**3:.2f} GB peak ({load()}) [{exported.output.strip().splitlines()[-1]}]",
          flush=True)
    if rows is not None:
        rows.append((f"{label} Parquet export (reference)", exported.seconds))
    print(f"  {'':<34} {'workbench run':>22} {'DuckDB on Parquet':>22} {'ratio':>6}  targets; files", flush=True)
    figures = []
    for campaign, options in CAMPAIGNS.items():
        ours_dir, theirs_dir = work / "workbench" / campaign, work / "reference" / campaign
        ours = measure([str(WORKBENCH), "--quiet", "run", campaign, *options, "--out", str(ours_dir)], env)
        where = load()
        theirs = measure([*reference, "compute", campaign, str(parquet), str(theirs_dir)], env)
        if ours.returncode or theirs.returncode:
            failed = ours if ours.returncode else theirs
            print(f"  {label} {campaign}: FAILED\n{failed.output[-3000:]}", flush=True)
            continue
        checked = measure([*reference, "check", campaign, str(ours_dir), str(theirs_dir)], env)
        said = checked.output.strip().splitlines()
        agree = said[-1].split(": ", 1)[1] if checked.returncode == 0 else "DIFFER: " + "; ".join(said)
        ratio = ours.seconds / max(theirs.seconds, 1e-9)
        targets = [f"ratio < {RATIO_TARGET:g}: {'yes' if ratio < RATIO_TARGET else 'NO'}",
                   f"peak < 4 GB: {'yes' if ours.peak_bytes < MEMORY_TARGET else 'NO'}"]
        if campaign == "tayssir-transfers" and backend == "sqlite":
            targets.append(f"< {TAYSSIR_TARGET_SQLITE:g} s: {'yes' if ours.seconds < TAYSSIR_TARGET_SQLITE else 'NO'}")
        print(f"  {label} {campaign:<18} {ours.seconds:8.1f} s {ours.peak_bytes / 1024**3:5.2f} GB  "
              f"{theirs.seconds:8.1f} s {theirs.peak_bytes / 1024**3:5.2f} GB {ratio:6.1f}  "
              f"{', '.join(targets)}; {agree} ({where})", flush=True)
        if rows is not None:
            rows.append((f"{label} {campaign} end to end (DuckDB-on-Parquet reference)", theirs.seconds))
            rows.append((f"{label} {campaign} end to end, workbench run", ours.seconds))
        figures.append({"campaign": campaign, "seconds": ours.seconds, "peak_bytes": ours.peak_bytes,
                        "reference_seconds": theirs.seconds, "reference_peak_bytes": theirs.peak_bytes,
                        "ratio": ratio, "agree": agree})
    return figures


if __name__ == "__main__":
    store = sys.argv[1]
    kind = "sqlite" if store.startswith("sqlite") else "postgresql"
    run(store, HERE / "out" / "end_to_end", kind, int(sys.argv[2]) if len(sys.argv) > 2 else 0)
