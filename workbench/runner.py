"""Run a campaign notebook with papermill and turn it into a manager's HTML report (no code in it)."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from jupyter_client import AsyncKernelManager
from nbconvert import HTMLExporter
from papermill.exceptions import PapermillExecutionError
from tqdm import tqdm
from traitlets import Float

from workbench import config, filemodes
from workbench.catalogue import DEFAULT_LANGUAGE, Label, language_names, text
from workbench.exceptions import InputError, WorkbenchError
from workbench.imports.columns import parse_yes_no
from workbench.programme import Programme, RunParameters
from workbench.report import STYLE, bilingual, in_both

# The kernel runs on this machine's loopback for one notebook: its warnings are not the operator's concern.
# jupyter_client (8.x) interrupts a kernel before it asks it to shut down; when the interrupt lands while the kernel
# still answers a message, ipykernel logs "KeyboardInterrupt caught in kernel" at ERROR (seen in 1 run of 4 of
# `overview --all-provinces`). A cell's error still stops the run: papermill reports it from the notebook.
KERNEL_QUIET = ["--IPKernelApp.log_level=CRITICAL"]


class CampaignKernelManager(AsyncKernelManager):
    """The kernel of one campaign notebook, stopped soon after its last cell. A kernel that used helper processes
    (the readers, the workbooks written aside) has multiprocessing's resource tracker among its children, and the
    tracker ignores SIGTERM by design; ipykernel (7.x) waits for its children before it exits, so such a kernel
    sat out jupyter_client's whole grace period (2.5 s of 5) before being terminated, on every run and every
    province of `--all-provinces`. By then every cell has ended and every file is written (`run.finish`); once the
    kernel ends, the tracker removes the helpers' semaphores and exits, as it did after the 2.5 s."""

    shutdown_wait_time = Float(0.6, config=True)  # a terminate after 0.3 s, a kill after 0.6 s


# Parameters the runner sets itself; the others may be given with --param.
RUNNER_PARAMETERS = ("db_url", "year", "region", "province", "school", "out_dir")


@dataclass(frozen=True)
class RunResult:
    campaign: str
    label: str
    notebook: Path
    report: Path


def parse_params(pairs: tuple[str, ...] | list[str], parameters: type[RunParameters]) -> dict[str, object]:
    """'k=v' pairs checked against the campaign's declared parameters (an unknown one fails the run)."""
    declared = {k: v for k, v in parameters.types().items() if k not in RUNNER_PARAMETERS}
    values: dict[str, object] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(text("error.name_value", option="--param", pair=pair))
        if name not in declared:
            raise InputError(text("error.no_parameter", name=name, known=", ".join(declared) or "—"))
        kind = declared[name]
        try:
            values[name] = parse_yes_no(raw) if kind is bool else kind(raw)
        except ValueError as exc:
            raise InputError(text("error.parameter_type", name=name, kind=kind.__name__, raw=raw)) from exc
    return values


@contextmanager
def _database_in_environment(database: str | None):
    """The kernel finds the database in its environment: the URL (and any password in it) never lands in the
    executed notebook's parameters or metadata."""
    previous = os.environ.get(config.DB_URL.env)
    if database:
        os.environ[config.DB_URL.env] = database
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(config.DB_URL.env, None)
        else:
            os.environ[config.DB_URL.env] = previous


def execute(programme: Programme, parameters: dict[str, object], out_dir: Path, *, database: str | None = None,
            progress: bool = True) -> Path:
    """Execute the notebook into `out_dir`; a failed run still keeps the executed notebook, then raises."""
    if not programme.notebook.exists():
        raise WorkbenchError(text("error.notebook_missing", path=programme.notebook))
    filemodes.folder(out_dir)
    output = out_dir / f"{programme.campaign_name}.ipynb"
    try:
        with _database_in_environment(database):
            papermill.execute_notebook(str(programme.notebook), str(output), parameters=parameters,
                                       progress_bar=progress, kernel_name="python3", cwd=str(out_dir),
                                       extra_arguments=KERNEL_QUIET, kernel_manager_class=CampaignKernelManager)
    except PapermillExecutionError as exc:
        reason = _operator_reason(exc)
        raise WorkbenchError(text("error.campaign_stopped", campaign=programme.campaign_name, reason=reason)
                             .joined(text("error.campaign_notebook", notebook=output))) from exc
    return output


def _operator_reason(exc: PapermillExecutionError) -> str | Label:
    """The workbench's own message when the notebook raised one (a catalogue message comes back as its French and
    Arabic lines, each said in its own language), else the Python error in one line."""
    if exc.ename in ("InputError", "WorkbenchError", "ImportRejected"):
        lines = exc.evalue.split("\n")
        if len(lines) == 2 and re.search("[\u0600-\u06FF]", lines[1]) and not re.search("[\u0600-\u06FF]", lines[0]):
            return Label(*lines)
        return exc.evalue
    return f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})"


# One page in both languages: Arabic (right to left) first, French at a click; the report's parts carry
# `data-lang` and its style sheet shows those of the page's language (workbench.report).
LANGUAGE_SWITCH = (
    '<nav class="wb-language-switch" style="text-align:end;padding:6px 12px">'
    + " ".join(f'<button type="button" onclick="wbLanguage(\'{language}\')" lang="{language}">{html.escape(name)}'
               "</button>" for language, name in language_names().items())
    + "</nav>"
    "<script>function wbLanguage(l){var h=document.documentElement;h.lang=l;h.dir=(l==='ar'?'rtl':'ltr');"
    "window.dispatchEvent(new Event('resize'));}</script>")


def render_html(notebook: Path, programme: Programme, label: str) -> Path:
    """A self-contained HTML page of the outputs only (no code cells, no prompts)."""
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    document = nbformat.read(notebook, as_version=4)
    hidden = {"injected-parameters", "parameters", "notebook-only"}
    document.cells = [c for c in document.cells if not hidden & set(c.metadata.get("tags", []))]
    body, _ = exporter.from_notebook_node(document, resources={"metadata": {
        "name": f"{programme.title.fr} — {label}"}})
    # The offline report needs neither RequireJS nor MathJax from a CDN.
    body = re.sub(r'<script[^>]+src="https?://[^"]+"[^>]*>\s*</script>', "", body)
    body = re.sub(r"<html[^>]*>", f'<html lang="{DEFAULT_LANGUAGE}" dir="rtl">', body, count=1)
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + LANGUAGE_SWITCH, body, count=1)
    report = notebook.with_suffix(".html")
    report.write_text(body, encoding="utf-8")
    return report


STATUS_FILE = "RUN-STATUS.txt"
# What a finished run was about (campaign, year, scope, when): the home page lists the latest reports of a user's
# scope from these, without opening the reports.
MANIFEST_FILE = "run.json"


def run(programme: Programme, parameters: dict[str, object], out_dir: Path, label: str, *,
        database: str | None = None, progress: bool = True) -> RunResult:
    """Run a campaign into `out_dir`. While it runs, and for good if it fails or is killed, the folder says so
    (RUN-STATUS.txt) and the previous report is kept aside as `<campaign>.previous.html`, never shown as the
    latest."""
    filemodes.folder(out_dir)
    report = out_dir / f"{programme.campaign_name}.html"
    if report.exists():
        report.replace(report.with_suffix(".previous.html"))
    status = out_dir / STATUS_FILE
    status.write_text(f"running since {dt.datetime.now():%Y-%m-%d %H:%M:%S}: if this stays, the run was stopped "
                      "before its end and this folder holds no valid report.\n", encoding="utf-8")
    try:
        notebook = execute(programme, {**parameters, "out_dir": str(out_dir.resolve())}, out_dir,
                           database=database, progress=progress)
        result = RunResult(programme.campaign_name, label, notebook, render_html(notebook, programme, label))
        _write_manifest(out_dir, programme, parameters, result.report)
    except BaseException as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        status.write_text(f"failed at {dt.datetime.now():%Y-%m-%d %H:%M:%S}: {reason}\n", encoding="utf-8")
        raise
    status.unlink()
    return result


def _write_manifest(out_dir: Path, programme: Programme, parameters: dict[str, object], report: Path) -> None:
    manifest = {"campaign": programme.campaign_name, "year": parameters.get("year") or "",
                **{level: parameters.get(level) or "" for level in ("region", "province", "school")},
                "finished_at": dt.datetime.now().isoformat(timespec="seconds"), "report": report.name}
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def province_run(programme_id: str, parameters: dict[str, object], out_dir: str, label: str,
                 database: str | None) -> str:
    """One province's run, as a Dask task: the programme is found again from its id in the worker's process (a
    worker of a real cluster imports the workbench itself); returns the report's file name."""
    from workbench.registry import programme

    return run(programme(programme_id), parameters, Path(out_dir), label, database=database,
               progress=False).report.name


@dataclass(frozen=True)
class FanOut:
    index: Path
    done: list[str]
    failed: dict[str, str]  # province code -> the reason, in one line


@contextmanager
def dask_client(scheduler: str | None, workers: int | None, tasks: int):
    """A client of the cluster at `scheduler` (tcp://HOST:PORT), else of a LocalCluster sized to this machine: one
    single-threaded worker process per core (a campaign's run is a notebook kernel: processes, not threads), no
    more workers than tasks."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as exc:
            raise WorkbenchError(text("error.no_scheduler", scheduler=scheduler, detail=exc)) from exc
        with client:
            yield client
        return
    count = max(1, min(workers or os.cpu_count() or 1, tasks))
    with LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=":0",  # any free port
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def run_per_province(programme: Programme, parameters: dict[str, object], out_dir: Path,
                     provinces: list[tuple[str, str, str]], *, database: str | None = None,
                     progress: bool = True, scheduler: str | None = None, workers: int | None = None,
                     regions: list[tuple[str, str, str]] = ()) -> FanOut:
    """One run per province into `out_dir/<code>/`, fanned out on a Dask cluster (a LocalCluster unless
    `scheduler` names one), with a progress bar over provinces, and an index.html linking them. A province that
    fails is named in the index with its reason; the others finish. With `regions` (code, French and Arabic labels),
    each region's report too, into `out_dir/<region code>/` beside its provinces', linked first."""
    from distributed import as_completed

    out_dir = Path(out_dir).resolve()
    names = {code: (fr, ar) for code, fr, ar in [*provinces, *regions]}
    reports: dict[str, str] = {}
    failed: dict[str, str] = {}
    runs = [(code, fr, {**parameters, "region": code, "province": "", "school": ""}) for code, fr, _ in regions]
    runs += [(code, fr, {**parameters, "region": "", "province": code, "school": ""}) for code, fr, _ in provinces]
    with dask_client(scheduler, workers, len(runs)) as client:
        futures = {client.submit(province_run, programme.id, values, str(out_dir / code), fr, database,
                                 key=f"{programme.campaign_name}-{code}", pure=False): code
                   for code, fr, values in runs}
        bar = tqdm(total=len(futures), desc=programme.campaign_name, unit="province", disable=not progress)
        for future in as_completed(futures):
            code = futures[future]
            try:
                reports[code] = future.result()
            except Exception as exc:  # noqa: BLE001 - the province is reported, the others go on
                failed[code] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            bar.set_postfix_str(names[code][0])
            bar.update()
        bar.close()
    not_done = text("reports.failed")
    rows = "".join(
        f'<tr><td><bdi>{code}</bdi></td><td><a href="{code}/{reports[code]}">{in_both(fr, ar)}</a></td></tr>'
        if code in reports else
        f'<tr><td><bdi>{code}</bdi></td><td>{in_both(fr, ar)} — {in_both(*not_done)} : '
        f'<bdi>{html.escape(failed[code])}</bdi></td></tr>'
        for code, fr, ar in provinces)
    head = "".join(f"<th>{in_both(*text(column))}</th>" for column in ("code", "province_code"))
    said = {code: in_both(*text("reports.region", scope=Label(fr, ar))) for code, fr, ar in regions}
    first = "".join(
        f'<p class="wb-region-report"><a href="{code}/{reports[code]}">{said[code]}</a></p>' if code in reports else
        f'<p class="wb-region-report">{said[code]} — {in_both(*not_done)} : <bdi>{html.escape(failed[code])}</bdi></p>'
        for code, _, _ in regions)
    index = out_dir / "index.html"
    index.write_text(_page(programme.title, bilingual(*programme.title, "h1") + first
                           + f"<table class='wb-table'><tr>{head}</tr>{rows}</table>"), encoding="utf-8")
    return FanOut(index, [code for code, _, _ in [*regions, *provinces] if code in reports], failed)


def write_reports_index(reports_dir: Path) -> Path:
    """reports/index.html: one link per campaign folder (its index.html, else its report), with its titles."""
    from workbench.registry import campaigns

    links = []
    for folder in sorted(p for p in reports_dir.iterdir() if p.is_dir()):
        pages = [folder / "index.html"] if (folder / "index.html").exists() else sorted(
            p for p in folder.glob("*.html") if not p.name.endswith(".previous.html"))
        if not pages or (folder / STATUS_FILE).exists():  # a run that failed or is still running
            continue
        programme = campaigns().get(folder.name)
        fr, ar = programme.title if programme else (folder.name, folder.name)
        links.append(f'<li><a href="{pages[0].relative_to(reports_dir).as_posix()}">{in_both(fr, ar)}</a></li>')
    index = reports_dir / "index.html"
    none = f"<li>{in_both(*text('reports.none'))}</li>"
    index.write_text(_page(text("app.title"), bilingual(*text("reports.title"), "h1")
                           + f"<ul>{''.join(links) or none}</ul>"), encoding="utf-8")
    return index


def _page(title: Label, body: str) -> str:
    """An index page: Arabic first, right to left, French at a click (the reports' language switch)."""
    return (f'<!DOCTYPE html><html lang="{DEFAULT_LANGUAGE}" dir="rtl"><head><meta charset="utf-8">'
            f"<title>{html.escape(title.ar)} — {html.escape(title.fr)}</title>"
            f"{STYLE}<style>body{{font-family:sans-serif;max-width:960px;margin:2em auto}}</style></head>"
            f"<body>{LANGUAGE_SWITCH}{body}</body></html>")
