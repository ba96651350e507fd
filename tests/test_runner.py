"""A campaign run that fails leaves its folder saying so, and the previous report aside, never as the latest."""

from __future__ import annotations

import jupytext
import pytest

from workbench import runner
from workbench.exceptions import WorkbenchError
from workbench.programme import Programme

FAILING = '''
# %% tags=["parameters"]
out_dir: str = "."

# %%
raise RuntimeError("the data of that province is not there")
'''


def test_a_failed_run_marks_its_folder_and_keeps_the_previous_report_aside(tmp_path):
    notebook = jupytext.reads(FAILING, fmt="py:percent")
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    jupytext.write(notebook, tmp_path / "failing.ipynb")
    programme = Programme(id="failing", notebook_path=tmp_path / "failing.ipynb")
    out = tmp_path / "reports" / "failing"
    out.mkdir(parents=True)
    (out / "failing.html").write_text("last month's report")
    with pytest.raises(WorkbenchError, match="not there"):
        runner.run(programme, {}, out, "Province", progress=False)
    assert not (out / "failing.html").exists()
    assert (out / "failing.previous.html").read_text() == "last month's report"
    assert (out / runner.STATUS_FILE).read_text().startswith("failed at")
    index = runner.write_reports_index(tmp_path / "reports").read_text(encoding="utf-8")
    assert "failing" not in index.split("<ul>")[1]  # the index links no report of a failed run


def test_a_finished_run_says_what_it_was_about(tmp_path):
    import json

    notebook = jupytext.reads('# %% tags=["parameters"]\nout_dir: str = "."\n', fmt="py:percent")
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    jupytext.write(notebook, tmp_path / "fine.ipynb")
    programme = Programme(id="overview", notebook_path=tmp_path / "fine.ipynb")  # a real programme's titles
    result = runner.run(programme, {"year": "2025-2026", "province": "0301", "region": ""}, tmp_path / "out",
                        "Province", progress=False)
    manifest = json.loads((tmp_path / "out" / runner.MANIFEST_FILE).read_text(encoding="utf-8"))
    assert {k: manifest[k] for k in ("campaign", "year", "region", "province", "school", "report")} == {
        "campaign": programme.campaign_name, "year": "2025-2026", "region": "", "province": "0301", "school": "",
        "report": result.report.name}


def test_a_file_still_being_written_aside_is_waited_for_and_its_failure_fails_the_run(tmp_path):
    from concurrent.futures import Future

    from workbench.run_context import RunContext

    written, failed = Future(), Future()
    written.set_result(["0301 Fès"])
    failed.set_exception(OSError("disk full"))
    run = RunContext(programme=None, parameters=None, engine=None, year="2025-2026", scope=None, out_dir=tmp_path)
    run.pending += [written, failed]
    with pytest.raises(OSError, match="disk full"):
        run.finish()
    assert run.pending == []  # each waited for once
    run.finish()  # nothing left: returns at once


HELPERS = '''
# %% tags=["parameters"]
out_dir: str = "."

# %%
import json, os
import psutil
from workbench.processes import helper_pool

pool = helper_pool(1)
pool.submit(os.getpid).result()  # a helper process, and multiprocessing's resource tracker beside it
locks = [
    lock for queue in (pool._call_queue, pool._result_queue) for lock in (queue._rlock, queue._wlock)]
with open(os.path.join(out_dir, "kernel.json"), "w") as out:
    json.dump({"children": [child.pid for child in psutil.Process().children()],
               "semaphores": [lock._semlock.name for lock in locks]}, out)
'''


def test_a_kernel_that_used_helper_processes_ends_with_them_and_leaves_no_semaphore(tmp_path):
    """The kernel is stopped soon after its last cell (runner.CampaignKernelManager, rather than after the grace
    period its resource tracker made it wait): its helper and the tracker end with it, and the tracker still
    removes the helpers' semaphores (a tracker killed outright would leave them in /dev/shm)."""
    import json
    import time
    from pathlib import Path

    import psutil

    notebook = jupytext.reads(HELPERS, fmt="py:percent")
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    jupytext.write(notebook, tmp_path / "helpers.ipynb")
    runner.execute(Programme(id="overview", notebook_path=tmp_path / "helpers.ipynb"), {"out_dir": str(tmp_path)},
                   tmp_path / "out", progress=False)
    kernel = json.loads((tmp_path / "kernel.json").read_text())
    assert len(kernel["children"]) == 2 and len(kernel["semaphores"]) == 4

    def left() -> tuple[list, list]:
        alive = [pid for pid in kernel["children"] if psutil.pid_exists(pid)
                 and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
        return alive, [name for name in kernel["semaphores"] if Path(f"/dev/shm/sem.{name.lstrip('/')}").exists()]

    deadline = time.monotonic() + 30  # a bound on waiting, not a measure: the tracker cleans up as it exits
    while left() != ([], []) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left() == ([], [])
