"""The xlsx export: one sheet per plan that the spreadsheet importer reads back to the same plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planreview.exporters.cells import keep_as_text
from planreview.store.export_rows import ExportPlan, table_header, table_row

BAND_FILL = {"red": "FFC7CE", "amber": "FFEB9C", "green": "C6EFCE", "blue": "9BC2E6"}


def write_xlsx(plans: list[ExportPlan], output: Path) -> None:
    """One sheet per plan: title, authority, a header row the importer recognises, the actions, a rating key.

    Streamed (openpyxl's write-only mode, each style made once): memory and time stay flat in the plan's size."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold, title_font = Font(bold=True), Font(bold=True, size=14)
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {band: PatternFill("solid", fgColor=colour) for band, colour in BAND_FILL.items()}
    used: set[str] = {"rating key", "summary"}
    keys = []
    for plan in plans:
        sheet = book.create_sheet(_sheet_name(plan.title, used))
        header = table_header(plan)
        rows = [table_row(plan, row) for row in plan.rows]
        for n, width in enumerate(column_widths(header, rows), start=1):
            sheet.column_dimensions[get_column_letter(n)].width = width
        sheet.freeze_panes = "A5"
        last = f"{get_column_letter(len(header))}{4 + len(rows)}"
        sheet.auto_filter.ref = f"A4:{last}"  # the officer's filters, on the header row
        sheet.print_title_rows = "4:4"  # the header on every printed page
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = "9"  # A4 in the OOXML paper size list
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

        def cell(value, *, font=None, fill=None, wrapped=False, sheet=sheet):
            c = WriteOnlyCell(sheet, value=value)
            keep_as_text(c)  # "= no change" or "=HYPERLINK(...)" in a note is text, not a formula
            if font is not None:
                c.font = font
            if fill is not None:
                c.fill = fill
            if wrapped:
                c.alignment = wrap
            return c

        sheet.append([cell(plan.title, font=title_font)])
        sheet.append([cell(plan.authority)])
        sheet.append([_dated(plan.doc_date)])  # so the plan keeps its document date when imported again
        sheet.append([cell(name, font=bold) for name in header])
        rated = {i for i, name in enumerate(header) if name.startswith(("RAG ", "Current RAG"))}
        shown = {lv.label: readable_rating(lv.code, lv.label, lv.band) for lv in plan.scale}
        bands = {shown[lv.label]: lv.band for lv in plan.scale}
        for values in rows:
            out = []
            for i, value in enumerate(values):
                if i in rated:
                    value = shown.get(value, value)
                    out.append(cell(value, fill=fills.get(bands.get(value or "", "")), wrapped=True))
                else:
                    out.append(cell(value, wrapped=True))
            sheet.append(out)
        keys.append((plan, shown))
    # after the plans: the rating keys (never under the data rows, where a reader such as pandas takes them for
    # actions) and a summary with a native chart; the importer reads a key sheet as the plans' key
    key_sheet = book.create_sheet("Rating key")
    key_sheet.column_dimensions["A"].width, key_sheet.column_dimensions["B"].width = 24, 70
    key_sheet.append([WriteOnlyCell(key_sheet, value="Key")])
    for plan, shown in keys:
        for lv in plan.scale:
            meaning = f"{lv.label}: {lv.meaning}" if lv.meaning and shown[lv.label] != lv.label else lv.meaning
            key_sheet.append([shown[lv.label], meaning or lv.label])
    _summary_sheet(book, plans, bold)
    book.save(output)


def _summary_sheet(book, plans: list[ExportPlan], bold) -> None:
    """Counts by band per priority for every plan, with a stacked bar chart (openpyxl.chart) beside them."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import BarChart, Reference
    from planreview.exporters.html_summary import BAND_NAMES, ORDER, by_priority

    sheet = book.create_sheet("Summary")
    sheet.column_dimensions["A"].width = 50
    header = ["Priority", *(BAND_NAMES[b] for b in ORDER), "Total"]
    rows = [[f"{plan.title}: {name}" if len(plans) > 1 else name, *(bands[b] for b in ORDER), sum(bands.values())]
            for plan in plans for name, bands in by_priority(plan).items()]
    heading = WriteOnlyCell(sheet, value="Summary by priority (counts of actions by rating)")
    heading.font = bold
    sheet.append([heading])
    sheet.append([WriteOnlyCell(sheet, value=name) for name in header])
    for row in rows:
        sheet.append(row)
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title, chart.y_axis.title = "Actions by rating in each priority", "actions"
    chart.add_data(Reference(sheet, min_col=2, max_col=1 + len(ORDER), min_row=2, max_row=2 + len(rows)),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=2 + len(rows)))
    for series, band in zip(chart.series, ORDER, strict=True):
        series.graphicalProperties.solidFill = BAND_FILL.get(band, "BFBFBF")
    chart.height, chart.width = max(7.5, 0.8 * len(rows)), 18
    sheet.add_chart(chart, "J2")


def column_widths(header: list[str], rows: list[list[str]], sample: int = 500) -> list[float]:
    """A width per column from its content: the header, and the longest line of the first rows' cells, between
    8 and 60 characters (long prose wraps inside its cell)."""
    widths = []
    for i, name in enumerate(header):
        longest = max([len(name), *(max((len(line) for line in str(r[i] or "").splitlines()), default=0)
                                    for r in rows[:sample])])
        widths.append(float(min(60, max(8, longest + 2))))
    return widths


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
