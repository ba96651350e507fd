"""The workbench's helper processes (SQLite readers, workbook writers) leave interrupts to the process that started
them: a notebook kernel is signalled as a process group, and its readers printed a traceback each."""

import os
import signal
import time

from workbench.processes import helper_pool


def test_a_helper_process_ignores_an_interrupt_and_goes_on_working(capfd):
    # Started as a kernel starts them: with interrupts handled (a shell's background job would pass them ignored).
    handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        pool = helper_pool(1)
    finally:
        signal.signal(signal.SIGINT, handler)
    try:
        helper = pool.submit(os.getpid).result()
        os.kill(helper, signal.SIGINT)
        time.sleep(0.3)  # the signal delivered while the helper waits for work
        assert pool.submit(os.getpid).result() == helper
    finally:
        pool.shutdown()
    assert "KeyboardInterrupt" not in capfd.readouterr().err


def _signals(pid: int) -> dict[str, int]:
    fields = dict(line.split(":\t") for line in open(f"/proc/{pid}/status").read().splitlines() if ":\t" in line)
    return {name: int(fields[name], 16) for name in ("SigBlk", "SigIgn")}


def test_a_helper_process_takes_no_interrupt_even_while_it_starts():
    """An interrupt that lands while a helper is still importing, before its initializer runs, printed a
    KeyboardInterrupt traceback (a campaign stopping while a reader started): helpers are started with interrupts
    blocked, and the process that starts them keeps taking its own."""
    interrupt = 1 << (signal.SIGINT - 1)
    pool = helper_pool(1)
    try:
        helper = pool.submit(os.getpid).result()
        assert _signals(helper)["SigBlk"] & interrupt and _signals(helper)["SigIgn"] & interrupt
    finally:
        pool.shutdown()
    assert not _signals(os.getpid())["SigBlk"] & interrupt


GIVE_BACK = """
import os, resource
from workbench import memory
def resident():
    return int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize()
held = [bytes(64 * 1024) for _ in range(3000)]  # 190 MB in the C allocator's heap, not in pages of their own
pin = bytes(64 * 1024)  # allocated last: the freed blocks below it stay in the heap
del held
before = resident()
memory.give_back()
print(before - resident())
"""


def test_a_run_gives_back_the_memory_it_freed_to_the_system():
    """A national run frees frames of millions of rows; the allocator kept their pages (0.85 GB of Tayssir's 2.77 GB
    while its report was drawn) unless given back."""
    import subprocess
    import sys

    from workbench import memory

    assert memory._malloc_trim() is not None  # glibc: the machines the workbench runs on
    given = int(subprocess.run([sys.executable, "-c", GIVE_BACK], capture_output=True, text=True, check=True).stdout)
    assert given > 100 * 1024 * 1024  # of the 190 MB freed (134 MB here)


def test_a_campaign_run_gives_memory_back_after_computing_and_after_writing(tiny_demo_url, tmp_path, monkeypatch):
    """Each step's freed memory goes back to the system; a run whose workbook is still written aside (the Tayssir
    payment list) reads nothing more and ends its reader processes, while one that writes at once keeps them."""
    from workbench import memory, sqlite_reader
    from workbench.run_context import open_run

    steps = []
    monkeypatch.setattr(memory, "give_back", lambda: steps.append("given back"))
    for programme, parameters, readers_kept in (("overview", {}, True), ("tayssir", {"period": "P1"}, False)):
        steps.clear()
        run = open_run(programme, db_url=tiny_demo_url, out_dir=str(tmp_path / programme), **parameters)
        with run.engine.connect() as connection:
            result = run.compute(connection)
            assert steps == ["given back"]
            assert sqlite_reader._readers._pool is not None  # the run read through them
            run.write_outputs(connection, result)
        assert steps == ["given back"] * 2
        assert (sqlite_reader._readers._pool is not None) == readers_kept, programme
        run.finish()
        run.engine.dispose()
