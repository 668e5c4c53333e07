"""Text extracts of plans made of "RECOMMENDATION N:" blocks, each followed by its action table.

Shropshire family: the recommendation text and the "Summary from Ofsted Inspection" bullets become
the section; every row with a ref like "11.1" is an action; the "Progress RAG" word (GREEN, AMBER,
Green, COMPLETED) is the rating written in the document, the progress text its note. "ACTION COMPLETE"
(or "ACTION CONCLUDED") in the progress or impact text is kept as the tag "complete" and never overrides
the written rating.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce

from planreview.importers.dates import find_dates
from planreview.importers.leads import split_lead_and_date
from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.importers.tags import COMPLETE_TAG, find_tags, says_complete
from planreview.importers.text_recommendations import find_authority, latest_due, plain_title
from planreview.importers.text_table import (
    Row,
    is_header_like,
    is_noise,
    join_text,
    merge_continuations,
    read_rows,
    unnest_tables,
)
from planreview.importers.vocab import header_fields, is_header_row

HEAD = re.compile(r"^(RECOMMENDATION\s+(\d+))\s*[:.\-–]?\s*(.*)$", re.I | re.S)
SUMMARY = re.compile(r"^summary\b.*:?\s*$", re.I)
ACTION_REF = re.compile(r"^\d{1,2}\.\d{1,2}[a-z]?\.?$")
_PHRASE_WORD = re.compile(r"\b(?!(?:of|the|and|for)\b)[a-z]{3,}\b")

# The words these plans write in their rating column, mapped to the canonical bands.
SCALE = (
    LevelDraft("RED", "Red", "red"),
    LevelDraft("AMBER", "Amber", "amber"),
    LevelDraft("GREEN", "Green", "green"),
    LevelDraft("COMPLETED", "Completed", "blue"),
)
_RATING_WORDS = {level.code: level.code for level in SCALE} | {"COMPLETE": "COMPLETED"}


@dataclass(slots=True)
class _Block:
    head: Row
    number: int
    title: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    table: list[Row] = field(default_factory=list)


def find_plans(text: str, name: str) -> list[tuple[int, PlanDraft]]:
    """Every plan made of RECOMMENDATION blocks with action tables, with its first line number."""
    rows = read_rows(text)
    plans = []
    for blocks in _plans_of(_blocks(rows)):
        plan = _plan(blocks, rows, text, name)
        if plan is not None:
            plans.append((blocks[0].head.line, plan))
    return plans


def rating_code(cell: str) -> str | None:
    """The scale code a rating cell holds ("Green" -> "GREEN"), or None when it holds no rating."""
    return _RATING_WORDS.get(re.sub(r"\s+", " ", cell or "").strip().upper())


def lead_and_due(cell: str) -> tuple[str, str]:
    """Split a "Lead and Timescale" cell line by line into (lead as printed, due as printed)."""
    leads, dues = [], []
    for line in (cell or "").splitlines():
        lead, due = split_lead_and_date(line)
        if due and _PHRASE_WORD.search(lead):  # "To commence from 08/01/18" is all timescale
            lead, due = "", line.strip()
        if lead:
            leads.append(lead)
        if due:
            dues.append(due)
    return " ".join(leads), "; ".join(dues)


def document_date(rows: list[Row]) -> str | None:
    """ISO date of a line that holds nothing but a date ("Jan 2019") before the first block."""
    for row in rows:
        line = row.text()
        if HEAD.match(line):
            break
        if len(row.cells) == 1 and len(line) <= 30 and len(line.split()) <= 4:
            dates = find_dates(line)
            if len(dates) == 1:
                return dates[0].isoformat()
    return None


def _blocks(rows: list[Row]) -> list[_Block]:
    """RECOMMENDATION blocks: heading, title lines, summary lines, then the table rows up to prose."""
    blocks: list[_Block] = []
    block: _Block | None = None
    part = "title"
    for index, row in enumerate(rows):
        single = len(row.cells) == 1
        m = HEAD.match(row.first.strip()) if single else None
        if m:
            block = _Block(row, int(m.group(2)))
            if m.group(3).strip():
                block.title.append(m.group(3).strip())
            blocks.append(block)
            part = "title"
            continue
        if block is None:
            continue
        if not single:
            part = "table"
            block.table.append(row)
        elif part == "table":
            if not is_noise(row) and not _table_goes_on(rows, index):
                block = None
        elif SUMMARY.match(row.first.strip()):
            part = "body"
        elif not is_noise(row):
            (block.title if part == "title" else block.body).append(row.first)
    return [b for b in blocks if b.table]


def _table_goes_on(rows: list[Row], index: int) -> bool:
    nxt = next((r for r in rows[index + 1:index + 4] if r.text()), None)
    return nxt is not None and len(nxt.cells) > 1


def _plans_of(blocks: list[_Block]) -> list[list[_Block]]:
    """Split blocks into plans: numbering that starts again means another plan."""
    plans: list[list[_Block]] = []
    for block in blocks:
        if not plans or block.number <= plans[-1][-1].number:
            plans.append([])
        plans[-1].append(block)
    return plans


def _plan(blocks: list[_Block], rows: list[Row], text: str, name: str) -> PlanDraft | None:
    title = _title(rows, blocks[0].head.line) or "Action plan"
    plan = PlanDraft(title=title, authority=find_authority(text, name, title), scale=list(SCALE))
    plan.doc_date = document_date([r for r in rows if r.line < blocks[0].head.line])
    for block in blocks:
        section = SectionDraft(
            kind="recommendation",
            ref=re.sub(r"\s+", " ", HEAD.match(block.head.first.strip()).group(1)),
            title=_joined(block.title, " "),
            body=_joined(block.body, "\n"),
        )
        section.actions = _actions(block.table, text)
        plan.sections.append(section)
    return plan if any(s.actions for s in plan.sections) else None


def _actions(table: list[Row], text: str) -> list[ActionDraft]:
    header: list[str] | None = None
    body: list[Row] = []
    for row in table:
        if is_noise(row):
            continue
        if is_header_row(row.cells) or (header and is_header_like(row, header)):
            header = row.cells
            continue
        body.append(row)
    if header is None:
        return []
    body = unnest_tables(body, text, len(header))
    fields = header_fields(header)
    actions = []
    for row in merge_continuations(body):
        if ACTION_REF.match(row.first.strip()):
            actions.append(_action(row, header, fields))
    return actions


def _action(row: Row, header: list[str], fields: list[str | None]) -> ActionDraft:
    cell = {name: row.cell(i) for i, name in enumerate(fields) if name}
    lead, due_raw = cell.get("lead", ""), cell.get("due", "")
    due_index = fields.index("due") if "due" in fields else -1
    if due_index >= 0 and "lead" in header[due_index].lower():
        lead, due_raw = lead_and_due(due_raw)
    progress = cell.get("progress", "")
    action = ActionDraft(
        ref=row.first.strip(),
        text=cell.get("text", ""),
        outcome=cell.get("outcome", ""),
        measure=cell.get("measure", ""),
        lead=lead,
        owner=cell.get("owner", ""),
        due_raw=due_raw,
        due_date=latest_due(due_raw),
        source_line=row.line,
        tags=find_tags(cell.get("text", ""), cell.get("outcome", ""), cell.get("measure", "")),
    )
    rating = rating_code(cell.get("rating", ""))
    if rating or progress:
        action.entries.append(EntryDraft(on_date=None, rating=rating, note=progress))
    for i, head in enumerate(header):
        if fields[i] is None and head.strip() and row.cell(i):
            action.extra[head.strip()] = row.cell(i)
    if says_complete(progress, *action.extra.values()):
        action.tags.append(COMPLETE_TAG)
    return action


def _title(rows: list[Row], before_line: int) -> str:
    for row in rows:
        if row.line >= before_line:
            break
        line = row.text()
        if len(row.cells) == 1 and len(line) <= 100 and "plan" in line.lower() and not line.startswith("-"):
            return plain_title(line)
    return ""


def _joined(lines: list[str], sep: str) -> str:
    """Lines of a title or body; a line broken by a page break (next starts lower case) joins up."""
    return reduce(join_text, (line.strip() for line in lines if line.strip()), "").replace("\n", sep)
