"""Word documents (.docx): every table with a plan header is part of the plan; headings become sections."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from planreview.importers.model import PlanDraft, PlanFormatError, SectionDraft
from planreview.importers.package_limits import check_package
from planreview.importers.table_plan import (
    Cell,
    PlanBuilder,
    key_rows,
    looks_like_title,
    opening_section,
    section_kind,
    section_parts,
    split_table,
    title_block,
)
from planreview.importers.vocab import find_header_row

_HEADING = re.compile(r"^(heading|title)\s*(\d*)$", re.I)


def read(path: Path) -> list[PlanDraft]:
    """The plan in a Word document: its plan tables, under the headings printed before them."""
    path = Path(path)
    document = _open(path)
    builder = PlanBuilder()
    intro: list[list[Cell]] = []
    stack: list[tuple[int, SectionDraft]] = []
    header: list[Cell] | None = None
    width = 0
    title = ""
    seen_table = False
    last_text = ""  # the paragraph just before a table, which may announce a key
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            seen_table = True
            grid = _grid(block)
            found = find_header_row([[c.text for c in row] for row in grid])
            parent = stack[-1][1] if stack else None
            if found is not None:
                table, after = split_table(grid[found:])
                above, opening = opening_section(grid[:found])
                if header is None:
                    intro.extend(above)
                header = builder.add_table(table, parent=parent, opening=opening)
                width = len(header)
                builder.read_key(after)
            elif header is not None and grid and len(grid[0]) == width:
                builder.add_table(grid, parent=parent, header=header)  # the table goes on after a page break
            else:
                builder.read_key(key_rows(grid, last_text))
            continue
        text = " ".join(block.text.split())
        if not text:
            continue
        last_text = text
        level = _heading_level(block)
        if not seen_table:
            intro.append([Cell(text)])
        if level is None:
            continue
        ref, heading, body = section_parts(text)
        if header is None and (level == 0 or (looks_like_title(text) and not ref)):
            title, stack = text, []  # the last plan-like heading before the first plan table
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        section = SectionDraft(section_kind(text.split()[0]), ref, heading, body)
        builder.add_section(section, stack[-1][1] if stack else None)
        stack.append((level, section))
    found_title, authority, doc_date = title_block(intro)
    plan = builder.plan(
        title=title or found_title or path.stem,
        authority=authority,
        doc_date=doc_date or _saved_date(document),
    )
    return [plan] if plan is not None else []


def _open(path: Path):
    from docx import Document

    check_package(path, "Word document")
    try:
        return Document(str(path))
    except Exception as exc:  # a damaged zip or xml raises many types; the user needs one sentence
        if "huge text node" in str(exc):
            raise PlanFormatError(f"{path.name}: a cell holds more than 10 MB of text, more than any plan; "
                                  "shorten it and import again.") from None
        raise PlanFormatError(
            f"{path.name}: not a readable Word document (the file is damaged, truncated or not .docx)."
        ) from None


def _heading_level(paragraph) -> int | None:
    """0 for a Title, N for Heading N, 9 for a short all-bold line, None for body text."""
    name = paragraph.style.name if paragraph.style is not None else ""
    m = _HEADING.match(name or "")
    if m:
        return 0 if m.group(1).lower() == "title" else int(m.group(2) or 1)
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and all(r.bold for r in runs) and len(paragraph.text) <= 120:
        return 9
    return None


def _grid(table) -> list[list[Cell]]:
    """Rows of cells; a merged cell is repeated in every row and column it spans, marked as merged."""
    origin: dict[object, tuple[int, int]] = {}  # keyed by the cell element itself (kept alive)
    grid: list[list[Cell]] = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, cell in enumerate(row.cells):
            first = origin.setdefault(cell._tc, (r, c))
            text = "\n".join(" ".join(line.split()) for line in cell.text.splitlines() if line.strip())
            cells.append(Cell(text=text, fill=_shading(cell), merged_from=None if first == (r, c) else first))
        grid.append(cells)
    return grid


def _shading(cell) -> str | None:
    fills = cell._tc.xpath("./w:tcPr/w:shd/@w:fill")
    value = str(fills[0]) if fills else ""
    return value.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", value) else None


def _saved_date(document) -> str | None:
    modified = document.core_properties.modified
    return modified.date().isoformat() if isinstance(modified, datetime) else None
