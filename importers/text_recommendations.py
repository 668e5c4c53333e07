"""Text extracts of plans whose rows are numbered inspection recommendations (Southampton family).

The table has a "No" column, an "... recommendation" column, then Action, Timescale, Lead, a
performance-indicator column and Outcome. Bold single-cell rows are bands ("Priority and immediate
action (3 months)") and sub-bands; each numbered row is one action, continued across page breaks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from planreview.importers.dates import parse_due
from planreview.importers.model import ActionDraft, PlanDraft, SectionDraft
from planreview.importers.tags import find_tags
from planreview.importers.text_table import (
    Row,
    is_header_like,
    is_noise,
    merge_continuations,
    read_rows,
)
from planreview.importers.vocab import header_fields

# "13/14", "17.", "1 (9)", "3.2"
REF = re.compile(r"^\d{1,3}(?:\s*[/.]\s*\d{1,3})*\.?(?:\s*\(\d{1,3}\))?$")
# a band names its time window: "(3 months)", "(6-9 months)"
_BAND_WINDOW = re.compile(r"\(\s*[^)]*\d[^)]*\)|\bmonths?\b|\bweeks?\b|\byears?\b", re.I)
_REMOVED = re.compile(
    r"\b(?:has been|have been|was|were|is|now) removed\b|\bremoved from (?:the )?plan\b", re.I
)
_AUTHORITY = re.compile(
    r"\b((?:[A-Z][a-z]+(?:[ -](?:and|upon|on|of)?[ -]?[A-Z][a-z]+)*) "
    r"(?:(?:City|County|Borough|District|Metropolitan Borough|Metropolitan) )?Council)\b"
)
_AUTHORITY_KIND = re.compile(r"\b(City|County|Borough|District|Metropolitan)\b")
_MARKUP = re.compile(r"^[#>\s]+|[*_`]+")


def find_plans(text: str, name: str) -> list[tuple[int, PlanDraft]]:
    """Every recommendation-numbered plan table in a text extract, with its first line number."""
    rows = read_rows(text)
    plans = []
    for start, end, header in _tables(rows):
        plan = _plan(rows, start, end, header, text, name)
        if plan is not None:
            plans.append((rows[start].line, plan))
    return plans


def columns(header: Sequence[str]) -> dict[str, int] | None:
    """Field -> column of a recommendation-table header, or None when the header is not one."""
    found = {name: i for i, name in enumerate(header_fields(header)) if name}
    if found.get("ref") != 0 or "text" not in found or not {"due", "lead"} & found.keys():
        return None
    section = found.get("section")
    if section is None or "recommendation" not in header[section].lower():
        return None
    return found


def is_ref(cell: str) -> bool:
    """True for a recommendation number as printed: "13/14", "17.", "1 (9)"."""
    return bool(REF.match(cell.strip()))


def latest_due(raw: str) -> str | None:
    """ISO date of the latest date written in a timescale cell (relative lines ignored), or None."""
    return parse_due(raw)


def find_authority(text: str, name: str = "", title: str = "") -> str:
    """The council a document belongs to: a "... Council" name, preferring the place in the file name."""
    names = [m.group(1) for m in _AUTHORITY.finditer(text)]
    if not names:
        return ""
    hint = f"{name} {title}".lower().replace("-", " ").replace("_", " ")
    for candidate in names:
        if candidate.split()[0].lower() in hint:
            return candidate
    counts = Counter(names)
    return max(names, key=lambda n: (bool(_AUTHORITY_KIND.search(n)), counts[n]))


def plain_title(line: str) -> str:
    """A heading line without markdown marks ("# **Action Plan**" -> "Action Plan")."""
    return re.sub(r"\s+", " ", _MARKUP.sub("", line)).strip()


def _tables(rows: list[Row]) -> list[tuple[int, int, list[str]]]:
    """(first row, end row, header cells) of every recommendation table, in document order."""
    tables = []
    i = 0
    while i < len(rows):
        header = rows[i].cells if columns(rows[i].cells) else None
        if header is None:
            i += 1
            continue
        end = i + 1
        while end < len(rows):
            row = rows[end]
            if len(row.cells) > 1 or is_noise(row):
                end += 1
                continue
            # a one-cell line inside the table is page furniture only if the table goes on after it
            nxt = next((r for r in rows[end + 1:] if len(r.cells) > 1), None)
            if nxt is not None and is_header_like(nxt, header):
                end += 1
                continue
            break
        tables.append((i, end, header))
        i = end
    return tables


def _plan(rows: list[Row], start: int, end: int, header: list[str], text: str, name: str) -> PlanDraft | None:
    cols = columns(header)
    body = [
        row for row in rows[start + 1:end]
        if len(row.cells) > 1 and not is_noise(row) and not is_header_like(row, header)
    ]
    body = merge_continuations(body)
    title = _title_before(rows, start) or "Action plan"
    plan = PlanDraft(title=title, authority=find_authority(text, name, title))
    band: SectionDraft | None = None
    current: SectionDraft | None = None
    count = 0
    for row in body:
        first = row.first.strip()
        if is_ref(first):
            if current is None:
                band = current = SectionDraft(kind="band", title="Actions")
                plan.sections.append(current)
            current.actions.append(_action(row, cols, header))
            count += 1
        elif row.filled() == [0]:
            section = SectionDraft(kind="band", title=first.replace("\n", " "))
            if band is None or _BAND_WINDOW.search(first):
                band = current = section
                plan.sections.append(section)
            else:
                band.children.append(section)
                current = section
    return plan if count else None


def _action(row: Row, cols: dict[str, int], header: Sequence[str]) -> ActionDraft:
    recommendation = row.cell(cols["section"])
    planned = row.cell(cols["text"])
    due_raw = row.cell(cols["due"]) if "due" in cols else ""
    action = ActionDraft(
        ref=row.first.strip(),
        text="\n".join(part for part in (recommendation, planned) if part),
        outcome=row.cell(cols["outcome"]) if "outcome" in cols else "",
        measure=row.cell(cols["measure"]) if "measure" in cols else "",
        lead=row.cell(cols["lead"]) if "lead" in cols else "",
        due_raw=due_raw,
        due_date=latest_due(due_raw),
        source_line=row.line,
    )
    own = ref_tags(action.ref)
    action.tags = own + [t for t in find_tags(action.text, action.measure, action.outcome) if t not in own]
    used = set(cols.values()) - {cols["section"]}
    for i, head in enumerate(header):
        if i not in used and head.strip() and row.cell(i):
            action.extra[head.strip()] = row.cell(i)
    if _REMOVED.search(action.text) and not planned and not due_raw:
        action.state = "removed"
    return action


def ref_tags(ref: str) -> list[str]:
    """Tags for the inspection recommendations a row number names ("13/14" -> ofsted-13, ofsted-14)."""
    numbers = re.findall(r"\d+", ref)
    return find_tags(*(f"Ofsted {n}" for n in numbers))


def _title_before(rows: list[Row], start: int) -> str:
    for row in reversed(rows[max(0, start - 6):start]):
        if len(row.cells) == 1 and row.first.strip() and not is_noise(row):
            return plain_title(row.first)
    return ""
