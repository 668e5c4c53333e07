"""The shared table reader for spreadsheets and Word: grid rows under a plan header -> sections, actions."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from planreview.importers.dates import find_dates, parse_due
from planreview.importers.leads import split_lead_and_date
from planreview.importers.model import ActionDraft, EntryDraft, PlanDraft, SectionDraft, iter_actions
from planreview.importers.ratings import ScaleBuilder, rating_of
from planreview.importers.tags import COMPLETE_TAG, find_tags, says_complete
from planreview.importers.vocab import (
    extra_names,
    header_fields,
    normalise_header,
    period_date,
    period_is_early,
    rating_period,
    repeats_header,
)


@dataclass(slots=True)
class Cell:
    """One table cell: the text as shown, the typed value (dates), its fill colour, its merge origin."""

    text: str
    value: object = None
    fill: str | None = None  # RRGGBB
    merged_from: tuple[int, int] | None = None  # (row, column) of the merged range's top-left cell


_KEY_START = re.compile(r"^(rag )?(rating )?(key|legend)( to ratings?| to rag)?:?$", re.I)
_SECTION_REF = re.compile(
    r"^(?P<ref>(?:(?:priority|theme|objective|recommendation|area|outcome|strand|workstream)\s*)?"
    r"\d+(?:\.\d+)*[a-z]?)\s*[.:)\-–]?\s*(?P<title>.*)$",
    re.I | re.S,
)
_TAG_SPLIT = re.compile(r"[,;\n]")
_KIND_FIRST = re.compile(
    r"^(priority|theme|objective|recommendation|outcome|area|workstream|strand|section|part)\b", re.I
)
_KINDS = ("theme", "recommendation", "objective", "outcome", "priority")
_REMOVED = re.compile(
    r"\b(removed|deleted|withdrawn) from (the )?plan\b|\baction (has been |was |is )?(removed|deleted)\b",
    re.I,
)
_AUTHORITY = re.compile(
    r"\b((?:[A-Z][A-Za-z'&\-]+\s+){1,4}(?:Borough |County |City |District |Metropolitan Borough )?Council"
    r"|(?:London|Royal) Borough of [A-Z][a-z]+(?: (?:and|upon|on) [A-Z][a-z]+)*)\b"
)
_APPENDIX = re.compile(r"^(?:appendix|annex|annexe|attachment|enclosure)\s+[a-z0-9]{1,3}\s*[:.\-–—]\s*", re.I)
_TITLE_WORDS = re.compile(r"\b(plans?|strategy|statement of action|tracker)\b", re.I)
_DATE_CUES = re.compile(
    r"\b(updated?|as at|position|dated?|version|v\d|review(ed)?|meeting|board|report(ed)?|produced|revised|"
    r"last|progress)\b",
    re.I,
)
_FIELDS_JOINED = ("outcome", "measure", "lead", "owner", "due", "progress")


KEY_CUE = re.compile(r"\b(key|legend|rag rating|ratings?|scale)\b", re.I)


def opening_section(rows: list[list[Cell]]) -> tuple[list[list[Cell]], str]:
    """Split off a section heading printed on the last line above a table header ("Theme 1: ...")."""
    for index in range(len(rows) - 1, -1, -1):
        values = {c.text for c in rows[index] if c.text}
        if not values:
            continue
        value = values.pop() if len(values) == 1 else ""
        if value and _KIND_FIRST.match(value) and section_parts(value)[0]:
            return rows[:index] + rows[index + 1 :], value
        break
    return rows, ""


def looks_like_title(text: str) -> bool:
    """True for a line that names a plan ("... Improvement Plan", "Written Statement of Action")."""
    return bool(_TITLE_WORDS.search(text)) and len(text) <= 150


def key_rows(rows: list[list[Cell]], cue: str = "") -> list[list[Cell]]:
    """The rows of a rating key: from the first "Key" line on, or all of them when a cue names a key."""
    if cue and KEY_CUE.search(cue):
        return rows
    for index, row in enumerate(rows):
        first = next((c.text for c in row if c.text), "")
        if _KEY_START.match(first.strip()) or first.lower().startswith(("key:", "rag key", "legend:")):
            return rows[index:]
    return []


def split_table(rows: list[list[Cell]]) -> tuple[list[list[Cell]], list[list[Cell]]]:
    """The table rows (header first) and the rows after it that start a key or legend."""
    for index, row in enumerate(rows):
        first = next((c.text for c in row if c.text), "")
        if index and _KEY_START.match(first.strip()):
            return rows[:index], rows[index:]
    return rows, []


def title_block(rows: list[list[Cell]]) -> tuple[str, str, str | None]:
    """(title, authority, document date) from the rows printed above a table header."""
    lines: list[str] = []
    for row in rows:
        for cell in row:
            text = " ".join(cell.text.split())
            if text and text not in lines and not _KEY_START.match(text):
                lines.append(text)
    title = next((line for line in lines if looks_like_title(line)), "")
    if not title:
        title = next(
            (line for line in lines if len(line) <= 150 and not find_dates(line) and rating_of(line) is None),
            "",
        )
    found = [m.group(1).strip() for line in lines for m in _AUTHORITY.finditer(line)]
    authority = found[0] if found else ""
    dates = [d for line in lines if _DATE_CUES.search(line) for d in find_dates(line)]
    return title, authority, max(dates).isoformat() if dates else None


def section_parts(value: str) -> tuple[str, str, str]:
    """(ref as printed, title, body) of a section cell ("Priority 2: Safe homes" -> "Priority 2", ...)."""
    first, _, body = value.strip().partition("\n")
    m = _SECTION_REF.match(first)
    if m and m.group("ref"):
        ref, title = m.group("ref").strip(), m.group("title").strip()
        return ref, title or ref, body.strip()
    return "", first.strip(), body.strip()


def section_kind(word: str) -> str:
    """The section kind a header or heading names ("Theme" -> "theme"), "priority" by default."""
    folded = normalise_header(word)
    return next((kind for kind in _KINDS if kind in folded), "priority")


@dataclass(slots=True)
class _Pending:
    section: SectionDraft
    line: int
    values: dict[str, str] = field(default_factory=dict)
    due_value: object = None
    ratings: dict[int, Cell] = field(default_factory=dict)
    rating_headers: dict[int, str] = field(default_factory=dict)
    row_fill: str | None = None  # the fill of the action's text cell, to tell row banding from ratings
    extra: dict[str, str] = field(default_factory=dict)


class PlanBuilder:
    """Builds one plan from one or more tables that share the column vocabulary."""

    def __init__(self) -> None:
        self.scale = ScaleBuilder()
        self.sections: list[SectionDraft] = []
        self._pending: list[_Pending] = []
        self._loose: SectionDraft | None = None

    def add_section(self, section: SectionDraft, parent: SectionDraft | None = None) -> SectionDraft:
        """Add a section at the top of the tree, or under a parent."""
        (parent.children if parent else self.sections).append(section)
        return section

    def add_table(
        self,
        rows: list[list[Cell]],
        parent: SectionDraft | None = None,
        first_line: int = 1,
        header: list[Cell] | None = None,
        opening: str = "",
    ) -> list[Cell]:
        """Read a table whose first row is its header (or under a header given); returns the header.

        `opening` is a section heading printed just above the header ("Priority 1 - ..."), if any.
        """
        if header is None:
            header, rows = rows[0], rows[1:]
            first_line += 1
            if rows and _is_subheader(header, rows[0]):
                header, rows = _joined_header(header, rows[0]), rows[1:]
                first_line += 1
        headers = [c.text for c in header]
        fields = _without_level_columns(header_fields(headers), rows)
        columns = {name: i for i, name in enumerate(fields) if name and name not in ("section", "rating_at")}
        section_cols = [i for i, name in enumerate(fields) if name == "section"]
        banner: SectionDraft | None = None
        if opening:
            ref, title, body = section_parts(opening)
            banner = self.add_section(
                SectionDraft(section_kind(opening.split()[0]), ref, title, body), parent
            )
        path: list[tuple[str, SectionDraft]] = []
        last: _Pending | None = None
        text_col = columns.get("text")
        for offset, row in enumerate(rows):
            row = row + [Cell("")] * (len(fields) - len(row))
            texts = [c.text for c in row[: len(fields)]]
            if not any(texts) or repeats_header(texts, headers):
                continue
            banner_text = self._banner(texts, fields)
            parent_ref = _parent_ref_row(texts, fields, rows, offset + 1)
            if banner_text or parent_ref:
                if parent_ref:
                    ref, title, body = parent_ref, *section_parts(texts[fields.index("text")])[1:]
                    kind = section_kind(title.split()[0])
                else:
                    ref, title, body = section_parts(banner_text)
                    kind = section_kind(banner_text.split()[0])
                banner = self.add_section(SectionDraft(kind, ref, title, body), parent)
                path, last = [], None
                continue
            path = self._section_path(row, section_cols, headers, path, banner or parent)
            home = path[-1][1] if path else (banner or parent or self._loose_section())
            text_cell = row[text_col] if text_col is not None else Cell("")
            continued = text_cell.merged_from is not None and text_cell.merged_from[1] == text_col
            if (
                last is not None
                and (continued or not text_cell.text)
                and not self._new_ref(row, columns, last)
            ):
                self._continue(last, row, columns, fields, headers)
                continue
            if not text_cell.text:
                continue
            last = self._start(row, columns, fields, headers, home, first_line + offset)
        return header

    @staticmethod
    def _banner(texts: list[str], fields: list[str | None]) -> str:
        """A heading row across the table: one value, merged over columns or in a ref/unnamed column."""
        values = {t for t in texts if t}
        if len(values) != 1:
            return ""
        value = values.pop()
        cols = [i for i, t in enumerate(texts) if t == value]
        if any(fields[i] == "section" for i in cols):
            return ""
        if len(cols) >= 2 or fields[cols[0]] in (None, "ref"):
            return value
        return value if fields[cols[0]] == "text" and _KIND_FIRST.match(value) else ""

    def _section_path(self, row, section_cols, headers, path, parent):
        new_path = []
        changed = False
        for level, col in enumerate(section_cols):
            value = row[col].text
            if not value and level < len(path) and not changed:
                new_path.append(path[level])
                continue
            if not value:
                break
            if not changed and level < len(path) and path[level][0] == value:
                new_path.append(path[level])
                continue
            changed = True
            ref, title, body = section_parts(value)
            under = new_path[-1][1] if new_path else parent
            section = SectionDraft(section_kind(headers[col]), ref, title, body)
            new_path.append((value, self.add_section(section, under)))
        return new_path

    def _loose_section(self) -> SectionDraft:
        if self._loose is None:
            self._loose = self.add_section(SectionDraft("priority", "", "Actions"))
        return self._loose

    @staticmethod
    def _new_ref(row, columns, last: _Pending) -> bool:
        col = columns.get("ref")
        if col is None or not row[col].text or row[col].merged_from is not None:
            return False
        return row[col].text != last.values.get("ref", "")

    def _start(self, row, columns, fields, headers, home, line) -> _Pending:
        pending = _Pending(section=home, line=line)
        for name, col in columns.items():
            pending.values[name] = row[col].text
        due_col = columns.get("due")
        if due_col is not None:
            pending.due_value = row[due_col].value
        kept = extra_names(headers)
        for i, name in enumerate(fields):
            if name in ("rating_at", "rating"):
                pending.ratings[i] = row[i]
                pending.rating_headers[i] = headers[i]
            elif name is None and i < len(kept) and row[i].text and kept[i]:
                pending.extra[kept[i]] = row[i].text
        pending.row_fill = row[columns["text"]].fill
        self._pending.append(pending)
        return pending

    def _continue(self, pending: _Pending, row, columns, fields, headers) -> None:
        for name in _FIELDS_JOINED:
            col = columns.get(name)
            if col is None or row[col].merged_from is not None or not row[col].text:
                continue
            old = pending.values.get(name, "")
            if row[col].text not in old:
                pending.values[name] = f"{old}\n{row[col].text}".strip()
        for i, name in enumerate(fields):
            if name in ("rating_at", "rating") and not pending.ratings[i].text and row[i].text:
                pending.ratings[i] = row[i]

    def read_key(self, rows: list[list[Cell]]) -> None:
        """Take levels and their meanings from key or legend rows ("Red | Significant concerns", "Blue")."""
        for row in rows:
            cells = [c for c in row if c.text or c.fill]
            for first, second in zip(cells, cells[1:], strict=False):
                label = first.text or (first.fill and _fill_label(first.fill))
                if label and len(label) <= 25 and second.text and second.text != first.text:
                    if len(second.text) > len(label) and self.scale.describe(label, second.text):
                        break
            else:
                if cells and len(cells[0].text) <= 25 and all(c.text in ("", cells[0].text) for c in cells[1:]):
                    self.scale.code(cells[0].text, cells[0].fill)  # a level the key names, unused or not

    def plan(self, title: str, authority: str = "", doc_date: str | None = None) -> PlanDraft | None:
        """The finished plan, or None when no table gave it an action."""
        for pending in self._pending:
            pending.section.actions.append(self._action(pending))
        self._pending = []
        title = _APPENDIX.sub("", title).strip() or title  # "Appendix 2: X Council Action Plan"
        if not authority:
            authority = next((m.group(1).strip() for m in _AUTHORITY.finditer(title)), "")
        plan = PlanDraft(title=title, authority=authority, doc_date=doc_date, sections=self.sections)
        if not any(True for _ in iter_actions(plan)):
            return None
        _prune(plan.sections)
        plan.scale = self.scale.levels()
        return plan

    def _action(self, pending: _Pending) -> ActionDraft:
        values = pending.values
        lead, due_raw = values.get("lead", ""), values.get("due", "")
        if "due" not in values and lead:
            lead, due_raw = split_lead_and_date(lead)
        due_value = pending.due_value
        if isinstance(due_value, datetime | date) and due_raw == values.get("due"):
            due_date = (due_value.date() if isinstance(due_value, datetime) else due_value).isoformat()
        else:
            due_date = parse_due(due_raw)
        text = values.get("text", "")
        action = ActionDraft(
            ref=values.get("ref", ""),
            text=text,
            outcome=values.get("outcome", ""),
            measure=values.get("measure", ""),
            lead=lead,
            owner=values.get("owner", ""),
            due_raw=due_raw,
            due_date=due_date,
            source_line=pending.line,
            extra=pending.extra,
            tags=find_tags(values.get("ref", ""), text),
        )
        written = [t.strip() for t in _TAG_SPLIT.split(values.get("tags", "")) if t.strip()]  # a Tags column
        action.tags = list(dict.fromkeys(written + action.tags))
        action.entries = self._entries(pending)
        if says_complete(values.get("progress", ""), *pending.extra.values()) and COMPLETE_TAG not in action.tags:
            action.tags.append(COMPLETE_TAG)  # recorded, never overriding the written rating
        removed_words = f"{text}\n{values.get('progress', '')}"
        rating_words = " ".join(c.text.lower() for c in pending.ratings.values())
        if _REMOVED.search(removed_words) or rating_words.strip() in {"removed", "deleted", "withdrawn"}:
            action.state = "removed"
        return action

    def _entries(self, pending: _Pending) -> list[EntryDraft]:
        row_fill = pending.row_fill
        dated, current = [], []
        for col, cell in pending.ratings.items():
            fill = cell.fill if cell.fill != row_fill else None
            code = self.scale.code(cell.text, fill)
            if code is None:
                continue
            header = pending.rating_headers.get(col, "")
            period = rating_period(header) if header else None
            if period is None:
                current.append(EntryDraft(on_date=None, rating=code, period=header))
            else:
                dated.append((period, EntryDraft(on_date=period_date(period), rating=code, period=header)))
        entries = _in_date_order(dated) + current
        note = pending.values.get("progress", "")
        status = next((c.text for c in pending.ratings.values() if len(c.text.split()) > 3), "")
        note = (
            note or status
        )  # a status cell that tells the story is the note when there is no progress column
        if note and entries:
            entries[-1].note = note
        elif note:
            entries.append(EntryDraft(on_date=None, note=note))
        return entries


def _parent_ref_row(texts: list[str], fields: list[str | None], rows: list[list[Cell]], start: int) -> str:
    """The ref of a row that heads the rows after it: only a ref and a title, next ref "3" -> "3.1"."""
    if "ref" not in fields or "text" not in fields:
        return ""
    ref_col, text_col = fields.index("ref"), fields.index("text")
    ref = texts[ref_col]
    filled = [i for i, t in enumerate(texts) if t and fields[i] != "section"]
    if not ref or not texts[text_col] or set(filled) != {ref_col, text_col}:
        return ""
    for row in rows[start : start + 50]:
        nxt = row[ref_col].text if ref_col < len(row) else ""
        if nxt:
            return ref if nxt.startswith((f"{ref}.", f"{ref.rstrip('.')}.")) and nxt != ref else ""
    return ""


_PRIORITY_LEVELS = {"high", "medium", "med", "low", "h", "m", "l", "critical", "urgent", "very high"}


def _without_level_columns(fields: list[str | None], rows: list[list[Cell]]) -> list[str | None]:
    """A "Priority" column holding High/Medium/Low grades the actions; it is not a section column."""
    fields = list(fields)
    for col, name in enumerate(fields):
        if name != "section":
            continue
        values = {normalise_header(row[col].text) for row in rows if col < len(row) and row[col].text}
        if values and values <= _PRIORITY_LEVELS:
            fields[col] = None
    return fields


def _is_subheader(header: list[Cell], row: list[Cell]) -> bool:
    """A second header row: text only under merged (or blank) header cells, e.g. periods under "RAG"."""
    fields = header_fields([c.text for c in header])
    if "text" not in fields or not any(c.text for c in row):
        return False
    text_col = fields.index("text")
    if text_col < len(row) and row[text_col].text:
        return False

    def grouped(c: int) -> bool:
        if c >= len(header):
            return False
        nxt = header[c + 1] if c + 1 < len(header) else None
        starts = nxt is not None and nxt.merged_from is not None and nxt.merged_from[1] == c
        return not header[c].text or header[c].merged_from is not None or starts

    return all(grouped(c) for c, cell in enumerate(row) if cell.text)


def _joined_header(header: list[Cell], row: list[Cell]) -> list[Cell]:
    """Header cells with their second-row text appended ("RAG" + "Jan 26" -> "RAG Jan 26")."""
    joined = []
    for c, cell in enumerate(header):
        sub = row[c].text if c < len(row) else ""
        joined.append(Cell(" ".join(t for t in (cell.text, sub) if t)) if sub else cell)
    return joined


def _in_date_order(dated: list[tuple[str, EntryDraft]]) -> list[EntryDraft]:
    """Dated history entries oldest first; "initial" ones go before, dated the month before the first."""
    known = sorted(e.on_date for _, e in dated if e.on_date)
    for period, entry in dated:
        if entry.on_date is None and period_is_early(period) and known:
            first = date.fromisoformat(known[0])
            before = first.replace(day=1) - timedelta(days=1)
            entry.on_date = before.replace(day=calendar.monthrange(before.year, before.month)[1]).isoformat()
    ordered = sorted((e for _, e in dated), key=lambda e: (e.on_date is not None, e.on_date or ""))
    return ordered


def _fill_label(fill: str) -> str:
    from planreview.importers.ratings import band_of_colour

    band = band_of_colour(fill)
    return band.capitalize() if band else ""


def _prune(sections: list[SectionDraft]) -> None:
    """Drop sections that hold no action anywhere below them."""

    def has_actions(section: SectionDraft) -> bool:
        return bool(section.actions) or any(has_actions(c) for c in section.children)

    sections[:] = [s for s in sections if has_actions(s)]
    for section in sections:
        _prune(section.children)
