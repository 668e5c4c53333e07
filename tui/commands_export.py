"""The export and merge commands of the command line, and the export writers (xlsx, csv, md, html)."""

from __future__ import annotations

import argparse
import csv
import html
from datetime import date
from pathlib import Path

from store.export_rows import ExportPlan, export_plans, extra_keys, table_header, table_row

FORMATS = ("xlsx", "csv", "md", "html")
BAND_FILL = {"red": "FFC7CE", "amber": "FFEB9C", "green": "C6EFCE", "blue": "9BC2E6"}
BAND_CSS = {"red": "#c00000", "amber": "#b36b00", "green": "#2e7d32", "blue": "#1f5fa8", "none": "#555555"}


def cmd_merge(args: argparse.Namespace) -> int:
    """Bring another copy's changes into the database in one transaction and say what came in."""
    from store.db import connect
    from store.merge import merge_file

    conn = connect(args.db, create=False)
    try:
        report = merge_file(conn, args.other)
    finally:
        conn.close()
    print(report.line())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write a plan (or every plan) as xlsx, csv, markdown or html."""
    from store.db import connect

    conn = connect(args.db, create=False, readonly=True)
    try:
        plans = export_plans(conn, args.plan)
    finally:
        conn.close()
    print(export_file(plans, args.output, args.format))
    return 0


def export_file(plans: list[ExportPlan], output: str | Path, fmt: str) -> str:
    """Write the plans to output in a format; return the line that says what was written."""
    from store.db import StoreError

    output = Path(output)
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    if not output.parent.exists():
        raise StoreError(f"{output.parent}: no such folder.")
    {"xlsx": write_xlsx, "csv": write_csv, "md": write_md, "html": write_html}[fmt](plans, output)
    actions = sum(len(p.rows) for p in plans)
    return f"exported {len(plans)} plan{'s' if len(plans) != 1 else ''}, {actions} actions to {output} ({fmt})"


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
    from importers.ratings import rating_of

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
    if not doc_date:
        return None
    day = date.fromisoformat(doc_date)
    return f"Document dated {day.day} {day:%B %Y}"


def write_csv(plans: list[ExportPlan], output: Path) -> None:
    """One table: a Plan column, then the spreadsheet's columns (UTF-8 with BOM so Excel reads it)."""
    depth = max(p.depth for p in plans)
    periods = sorted({p for plan in plans for p in plan.periods}, key=lambda p: (p[3:], p[:2]))
    others = extra_keys([row for p in plans for row in p.rows])
    wide = [ExportPlan(p.id, p.title, p.authority, p.doc_date, p.scale, periods, p.rows, depth, others) for p in plans]
    with output.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Plan", *table_header(wide[0])])
        for plan in wide:
            for row in plan.rows:
                writer.writerow([plan.title, *table_row(plan, row)])


def _md(text: str) -> str:
    """User text inside a markdown line: one line, table pipes and markup characters escaped."""
    flat = " ".join(text.split())
    return "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in flat)


def write_md(plans: list[ExportPlan], output: Path) -> None:
    """A readable report: per section, each action with rating letter and label, lead, due and latest update."""
    lines: list[str] = []
    for plan in plans:
        lines += [f"# {_md(plan.title)}", ""]
        if plan.authority:
            lines += [_md(plan.authority), ""]
        counts = {b: sum(1 for r in plan.rows if r.band == b) for b in ("red", "amber", "green", "blue", "none")}
        lines += ["Actions: " + ", ".join(f"{n} {b if b != 'none' else 'not rated'}" for b, n in counts.items())
                  + f"; {sum(r.overdue for r in plan.rows)} overdue.", ""]
        current: list[str] | None = None
        for row in plan.rows:
            if row.sections != current:
                current = row.sections
                lines += ["", f"## {' > '.join(_md(s) for s in current) or 'Actions'}", ""]
            rating = f"{row.letter} {_md(row.rating)}" if row.rating else "- not rated"
            lines.append(f"- **{_md(row.ref) or '(no ref)'}** {_md(row.text)}")
            due = _md(row.due) or "no date"
            lines.append(f"  - Rating: {rating}; lead: {_md(row.lead) or 'none'}; due: {due}"
                         + (" (overdue)" if row.overdue else ""))
            if row.note:
                lines.append(f"  - Latest update ({row.last_update or 'undated'}): {_md(row.note)}")
        lines.append("")
    output.write_text("\n".join(lines), encoding="utf-8")


def write_html(plans: list[ExportPlan], output: Path) -> None:
    """A standalone page: per plan a table; ratings shown as letter and label, with colour as a second signal."""
    e = html.escape
    parts = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8"><title>Action plans</title>',
             "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;"
             "padding:4px;vertical-align:top;text-align:left}.rating{font-weight:bold}</style></head><body>"]
    for plan in plans:
        parts.append(f"<h1>{e(plan.title)}</h1>")
        if plan.authority:
            parts.append(f"<p>{e(plan.authority)}</p>")
        parts.append("<table><thead><tr><th>Section</th><th>Ref</th><th>Action</th><th>Rating</th><th>Lead</th>"
                     "<th>Due</th><th>Latest update</th></tr></thead><tbody>")
        for row in plan.rows:
            rating = f"{row.letter} {row.rating}" if row.rating else "- not rated"
            colour = BAND_CSS.get(row.band, BAND_CSS["none"])
            due = e(row.due) + (" <strong>(overdue)</strong>" if row.overdue else "")
            note = e(row.note).replace("\n", "<br>")
            if row.note and row.last_update:
                note = f"{e(row.last_update)}: {note}"
            parts.append(
                f"<tr><td>{e(' > '.join(row.sections))}</td><td>{e(row.ref)}</td><td>{e(row.text)}</td>"
                f'<td class="rating band-{e(row.band)}" style="color:{colour}">{e(rating)}</td>'
                f"<td>{e(row.lead)}</td><td>{due}</td><td>{note}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    output.write_text("\n".join(parts), encoding="utf-8")
