"""The xlsx export: one sheet per plan that the spreadsheet importer reads back to the same plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planreview.exporters.cells import keep_as_text
from planreview.store.export_rows import ExportPlan, table_header, table_row

BAND_FILL = {"red": "FFC7CE", "amber": "FFEB9C", "green": "C6EFCE", "blue": "9BC2E6"}


def write_xlsx(plans: list[ExportPlan], output: Path) -> None:
    """One sheet per plan: title, authority, a header row the importer recognises, the actions, a rating key."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for plan in plans:
        sheet = book.create_sheet(_sheet_name(plan.title, used))
        sheet.append([plan.title])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([plan.authority])
        sheet.append([_dated(plan.doc_date)])  # so the plan keeps its document date when imported again
        header = table_header(plan)
        sheet.append(header)
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        rated = [i for i, name in enumerate(header, start=1) if name.startswith(("RAG ", "Current RAG"))]
        shown = {lv.label: readable_rating(lv.code, lv.label, lv.band) for lv in plan.scale}
        bands = {shown[lv.label]: lv.band for lv in plan.scale}
        for number, row in enumerate(plan.rows, start=5):
            cells = table_row(plan, row)
            for col in rated:
                cells[col - 1] = shown.get(cells[col - 1], cells[col - 1])
            sheet.append(cells)
            for cell in sheet[number]:
                keep_as_text(cell)  # "= no change" or "=HYPERLINK(...)" in a note is text, not a formula
            for col in rated:  # (sheet.max_row scans every cell: quadratic on big plans)
                cell = sheet.cell(row=number, column=col)
                fill = BAND_FILL.get(bands.get(cell.value or "", ""))
                if fill:
                    cell.fill = PatternFill("solid", fgColor=fill)
        sheet.append([])
        sheet.append(["Key"])
        for lv in plan.scale:
            meaning = f"{lv.label}: {lv.meaning}" if lv.meaning and shown[lv.label] != lv.label else lv.meaning
            sheet.append([shown[lv.label], meaning or lv.label])
        for col, width in zip("ABCDEFGHIJ", (8, 24, 24, 50, 30, 30, 20, 20, 14, 12), strict=False):
            sheet.column_dimensions[col].width = width
        for line in sheet.iter_rows(min_row=5):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A5"
    book.save(output)


def readable_rating(code: str, label: str, band: str) -> str:
    """How a level is written in a rating cell so the spreadsheet importer reads it back to the same band.

    The plan's own label when the importer reads it as written ("On track", "Red"); else the level's code when
    that reads ("4" of a 1-5 scale: the importer's vocabulary does not know labels such as "4 Delivered");
    else the label if it reads to the same band; else the band's name ("Amber").
    """
    from planreview.importers.ratings import rating_of

    found = rating_of(label)
    if found is not None and found.band == band and found.label.lower() == label.lower():
        return label
    for text in (code, label):
        found = rating_of(text)
        if found is not None and found.band == band:
            return text
    return band.capitalize() if band != "none" else label


def _sheet_name(title: str, used: set[str]) -> str:
    """A worksheet name Excel accepts: no []:*?/\\ characters, at most 31 characters, unique."""
    base = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()[:31] or "Plan"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _dated(doc_date: str | None) -> str | None:
    """The document's date as a line the importer reads back ("Document dated 3 July 2018")."""
    try:
        day = date.fromisoformat(doc_date or "")
    except ValueError:  # none, or not a date (an older version stored what a file said): no line rather than a crash
        return None
    return f"Document dated {day.day} {day:%B %Y}"
