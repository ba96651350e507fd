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
