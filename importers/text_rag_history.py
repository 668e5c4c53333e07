"""Text extracts of development plans with rating history columns (Thurrock CSC Development Plan family).

The plan usually arrives inside a committee agenda pack (covering report, narrative, appendices). Only
tables whose header names an Action column and at least two rating history columns ("RAG initial",
"RAG 01/18", ...) are read; everything else in the pack is ignored. Around those tables the family
also reads the document's own 1-5 key (number + meaning), the KPI tables ("P1", "P2" rows, attached to
their priority) and the RAG summary of previous/current averages per priority (PlanDraft.summary).

Rules chosen for the ambiguous rows:
- The tables print no refs, so an action is the smallest row that carries its own rating (a 1-5 in any
  history column). A row without any rating continues the action above and is merged into it cell by
  cell (one such row in the Thurrock seed: a success-measure line with nothing else). Rows that carry
  a rating but only a progress note (no action or measure text) are actions of their own, and so is
  an unrated row that says it was removed (kept, marked removed). With this rule the Thurrock seed has
  99 actions (100 rows with text or ratings, one merged).
- Rows that lost leading empty cells (shifted left) are put back by their first rating digit, which
  must land in the first history column; only rows with matching room at the end are moved.
- Rating cells other than the key's numbers ("0", blank, "re", "Jan-00") are not ratings.
- Each rated history column becomes an entry, oldest first, dated the end of its month ("RAG 01/18" ->
  2018-01-31). The document gives no date for "RAG initial"; it is dated the end of the month before
  the first dated column (2017-12-31), as the spreadsheet reader does, because an undated entry would
  be stored at the document's date and wrongly become the latest. The progress update belongs to the
  latest rated entry.
- An action's text is its Action cell; rows that have none (sub-rows of a merged Action cell) use
  their success measure, else their progress note, so every action can be read on its own.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from planreview.importers.dates import find_dates, parse_due
from planreview.importers.leads import split_lead_and_date
from planreview.importers.model import ActionDraft, EntryDraft, KpiDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.importers.tags import find_tags
from planreview.importers.text_table import Row, drop_noise, is_header_like, merge_continuations, read_rows, realign
from planreview.importers.vocab import header_fields, normalise_header, period_date, period_is_early, rating_period

_PRIORITY = re.compile(r"^priority\s*(\d{1,2})\b", re.IGNORECASE)
_KPI_PRIORITY = re.compile(r"^P(\d{1,2})$")
_NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_PAGE_PREFIX = re.compile(r"^page\s+\d+\s+", re.IGNORECASE)
_REMOVED = re.compile(r"\b(?:has been|have been|was|were|is|now) removed\b|\bremoved from (?:the )?plan\b", re.I)
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_VALUE = re.compile(r"^-?\d+(\.\d+)?%?$")  # a KPI value: 4, 96.7%, 215.5
_TITLE_PLAN = re.compile(r"\bplan\b", re.IGNORECASE)
SCALE_BANDS = {"1": "red", "2": "amber", "3": "green", "4": "blue", "5": "blue"}
_MONTH_HEADERS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


def find_plans(text: str, name: str) -> list[tuple[int, PlanDraft]]:
    """Every plan table with rating history columns in a text extract ([] when there is none)."""
    rows = drop_noise(read_rows(text))
    tables = _tables(rows)
    if not tables:
        return []
    plans: list[tuple[int, PlanDraft]] = []
    groups: list[list[tuple[int, int, int]]] = []
    last_number = None
    for table in tables:
        number = _priority_number(rows[table[0]])
        if not groups or (number is not None and last_number is not None and number < last_number):
            groups.append([])
        groups[-1].append(table)
        last_number = number if number is not None else last_number
    for group in groups:
        plan = _plan(rows, group, text, name)
        if plan is not None:
            plans.append((rows[group[0][0]].line, plan))
    return plans


def is_history_header(cells: list[str]) -> bool:
    """True for a plan header with an Action column and at least two rating history columns."""
    fields = header_fields(cells)
    return "text" in fields and fields.count("rating_at") >= 2


# --- finding the tables -------------------------------------------------------------------------


def _tables(rows: list[Row]) -> list[tuple[int, int, int]]:
    """(header row, first body row, end row) of every history table in document order."""
    found = []
    i = 0
    while i < len(rows):
        if not is_history_header(rows[i].cells):
            i += 1
            continue
        header = rows[i].cells
        end = i + 1
        while end < len(rows):
            row = rows[end]
            if is_history_header(row.cells) and not is_header_like(row, header):
                break
            if len(row.cells) < 4 or _is_kpi_header(row.cells):
                break
            if is_header_like(row, header) and _priority_number(row) not in {None, _priority_number(rows[i])}:
                break
            end += 1
        found.append((i, i + 1, end))
        i = end
    return found


def _priority_number(row: Row) -> int | None:
    m = _PRIORITY.match(row.first.strip())
    return int(m.group(1)) if m else None


# --- one plan ------------------------------------------------------------------------------------


def _plan(rows: list[Row], group: list[tuple[int, int, int]], text: str, name: str) -> PlanDraft | None:
    first = group[0][0]
    scale = _scale(rows, first)
    codes = {level.code for level in scale}
    titles = _priority_titles(rows, first)
    sections: dict[int, SectionDraft] = {}
    order: list[SectionDraft] = []
    for header_at, start, end in group:
        header = rows[header_at].cells
        number = _priority_number(rows[header_at]) or len(order) + 1
        section = sections.get(number)
        if section is None:
            title = titles.get(number, "")
            section = SectionDraft(kind="priority", ref=f"Priority {number}", title=title)
            sections[number] = section
            order.append(section)
        body = [_aligned(row, header, codes) for row in rows[start:end] if not is_header_like(row, header)]
        merged = merge_continuations(body, lambda row, h=header: _rated(row, h, codes) or _removed(row))
        section.actions.extend(_action(row, header, codes, section.title) for row in merged)
    for number, kpis in _kpis(rows).items():
        if number in sections:
            sections[number].kpis.extend(kpis)
    if not any(section.actions for section in order):
        return None
    title = _title(rows, first)
    return PlanDraft(
        title=title,
        authority=_authority(rows, first, title),
        source=name,
        doc_date=_doc_date(rows),
        scale=scale,
        sections=order,
        summary=_summary(rows, first),
    )


def _columns(header: list[str]) -> dict[str, int]:
    fields = header_fields(header)
    found: dict[str, int] = {}
    for i, (cell, field) in enumerate(zip(header, fields, strict=True)):
        if field is None and normalise_header(cell) == "time":
            field = "due"  # "Time" is this family's timescale column
        if field and field != "rating_at":
            found.setdefault(field, i)
    return found


def _history(header: list[str]) -> list[int]:
    return [i for i, field in enumerate(header_fields(header)) if field == "rating_at"]


def _aligned(row: Row, header: list[str], codes: set[str]) -> Row:
    """The row with its cells back under their headers when it lost leading empty cells."""
    cells = [_PAGE_PREFIX.sub("", c) for c in row.cells]
    target = _history(header)[0]
    anchor = next((i for i, c in enumerate(cells) if c.strip() in codes), None)
    width = max(len(cells), len(header))
    trailing = width - 1 - max((i for i, c in enumerate(cells) if c.strip()), default=-1)
    if anchor is not None and anchor < target and trailing >= target - anchor:
        cells = realign(cells, len(header), target, lambda c: c in codes)
    return Row(row.line, cells, list(row.lines))


def _removed(row: Row) -> bool:
    return bool(_REMOVED.search(row.text()))


def _rated(row: Row, header: list[str], codes: set[str]) -> bool:
    return any(row.cell(i).strip() in codes for i in _history(header))


def _action(row: Row, header: list[str], codes: set[str], section_title: str) -> ActionDraft:
    columns = _columns(header)

    def get(field: str) -> str:
        return row.cell(columns[field]) if field in columns else ""

    statement = get("section")
    if _same(statement, section_title):
        statement = ""
    outcome = get("outcome") or statement
    measure, progress = get("measure"), get("progress")
    text = get("text") or measure or progress.split("\n")[0]
    lead = "; ".join(get("lead").splitlines())
    due_raw = " ".join(get("due").split())
    if not due_raw and lead:
        lead, due_raw = split_lead_and_date(lead)
    extra = {}
    if statement and outcome != statement:
        extra[header[columns["section"]]] = statement
    action = ActionDraft(
        ref="",
        text=text,
        outcome=outcome,
        measure=measure,
        lead=lead,
        owner="; ".join(get("owner").splitlines()),
        due_raw=due_raw,
        due_date=parse_due(due_raw),
        tags=find_tags(statement, get("outcome"), get("text"), measure),
        state="removed" if _removed(row) else "active",
        source_line=row.line,
        extra=extra,
    )
    for i in _history(header):
        rating = row.cell(i).strip()
        if rating in codes:
            period = header[i]
            action.entries.append(EntryDraft(on_date=_column_date(header, i), rating=rating, period=period))
    if progress:
        if action.entries:
            action.entries[-1].note = progress
        else:
            action.entries.append(EntryDraft(on_date=None, note=progress))
    return action


def _column_date(header: list[str], index: int) -> str | None:
    """ISO date a history column speaks for: its period's month end; "initial" the month before the first."""
    period = rating_period(header[index]) or ""
    if not period_is_early(period):
        return period_date(period)
    dated = sorted(d for i in _history(header) if (d := period_date(rating_period(header[i]) or "")))
    if not dated:
        return None
    before = date.fromisoformat(dated[0]).replace(day=1) - timedelta(days=1)
    return before.isoformat()


def _same(a: str, b: str) -> bool:
    def fold(s: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()

    return bool(a) and bool(b) and (fold(a) == fold(b) or fold(a).startswith(fold(b)))


# --- scale, titles, summary, KPIs ------------------------------------------------------------------


def _scale(rows: list[Row], before: int) -> list[LevelDraft]:
    """The document's numbered key (1-5 with meanings) nearest before the first table, else bare 1-5."""
    best: list[LevelDraft] = []
    i = 0
    while i < before:
        run = []
        j = i
        while j < before and len(rows[j].filled()) == 2 and rows[j].first.strip() in SCALE_BANDS:
            run.append(rows[j])
            j += 1
        codes = [r.first.strip() for r in run]
        if len(run) >= 3 and codes == sorted(codes) and codes[0] == "1":
            best = [
                LevelDraft(code=c, label=c, band=SCALE_BANDS[c], meaning=r.cell(1).strip())
                for c, r in zip(codes, run, strict=True)
            ]
        i = max(j, i + 1)
    return best or [LevelDraft(code=c, label=c, band=b) for c, b in SCALE_BANDS.items()]


def _priority_titles(rows: list[Row], before: int) -> dict[int, str]:
    """Priority titles by number: the summary table's numbered rows, else a numbered list in the text."""
    titles: dict[int, str] = {}
    for row in rows[:before]:
        m = _NUMBERED.match(row.first.strip())
        if m and len(row.filled()) >= 3 and all(_NUMBER.match(row.cell(i).strip()) for i in row.filled()[1:]):
            titles.setdefault(int(m.group(1)), m.group(2).strip().rstrip(";."))
    if titles:
        return titles
    for row in rows[:before]:
        m = _NUMBERED.match(row.text())
        if m and len(row.filled()) == 1:
            titles[int(m.group(1))] = m.group(2).strip().rstrip(";.")
    return titles


def _summary(rows: list[Row], before: int) -> list[dict[str, str]]:
    """The document's RAG summary: previous/current average per priority (and for all areas)."""
    summary: list[dict[str, str]] = []
    columns: list[str] = []
    for row in rows[:before]:
        filled = row.filled()
        words = [row.cell(i).strip() for i in filled]
        if words and all("period" in w.lower() for w in words) and not row.first.strip():
            columns = words
            continue
        if not columns or len(filled) < 2:
            continue
        values = [row.cell(i).strip() for i in filled if i > 0]
        if len(values) != len(columns) or not all(_NUMBER.match(v) for v in values):
            continue
        label = row.first.strip()
        m = _NUMBERED.match(label)
        entry = {"priority": m.group(1) if m else "all", "title": m.group(2).strip() if m else "All areas"}
        entry.update(dict(zip(columns, values, strict=True)))
        summary.append(entry)
    return summary


def _is_kpi_header(cells: list[str]) -> bool:
    words = [normalise_header(c) for c in cells]
    return "indicator" in words and "polarity" in words or ("indicator" in words and "priority" in words[:1])


def _kpis(rows: list[Row]) -> dict[int, list[KpiDraft]]:
    """KPI rows ("P1", indicator, polarity, baseline, comparator, months, notes, YTD, DOT) by priority."""
    found: dict[int, list[KpiDraft]] = {}
    header: list[str] | None = None
    for row in rows:
        if _is_kpi_header(row.cells):
            header = row.cells
            continue
        if header is None:
            continue
        m = _KPI_PRIORITY.match(row.first.strip())
        if not m:
            if len(row.cells) != len(header) or row.first.strip():
                header = None
            continue
        kpi = _kpi(row, header)
        if kpi is not None:
            found.setdefault(int(m.group(1)), []).append(kpi)
    return found


def _kpi(row: Row, header: list[str]) -> KpiDraft | None:
    """One KPI row. A bare value in Notes after an empty first month means the row is printed one column
    right (the seed's "% children seen within 15 days": Aug..Dec in Sep..Notes), so it is moved back."""
    names = [normalise_header(c) for c in header]

    def at(*keys: str) -> str:
        for key in keys:
            if key in names:
                return row.cell(names.index(key)).strip()
        return ""

    indicator = at("indicator")
    if not indicator:
        return None
    months = [i for i, key in enumerate(names) if key in _MONTH_HEADERS]
    cells = [row.cell(i).strip() for i in months]
    notes = at("notes")
    if months and _VALUE.match(notes) and not cells[0] and names[months[-1] + 1:months[-1] + 2] == ["notes"]:
        cells, notes = cells[1:] + [notes], ""  # values printed one column right: the last month sits in Notes
    values = [(header[i].strip(), value) for i, value in zip(months, cells, strict=True) if value]
    ytd = at("ytd")
    if ytd and ytd != "0":
        values.append(("YTD", ytd))
    baseline_at = next((i for i, key in enumerate(names) if re.fullmatch(r"\d{4}/\d{2,4}", key)), None)
    return KpiDraft(
        indicator=indicator,
        polarity=at("polarity"),
        baseline=row.cell(baseline_at).strip() if baseline_at is not None else "",
        comparator=at("sn average", "comparator", "comparator average", "national average"),
        notes=notes,
        direction=at("dot", "direction", "direction of travel"),
        values=values,
    )


def _title(rows: list[Row], before: int) -> str:
    """The plan's own heading: the nearest short line naming a plan before its first table."""
    for i in range(before - 1, -1, -1):
        row = rows[i]
        text = row.text()
        if len(row.filled()) == 1 and _TITLE_PLAN.search(text) and len(text.split()) <= 12:
            prev = rows[i - 1] if i else None
            if prev is not None and len(prev.filled()) == 1 and len(prev.text().split()) <= 6 \
                    and not _TITLE_PLAN.search(prev.text()):
                text = f"{prev.text()} {text}"
            return re.sub(r"^[A-Z][a-z]+\s+[-–]\s+", "", text).strip()
    return "Development plan"


def _authority(rows: list[Row], before: int, title: str) -> str:
    """The council: a place named before a dash in the plan heading, else the first '... Council'."""
    for i in range(before - 1, -1, -1):
        text = rows[i].text()
        m = re.match(r"^([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+[-–]\s+", text)
        if m and len(rows[i].filled()) == 1 and len(text.split()) <= 8:
            return f"{m.group(1)} Council"
    for row in rows:
        m = re.search(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:Borough |County |City )?Council\b", row.text())
        if m:
            return f"{m.group(1)} Council"
    return ""


def _doc_date(rows: list[Row]) -> str | None:
    """The document's date: the first full date printed in its first lines (a committee date)."""
    for row in rows[:8]:
        for cell in row.cells:
            dates = find_dates(cell)
            if dates and re.search(r"\b\d{1,2}\b", cell):
                return dates[0].isoformat()
    return None
