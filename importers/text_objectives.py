"""Text extracts of themed objective plans (Thurrock Continuous Development Plan family).

Shape: numbered theme headings ("3. Keep getting the Basics Right"), each followed by a table
whose header starts with the theme number and names Objective, Action, Outcome, Progress, By When,
Lead and RAG columns. A "Key:" block before the tables lists the rating levels in words only (the
coloured cells were lost in the extract), worst first: they become red, amber, green, blue.

Rules: every row whose first cell holds a ref ("3.1 Ofsted 1") is one action; rows whose first cell is
empty continue the action above, even across a page break, a repeated header or a dash separator.
The progress cell becomes one entry dated by the document (no colour survives, so it is unrated).
"""

from __future__ import annotations

import re

from planreview.importers.dates import parse_due
from planreview.importers.leads import split_lead_and_date
from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.importers.ratings import rating_of
from planreview.importers.tags import find_tags
from planreview.importers.text_table import (
    Row,
    column_index,
    drop_noise,
    is_header_like,
    merge_continuations,
    read_rows,
)

_HEADING = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_KEY = re.compile(r"^\s*key\s*:?\s*$", re.IGNORECASE)
_REMOVED = re.compile(r"\b(?:has been|have been|was|were|is|now) removed\b|\bremoved from (?:the )?plan\b", re.I)
_AUTHORITY = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:Borough |County |City )?Council\b")
_PLACE = re.compile(r"^([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+Children'?s\s+Services\b")
KEY_BANDS = ("red", "amber", "green", "blue")


def find_plans(text: str, name: str) -> list[tuple[int, PlanDraft]]:
    """The themed objective plan of a text extract, with its first line number ([] if it has none)."""
    rows = drop_noise(read_rows(text))
    headers = [i for i, row in enumerate(rows) if _is_theme_header(row)]
    if not headers:
        return []
    first_header = rows[headers[0]].cells
    columns = column_index(first_header)
    sections: list[SectionDraft] = []
    pending: dict[int, list[Row]] = {}
    current: SectionDraft | None = None
    for i, row in enumerate(rows):
        if i < headers[0] - 1:
            continue
        heading = _theme_heading(rows, i)
        if heading is not None:
            current = SectionDraft(kind="theme", ref=heading[0], title=heading[1])
            sections.append(current)
            pending[id(current)] = []
            continue
        if current is None or is_header_like(row, first_header) or _is_theme_header(row):
            continue
        if len(row.cells) < 3:  # prose after a table ends it
            current = None
            continue
        pending[id(current)].append(row)
    for section in sections:
        for row in merge_continuations(pending[id(section)]):
            section.actions.append(_action(row, columns))
    if not any(section.actions for section in sections):
        return []
    plan = PlanDraft(
        title=_title(rows, headers[0]),
        authority=_authority(text, rows),
        source=name,
        doc_date=None,
        scale=_key_scale(rows),
        sections=sections,
    )
    return [(rows[headers[0]].line, plan)]


def _is_theme_header(row: Row) -> bool:
    found = column_index(row.cells)
    return {"objective", "action", "due", "lead"} <= found.keys() and (
        not row.first.strip() or row.first.strip().isdigit()
    )


def _theme_heading(rows: list[Row], i: int) -> tuple[str, str] | None:
    """(number, title) when rows[i] is a numbered heading directly followed by its theme table."""
    row = rows[i]
    if len(row.filled()) != 1 or i + 1 >= len(rows):
        return None
    m = _HEADING.match(row.text())
    nxt = rows[i + 1]
    if m and _is_theme_header(nxt) and nxt.first.strip() in {"", m.group(1)}:
        return m.group(1), m.group(2).strip()
    return None


def _action(row: Row, columns: dict[str, int]) -> ActionDraft:
    def get(field: str, default: int | None = None) -> str:
        index = columns.get(field, default)
        return row.cell(index) if index is not None else ""

    ref = " ".join(row.first.split())
    lead = "; ".join(get("lead").splitlines())
    due_raw = " ".join(get("due").split())
    if not due_raw and lead:
        lead, due_raw = split_lead_and_date(lead)
    objective, text, outcome = get("objective"), get("action"), get("outcome")
    progress = get("progress")
    rating = _rating_code(get("rating"))
    action = ActionDraft(
        ref=ref,
        text=text,
        outcome=outcome,
        lead=lead,
        due_raw=due_raw,
        due_date=parse_due(due_raw),
        tags=find_tags(ref, objective, text, outcome),
        state="removed" if _REMOVED.search(row.text()) else "active",
        source_line=row.line,
        extra={"Objective": objective} if objective else {},
    )
    if progress or rating:
        action.entries.append(EntryDraft(on_date=None, rating=rating, note=progress))
    return action


def _rating_code(cell: str) -> str | None:
    """The key level a rating cell names ("Green", "g", "AMBER"), None for blank or junk."""
    rating = rating_of(cell.strip()) if cell.strip() else None
    return rating.band.capitalize() if rating and rating.band in KEY_BANDS else None


def _key_scale(rows: list[Row]) -> list[LevelDraft]:
    """Levels of the document's descriptive key, worst first, mapped to red, amber, green, blue."""
    for i, row in enumerate(rows):
        if not _KEY.match(row.text()):
            continue
        meanings = []
        for nxt in rows[i + 1 :]:
            if nxt.first.strip() or len(nxt.filled()) != 1:
                break
            meanings.append(nxt.text())
        if len(meanings) == len(KEY_BANDS):
            return [
                LevelDraft(code=band.capitalize(), label=band.capitalize(), band=band, meaning=meaning)
                for band, meaning in zip(KEY_BANDS, meanings, strict=True)
            ]
    return [LevelDraft(code=band.capitalize(), label=band.capitalize(), band=band) for band in KEY_BANDS]


def _title(rows: list[Row], before: int) -> str:
    for row in rows[:before]:
        if len(row.filled()) == 1 and not _HEADING.match(row.text()):
            return row.text()
    return "Development plan"


def _authority(text: str, rows: list[Row]) -> str:
    """The council: the place the title names ("Thurrock Children's Services"), else a "... Council"."""
    for row in rows[:10]:
        place = _PLACE.match(row.text())
        if place:
            return f"{place.group(1)} Council"
    m = _AUTHORITY.search(text)
    return f"{m.group(1)} Council" if m else ""
