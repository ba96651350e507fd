"""One .xlsx put together from workbooks that several processes wrote at once (`excel.write_workbooks_aside`).

An .xlsx is a zip of XML parts: the workbook (its sheets' names and order), the styles, and one part per sheet,
`xl/worksheets/sheetN.xml`. xlsxwriter writes every part; this module only moves them. The skeleton is the whole
workbook written with its sheets' headers alone (its workbook part, styles and properties are the final ones); each
sheet's own part is taken from the workbook that wrote that sheet's rows. It works because the parts agree: the same
formats created in the same order (the same style numbers), strings written in the cell (xlsxwriter's
constant-memory mode keeps no shared-string table), and no sheet selected but the first."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

STYLES = "xl/styles.xml"


def sheet_part(number: int) -> str:
    """The part of the workbook's `number`-th sheet (from 1)."""
    return f"xl/worksheets/sheet{number}.xml"


def same_styles(skeleton: Path, parts: Sequence[Path]) -> bool:
    """Whether every part numbers its cell formats as the skeleton does (a cell's `s="2"` means the same there)."""
    with ZipFile(skeleton) as base:
        styles = base.read(STYLES)
    for path in parts:
        with ZipFile(path) as part:
            if part.read(STYLES) != styles:
                return False
    return True


def assemble(skeleton: Path, parts: Sequence[tuple[Path, Sequence[int]]], target: Path) -> None:
    """Write `target`: the skeleton's package with each sheet's part taken from the part workbook that wrote it.
    `parts` gives each part workbook with the skeleton's sheet indices (from 0) of its sheets, in its order."""
    taken = {sheet_part(index + 1): (path, sheet_part(local))
             for path, indices in parts for local, index in enumerate(indices, start=1)}
    with ExitStack() as stack:
        base = stack.enter_context(ZipFile(skeleton))
        wanted = {info.filename for info in base.infolist() if info.filename.startswith("xl/worksheets/sheet")}
        if wanted != set(taken):
            raise ValueError(f"the parts hold sheets {sorted(taken)}, the workbook {sorted(wanted)}")
        opened = {path: stack.enter_context(ZipFile(path)) for path, _ in parts}
        out = stack.enter_context(ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True))
        for info in base.infolist():
            archive, name = (opened[taken[info.filename][0]], taken[info.filename][1]) \
                if info.filename in taken else (base, info.filename)
            source = archive.getinfo(name)
            member = ZipInfo(info.filename, info.date_time)
            member.compress_type, member.external_attr = ZIP_DEFLATED, info.external_attr
            member.file_size = source.file_size  # zipfile chooses ZIP64 headers by it (a sheet past 2 GB)
            with archive.open(source) as read, out.open(member, "w") as write:
                shutil.copyfileobj(read, write, 1 << 20)
