"""Excel and CSV trackers (.xlsx, .xlsm, .csv, .tsv): every sheet that holds a plan table is a plan."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

from planreview.importers.decoding import decode_text
from planreview.importers.model import PlanDraft, PlanFormatError
from planreview.importers.package_limits import check_package
from planreview.importers.table_plan import Cell, PlanBuilder, key_rows, opening_section, split_table, title_block
from planreview.importers.vocab import find_header_row

MAX_COLUMNS = 256  # wider than any plan; formatting can stretch a sheet to 16,384 columns
MAX_BLANK_ROWS = 500  # this many empty rows in a row end a sheet
_LOOKED_FOR = "a header row naming an action column and a lead, due date or rating column"


def read(path: Path) -> list[PlanDraft]:
    """Every plan in a workbook or CSV file, one per sheet that holds a plan table."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise PlanFormatError(
            f"{path.name}: the old .xls format is not read; save it as .xlsx and import that."
        )
    if suffix in {".csv", ".tsv"}:
        sheets = [("", _delimited_grid(path, "\t" if suffix == ".tsv" else None))]
        doc_date = None  # a CSV carries no date of its own; read_plans adds the file's date
    else:
        sheets, doc_date = _workbook_grids(path)
    found = [(name, grid, find_header_row([[c.text for c in row] for row in grid])) for name, grid in sheets]
    keys = [row for name, grid, header in found if header is None for row in key_rows(grid, name)]
    plans: list[PlanDraft] = []
    titled: list[str] = []
    for sheet_name, grid, header in found:
        if header is None:
            continue
        plan = _sheet_plan(path, sheet_name, grid, header, doc_date, keys, several=len(sheets) > 1)
        if plan is not None:
            plans.append(plan)
            titled.append(sheet_name)
    if not plans:
        where = f"in sheets {', '.join(repr(s) for s, _ in sheets)}" if len(sheets) > 1 else "in the file"
        raise PlanFormatError(f"{path.name}: no action plan table found {where} (looked for {_LOOKED_FOR}).")
    _unique_titles(plans, titled)
    authority = next((plan.authority for plan in plans if plan.authority), "")
    for plan in plans:  # sheets of one workbook belong to the same council
        plan.authority = plan.authority or authority
    return plans


def _sheet_plan(path: Path, sheet: str, grid, header: int, doc_date, keys, several: bool) -> PlanDraft | None:
    above, opening = opening_section(grid[:header])
    title, authority, title_date = title_block(above)
    if not title:
        title = f"{path.stem} - {sheet}" if sheet and several else path.stem
    builder = PlanBuilder()
    table, after = split_table(grid[header:])
    builder.add_table(table, first_line=header + 1, opening=opening)  # source lines are sheet row numbers
    builder.read_key(key_rows(grid[:header]) + after + keys)
    return builder.plan(title=title, authority=authority, doc_date=title_date or doc_date)


def _unique_titles(plans: list[PlanDraft], sheets: list[str]) -> None:
    """Two sheets with the same title cell would be the same plan: name the later ones by sheet."""
    seen: set[str] = set()
    for plan, sheet in zip(plans, sheets, strict=False):
        if plan.title in seen and sheet:
            plan.title = f"{plan.title} - {sheet}"
        seen.add(plan.title)


def _delimited_grid(path: Path, delimiter: str | None) -> list[list[Cell]]:
    """Rows of a CSV/TSV file; with no delimiter given, the first of , ; tab | that yields a plan header."""
    text = decode_text(path.read_bytes(), path.name, f"a {path.suffix} table")
    grids = []
    for sep in [delimiter] if delimiter else [",", ";", "\t", "|"]:
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        except csv.Error as exc:
            raise PlanFormatError(f"{path.name}: not a readable {path.suffix} table ({exc}).") from None
        grid = [[Cell(text=_tidy(value)) for value in row] for row in rows]
        if find_header_row([[c.text for c in row] for row in grid]) is not None:
            return _whole(grid, text, sep, path.name)
        grids.append(grid)
    return _whole(grids[0], text, delimiter or ",", path.name)


def _whole(grid: list[list[Cell]], text: str, sep: str, name: str) -> list[list[Cell]]:
    """The grid, unless a quoted cell never closes (then the rest of the file would be one cell): refused."""
    broken = unterminated_quote(text, sep)
    if broken is not None:
        raise PlanFormatError(f"{name}: line {broken} opens a quoted cell that never closes; "
                              "fix the quote marks and import again.")
    return grid


def unterminated_quote(text: str, delimiter: str = ",") -> int | None:
    """The line on which a double-quoted cell opens and never closes, or None (a broken quote would swallow the
    rest of the file into one cell)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return start
    return None


def _workbook_grids(path: Path):
    """(sheet name, grid) for every worksheet, merged ranges filled, plus the workbook's saved date."""
    from openpyxl import load_workbook

    check_package(path, "Excel workbook")
    try:
        book = load_workbook(path, data_only=True)
    except Exception:  # a damaged zip or xml raises many types; the user needs one sentence
        raise PlanFormatError(
            f"{path.name}: not a readable Excel workbook (the file is damaged, truncated or not .xlsx)."
        ) from None
    theme = _theme_colours(book)
    colours: dict[tuple, str | None] = {}  # fills resolved once per workbook
    sheets = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        grid = _sheet_grid(sheet, theme, colours)
        for merged in sheet.merged_cells.ranges:
            if merged.min_row > len(grid) or merged.min_col > len(grid[merged.min_row - 1]):
                continue
            top = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != (merged.min_row, merged.min_col) and c <= len(grid[r - 1]):
                        grid[r - 1][c - 1] = Cell(
                            top.text,
                            top.value,
                            top.fill,
                            merged_from=(merged.min_row - 1, merged.min_col - 1),
                        )
        sheets.append((sheet.title, grid))
    modified = book.properties.modified
    return sheets, modified.date().isoformat() if isinstance(modified, datetime) else None


def _sheet_grid(sheet, theme: list[str], colours: dict) -> list[list[Cell]]:
    """The cells of a sheet up to its last written row (formatting alone can reach row 1,048,576)."""
    grid: list[list[Cell]] = []
    blank_run = 0
    for row in sheet.iter_rows(max_col=min(sheet.max_column, MAX_COLUMNS)):
        cells = [_cell(c, theme, colours) for c in row]
        grid.append(cells)
        blank_run = 0 if any(c.text for c in cells) else blank_run + 1
        if blank_run > MAX_BLANK_ROWS:
            break
    while grid and not any(c.text for c in grid[-1]):
        grid.pop()
    return grid


def _cell(cell, theme: list[str], colours: dict) -> Cell:
    value = cell.value
    if isinstance(value, datetime | date):
        text = _shown_date(value, cell.number_format or "")
    elif isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        text = f"{value * 100:g}%"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif value is None:
        text = ""
    else:
        text = _tidy(str(value))
    fill = None
    if cell.has_style and cell.fill is not None and cell.fill.fill_type:
        colour = cell.fill.fgColor
        key = (colour.type, colour.rgb, colour.theme, colour.indexed, colour.tint)
        if key not in colours:
            colours[key] = _colour(colour, theme)
        fill = colours[key]
    return Cell(text=text, value=value, fill=fill)


def _tidy(text: str) -> str:
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        text = text[1:]  # the apostrophe an export puts before text that looks like a formula
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


_DATE_TOKENS = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|\"[^\"]*\"|\\\\.|.", re.I)


_TIME_PART = re.compile(r"\s*h{1,2}(?::m{1,2})?(?::s{1,2})?(?:\.0+)?(?:\s*(?:am/pm|a/p))?", re.I)


def _shown_date(value: date, number_format: str) -> str:
    """A date as Excel would show it; the locale short date (built-in 14, "General") shows as dd/mm/yyyy."""
    fmt = re.sub(r"\[[^\]]*\]", "", number_format.split(";")[0]).strip()
    fmt = _TIME_PART.sub("", fmt).strip()  # a due date's time of day ("yyyy-mm-dd h:mm:ss") is not shown
    if not re.search(r"[dmy]", fmt, re.I) or fmt.lower() in {"mm-dd-yy", "m/d/yyyy", "m/d/yy"}:
        fmt = "dd/mm/yyyy"
    out = []
    for token in _DATE_TOKENS.findall(fmt):
        low = token.lower()
        out.append(
            {
                "yyyy": f"{value.year:04d}",
                "yy": f"{value.year % 100:02d}",
                "mmmm": value.strftime("%B"),
                "mmm": value.strftime("%b"),
                "mm": f"{value.month:02d}",
                "m": str(value.month),
                "dddd": value.strftime("%A"),
                "ddd": value.strftime("%a"),
                "dd": f"{value.day:02d}",
                "d": str(value.day),
            }.get(low, token.strip('"').lstrip("\\"))
        )
    return "".join(out)


def _theme_colours(book) -> list[str]:
    """The workbook theme's colours in Excel's index order (lt1, dk1, lt2, dk2, accent1-6, links)."""
    xml = getattr(book, "loaded_theme", None)
    if not xml:
        return []
    from xml.etree import ElementTree

    ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return []
    scheme = root.find(f".//{ns}clrScheme")
    if scheme is None:
        return []
    colours = {}
    for slot in scheme:
        name = slot.tag.replace(ns, "")
        srgb, system = slot.find(f"{ns}srgbClr"), slot.find(f"{ns}sysClr")
        colours[name] = (
            srgb.get("val") if srgb is not None else (system.get("lastClr") if system is not None else "")
        )
    order = (
        "lt1",
        "dk1",
        "lt2",
        "dk2",
        "accent1",
        "accent2",
        "accent3",
        "accent4",
        "accent5",
        "accent6",
        "hlink",
        "folHlink",
    )
    return [colours.get(name, "") for name in order]


def _colour(colour, theme: list[str]) -> str | None:
    """RRGGBB of an openpyxl colour (rgb, indexed or theme with tint), None when unknown."""
    import colorsys

    if colour is None:
        return None
    kind = getattr(colour, "type", None)
    rgb: str | None = None
    if kind == "rgb" and isinstance(colour.rgb, str):
        rgb = colour.rgb[-6:]
    elif kind == "indexed":
        from openpyxl.styles.colors import COLOR_INDEX

        if isinstance(colour.indexed, int) and colour.indexed < 64:
            rgb = COLOR_INDEX[colour.indexed][-6:]
    elif kind == "theme" and isinstance(colour.theme, int) and colour.theme < len(theme):
        rgb = theme[colour.theme] or None
    if not rgb:
        return None
    tint = float(getattr(colour, "tint", 0.0) or 0.0)
    if tint:
        r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
        h, light, s = colorsys.rgb_to_hls(r, g, b)
        light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
        rgb = "".join(f"{round(v * 255):02X}" for v in colorsys.hls_to_rgb(h, light, s))
    return rgb.upper()
