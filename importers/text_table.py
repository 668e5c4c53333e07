"""Shared reader for tab-separated tables in text extracted from PDFs.

The stable API (other importers rely on it; add functions, do not change these):

- ``Row``                      one table row: ``line`` (1-based), ``cells`` (plain text), ``lines`` merged in
- ``read_rows(text)``          every non-blank line as a Row, cells through ``cells.cell_text``
- ``is_noise(row, titles)``    page furniture: "Page N", blank-page notes, dash separators, page titles
- ``drop_noise(rows, titles)`` the rows that are not page furniture
- ``repeated_titles(rows)``    single-cell lines printed more than once (running page titles)
- ``header_words(cells)``      a header reduced for comparison ("Actions" -> "action")
- ``is_header_like(row, header)``  True for a repeat of ``header`` (first cell blank, one word changed)
- ``drop_headers(rows, header)``   the rows that are not repeats of ``header``
- ``merge_continuations(rows, starts_new)``  glue continuation rows into the row they continue
- ``join_text(a, b)``          join two pieces of one cell (a sentence broken by a page break stays one line)
- ``realign(cells, width, target, is_anchor)``  put a shifted row's cells back in their columns
- ``column_index(header, vocabulary)``  map header cells to field names by a shared column vocabulary
- ``unnest_tables(rows, text, width)``  a nested <table> flattened into extra cells: cells put back, echo rows dropped
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from planreview.importers.cells import cell_text

_PAGE = re.compile(r"^\s*page\s+\d+\s*(of\s+\d+)?\s*$", re.IGNORECASE)
_BLANK_PAGE = re.compile(r"^\s*this page (is )?(intentionally )?(left )?blank\.?\s*$", re.IGNORECASE)
_DASHES = re.compile(r"^[\s\-–—_=|:]*$")
_SENTENCE_END = re.compile(r"[.!?:;)\]]$")
# a piece ending in one of these words (or a comma) stops mid-sentence, whatever the next piece starts with
_OPEN_END = re.compile(
    r"(?:,|\b(?:and|or|the|a|an|of|to|in|on|for|with|by|from|at|as|that|which|who|whose|their|its|our|"
    r"is|are|be|will|into|than|between|within|including|via|per|&))$"
)

# The shared column vocabulary: field -> header words that name it (compared via header_words()).
VOCABULARY: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "no", "no.", "id", "number", "ref no"),
    "objective": ("objective", "objectives"),
    "outcome": ("outcome", "outcomes", "expected impact", "impact"),
    "action": ("action", "actions", "action required", "what we will do"),
    "measure": (
        "success measure", "success measure(s)", "success measures", "impact measure",
        "performance indicator", "measure", "measures",
    ),
    "progress": ("progress", "progress update", "update", "progress to date", "comments"),
    "due": ("by when", "timescale", "timescales", "timeframe", "time", "due", "deadline", "due date"),
    "lead": ("lead", "lead officer", "responsible", "lead manager", "who"),
    "owner": ("responsible officer", "owner"),
    "rating": ("rag", "status", "progress rag", "rag rating", "rating"),
}


@dataclass(slots=True)
class Row:
    """One table row of a text extract: its first source line and its cells as plain text."""

    line: int
    cells: list[str]
    lines: list[int] = field(default_factory=list)  # every source line merged into this row

    @property
    def first(self) -> str:
        """The first cell ('' when the row has none)."""
        return self.cells[0] if self.cells else ""

    def cell(self, index: int) -> str:
        """The cell at index, or '' when the row is shorter."""
        return self.cells[index] if 0 <= index < len(self.cells) else ""

    def filled(self) -> list[int]:
        """Indexes of the cells that hold text."""
        return [i for i, c in enumerate(self.cells) if c.strip()]

    def text(self) -> str:
        """All non-empty cells joined by a space (for matching titles and headings)."""
        return " ".join(c.replace("\n", " ") for c in self.cells if c.strip())


def read_rows(text: str) -> list[Row]:
    """Every non-blank line of a text extract as a Row (tab-separated cells made plain by cell_text)."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell_text(part) for part in line.split("\t")]
        rows.append(Row(number, cells, [number]))
    return rows


def is_noise(row: Row, titles: Iterable[str] = ()) -> bool:
    """True for page furniture: 'Page N', blank-page notes, dash separator rows, running page titles."""
    joined = row.text()
    if not joined:
        return True
    if _PAGE.match(joined) or _BLANK_PAGE.match(joined):
        return True
    if all(_DASHES.match(c) for c in row.cells):
        return True
    return _norm(joined) in {_norm(t) for t in titles}


def drop_noise(rows: Iterable[Row], titles: Iterable[str] = ()) -> list[Row]:
    """The rows that are not page furniture (see is_noise)."""
    titles = list(titles)
    return [row for row in rows if not is_noise(row, titles)]


def repeated_titles(rows: Iterable[Row], min_count: int = 2) -> set[str]:
    """Single-cell lines printed at least min_count times: running page titles, not content."""
    counts = Counter(row.text() for row in rows if len(row.filled()) == 1)
    return {text for text, n in counts.items() if n >= min_count and text}


def header_words(cells: Sequence[str]) -> tuple[str, ...]:
    """A header row reduced for comparison: lower case, single spaces, trailing plural 's' dropped."""
    return tuple(_singular(_norm(c)) for c in cells)


def is_header_like(row: Row | Sequence[str], header: Sequence[str], max_changed: int = 1) -> bool:
    """True when row repeats header, allowing a blank or different first cell and max_changed other words."""
    cells = row.cells if isinstance(row, Row) else list(row)
    mine, theirs = header_words(cells)[1:], header_words(header)[1:]
    mine = _trim(mine)
    theirs = _trim(theirs)
    if not theirs or len(mine) != len(theirs):
        return False
    changed = sum(1 for a, b in zip(mine, theirs, strict=True) if a != b)
    same = len(theirs) - changed
    return changed <= max_changed and same >= max(2, len(theirs) - max_changed)


def drop_headers(rows: Iterable[Row], header: Sequence[str], max_changed: int = 1) -> list[Row]:
    """The rows that are not repeats of header (page-repeated header rows removed)."""
    return [row for row in rows if not is_header_like(row, header, max_changed)]


def join_text(a: str, b: str) -> str:
    """Join two pieces of one cell: a sentence broken by a page break joins with a space, else a new line.

    A sentence is taken as broken when the next piece starts in lower case or this one ends in a word
    that cannot end one ("... children looked after and" + "Care leavers ...").
    """
    a, b = a.rstrip(), b.lstrip()
    if not a:
        return b
    if not b:
        return a
    if not _SENTENCE_END.search(a) and (b[:1].islower() or _OPEN_END.search(a)):
        return f"{a} {b}"
    return f"{a}\n{b}"


def merge_continuations(
    rows: Iterable[Row], starts_new: Callable[[Row], bool] | None = None
) -> list[Row]:
    """Merge each continuation row into the row before it, cell by cell (default: first cell empty continues)."""
    starts_new = starts_new or (lambda row: bool(row.first.strip()))
    merged: list[Row] = []
    for row in rows:
        if merged and not starts_new(row):
            last = merged[-1]
            width = max(len(last.cells), len(row.cells))
            last.cells = [join_text(last.cell(i), row.cell(i)) for i in range(width)]
            last.lines.extend(row.lines)
        else:
            merged.append(Row(row.line, list(row.cells), list(row.lines)))
    return merged


def realign(
    cells: Sequence[str], width: int, target: int, is_anchor: Callable[[str], bool]
) -> list[str]:
    """Shift a row so its first anchor cell (e.g. a rating digit) lands in column target; pad to width.

    Rows that lost leading empty cells are pushed right; rows with extra leading empties are pulled left
    (only empty cells are dropped). A row without an anchor is only padded.
    """
    cells = list(cells)
    found = next((i for i, c in enumerate(cells) if c.strip() and is_anchor(c.strip())), None)
    if found is not None and found != target:
        shift = target - found
        if shift > 0:
            cells = [""] * shift + cells
        else:
            lead = 0
            while lead < -shift and lead < len(cells) and not cells[lead].strip():
                lead += 1
            cells = cells[lead:]
    cells = cells + [""] * (width - len(cells))
    while len(cells) > width and not cells[-1].strip():
        cells.pop()
    return cells


def column_index(header: Sequence[str], vocabulary: dict[str, tuple[str, ...]] | None = None) -> dict[str, int]:
    """Map header cells to field names (first match wins per field); unknown headers are left out."""
    vocabulary = vocabulary or VOCABULARY
    lookup = {}
    for name, words in vocabulary.items():
        for word in words:
            lookup.setdefault(_singular(_norm(word)), name)
    found: dict[str, int] = {}
    for i, word in enumerate(header_words(header)):
        name = lookup.get(word)
        if name and name not in found:
            found[name] = i
    return found


def unnest_tables(rows: Iterable[Row], text: str, width: int) -> list[Row]:
    """Undo a nested <table> flattened into extra cells after its own cell and echoed as extra rows.

    A row wider than ``width`` whose raw cell holds ``<table`` loses the extra cells that follow that
    cell (the table text stays in the cell itself); following rows made only of those cells are dropped.
    Surplus empty cells at the end of any row are trimmed to ``width``.
    """
    raw_lines = text.splitlines()
    echoes: set[str] = set()
    kept: list[Row] = []
    for row in rows:
        cells = list(row.cells)
        raw = raw_lines[row.line - 1].split("\t") if 0 < row.line <= len(raw_lines) else []
        extra = len(cells) - width
        nested = next((i for i, c in enumerate(raw) if "<table" in c.lower()), None)
        if extra > 0 and nested is not None and len(raw) == len(cells):
            flat = cells[nested + 1:nested + 1 + extra]
            echoes = {_norm(c) for c in flat if c.strip()}
            cells = cells[:nested + 1] + cells[nested + 1 + extra:]
        elif echoes and row.filled() and all(_norm(row.cells[i]) in echoes for i in row.filled()):
            continue
        else:
            echoes = set()
        while len(cells) > width and not cells[-1].strip():
            cells.pop()
        kept.append(Row(row.line, cells, list(row.lines)))
    return kept


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _trim(words: tuple[str, ...]) -> tuple[str, ...]:
    words = list(words)
    while words and not words[-1]:
        words.pop()
    return tuple(words)
