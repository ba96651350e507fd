"""Run a campaign notebook with papermill and turn it into a manager's HTML report (no code in it)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter
from papermill.exceptions import PapermillExecutionError
from tqdm import tqdm

from workbench.campaigns import Campaign
from workbench.exceptions import InputError, WorkbenchError
from workbench.report import STYLE, bilingual

# Parameters the runner sets itself; everything else must be declared by the notebook.
RUNNER_PARAMETERS = ("db_url", "year", "region", "province", "school", "out_dir")


@dataclass(frozen=True)
class RunResult:
    campaign: str
    label: str
    notebook: Path
    report: Path


def declared_parameters(campaign: Campaign) -> dict[str, str]:
    """Name -> inferred type of each parameter in the notebook's `parameters` cell."""
    if not campaign.notebook.exists():
        raise WorkbenchError(f"The notebook {campaign.notebook} is missing.")
    return {name: info["inferred_type_name"] for name, info in papermill.inspect_notebook(
        str(campaign.notebook)).items()}


def parse_params(pairs: tuple[str, ...] | list[str], declared: dict[str, str]) -> dict[str, object]:
    """'k=v' pairs checked against the notebook's declared parameters (an unknown one fails the run)."""
    values: dict[str, object] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(f"--param '{pair}' must be written name=value.")
        if name not in declared or name in RUNNER_PARAMETERS:
            usable = [n for n in declared if n not in RUNNER_PARAMETERS]
            raise InputError(f"The notebook has no parameter '{name}'"
                             + (f" (it accepts: {', '.join(usable)})." if usable else " it lets you set."))
        kind = declared[name]
        try:
            values[name] = int(raw) if kind == "int" else float(raw) if kind == "float" else \
                raw.lower() in ("1", "true", "yes", "oui") if kind == "bool" else raw
        except ValueError as exc:
            raise InputError(f"--param {name} expects a {kind}, not '{raw}'.") from exc
    return values


def execute(campaign: Campaign, parameters: dict[str, object], out_dir: Path, *, progress: bool = True) -> Path:
    """Execute the notebook into `out_dir`; a failed run still keeps the executed notebook, then raises."""
    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / f"{campaign.name}.ipynb"
    try:
        papermill.execute_notebook(str(campaign.notebook), str(output), parameters=parameters,
                                   progress_bar=progress, kernel_name="python3", cwd=str(out_dir))
    except PapermillExecutionError as exc:
        reason = _operator_reason(exc)
        raise WorkbenchError(f"The {campaign.name} campaign stopped: {reason}\n"
                             f"The executed notebook, with the failing cell marked, is {output}.") from exc
    return output


def _operator_reason(exc: PapermillExecutionError) -> str:
    """The workbench's own message when the notebook raised one, else the Python error in one line."""
    if exc.ename in ("InputError", "WorkbenchError", "ImportRejected"):
        return exc.evalue
    return f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})"


def render_html(notebook: Path, campaign: Campaign, label: str) -> Path:
    """A self-contained HTML page of the outputs only (no code cells, no prompts)."""
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    document = nbformat.read(notebook, as_version=4)
    hidden = {"injected-parameters", "parameters", "notebook-only"}
    document.cells = [c for c in document.cells if not hidden & set(c.metadata.get("tags", []))]
    body, _ = exporter.from_notebook_node(document, resources={"metadata": {
        "name": f"{campaign.title_fr} — {label}"}})
    # The offline report needs neither RequireJS nor MathJax from a CDN.
    body = re.sub(r'<script[^>]+src="https?://[^"]+"[^>]*>\s*</script>', "", body)
    body = body.replace("<html>", '<html lang="fr">', 1)
    report = notebook.with_suffix(".html")
    report.write_text(body, encoding="utf-8")
    return report


def run(campaign: Campaign, parameters: dict[str, object], out_dir: Path, label: str, *,
        progress: bool = True) -> RunResult:
    notebook = execute(campaign, {**parameters, "out_dir": str(out_dir.resolve())}, out_dir, progress=progress)
    return RunResult(campaign.name, label, notebook, render_html(notebook, campaign, label))


def run_per_province(campaign: Campaign, parameters: dict[str, object], out_dir: Path,
                     provinces: list[tuple[str, str, str]], *, progress: bool = True) -> Path:
    """One run per province into `out_dir/<code>/`, and an index.html linking them."""
    results = []
    bar = tqdm(provinces, desc=campaign.name, unit="province", disable=not progress)
    for code, name_fr, name_ar in bar:
        bar.set_postfix_str(name_fr)
        params = {**parameters, "region": "", "province": code, "school": ""}
        results.append((code, name_fr, name_ar, run(campaign, params, out_dir / code, name_fr, progress=False)))
    rows = "".join(
        f'<tr><td>{code}</td><td><a href="{code}/{r.report.name}">{html.escape(fr)}</a></td>'
        f'<td dir="rtl">{html.escape(ar)}</td></tr>' for code, fr, ar, r in results)
    index = out_dir / "index.html"
    index.write_text(_page(campaign.title_fr, bilingual(campaign.title_fr, campaign.title_ar, "h1")
                           + f"<table class='wb-table'><tr><th>Code</th><th>Province</th><th>الإقليم</th></tr>{rows}"
                           "</table>"), encoding="utf-8")
    return index


def write_reports_index(reports_dir: Path) -> Path:
    """reports/index.html: one link per campaign folder (its index.html, else its report), with its titles."""
    from workbench.campaigns import CAMPAIGNS

    links = []
    for folder in sorted(p for p in reports_dir.iterdir() if p.is_dir()):
        pages = [folder / "index.html"] if (folder / "index.html").exists() else sorted(folder.glob("*.html"))
        if not pages:
            continue
        campaign = CAMPAIGNS.get(folder.name)
        fr, ar = (campaign.title_fr, campaign.title_ar) if campaign else (folder.name, folder.name)
        links.append(f'<li><a href="{pages[0].relative_to(reports_dir).as_posix()}">{html.escape(fr)}</a>'
                     f' — <span dir="rtl">{html.escape(ar)}</span></li>')
    index = reports_dir / "index.html"
    index.write_text(_page("Massar Workbench", bilingual("Rapports des campagnes", "تقارير العمليات", "h1")
                           + f"<ul>{''.join(links) or '<li>Aucun rapport / لا توجد تقارير</li>'}</ul>"),
                     encoding="utf-8")
    return index


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"{STYLE}<style>body{{font-family:sans-serif;max-width:960px;margin:2em auto}}</style></head>"
            f"<body>{body}</body></html>")
