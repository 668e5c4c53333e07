"""The one column vocabulary every importer shares: a header cell -> a canonical action field."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

# Canonical fields a header can name. "rating_at" is a rating history column ("RAG 01/18").
FIELDS = (
    "ref",
    "section",
    "text",
    "outcome",
    "measure",
    "lead",
    "owner",
    "due",
    "rating",
    "rating_at",
    "progress",
    "tags",
)
# Columns this app's own xlsx/csv export adds: another column of the document, written back under its own
# name after this prefix (so "Objective" stays an extra column, not a section), and bookkeeping columns
# that say nothing new once the file is imported again.
EXTRA_PREFIX = "Other: "
EXPORT_SIGNATURE = "planreview id"
EXPORT_ONLY = ("last entry", "band", "overdue", "decisions and flags", "disputed", EXPORT_SIGNATURE)
HEADER_SCAN_ROWS = 15  # a header row is looked for among this many rows at the top of a table
_MAX_HEADER_WORDS = 8
_MAX_HEADER_CHARS = 60

_EXACT = {
    "ref": "ref",
    "ref no": "ref",
    "reference": "ref",
    "no": "ref",
    "number": "ref",
    "id": "ref",
    "item": "ref",
    "action no": "ref",
    "action ref": "ref",
    "action number": "ref",
    "action id": "ref",
    "priority": "section",
    "theme": "section",
    "objective": "section",
    "recommendation": "section",
    "area": "section",
    "workstream": "section",
    "strand": "section",
    "area for improvement": "section",
    "action": "text",
    "actions": "text",
    "what we will do": "text",
    "key actions": "text",
    "outcome": "outcome",
    "outcomes": "outcome",
    "expected impact": "outcome",
    "impact": "outcome",
    "expected outcome": "outcome",
    "success measure": "measure",
    "success measures": "measure",
    "impact measure": "measure",
    "performance indicator": "measure",
    "measure": "measure",
    "measures": "measure",
    "kpi": "measure",
    "lead": "lead",
    "lead officer": "lead",
    "responsible": "lead",
    "owner": "lead",
    "who": "lead",
    "action owner": "lead",
    "action lead": "lead",
    "by whom": "lead",
    "responsible officer": "owner",
    "by when": "due",
    "timescale": "due",
    "timescales": "due",
    "timeframe": "due",
    "due": "due",
    "due date": "due",
    "deadline": "due",
    "target date": "due",
    "when": "due",
    "completion date": "due",
    "rag": "rating",
    "status": "rating",
    "progress rag": "rating",
    "rating": "rating",
    "rag status": "rating",
    "rag rating": "rating",
    "brag": "rating",
    "current rag": "rating",
    "progress": "progress",
    "update": "progress",
    "progress to date": "progress",
    "comments": "progress",
    "progress update": "progress",
    "commentary": "progress",
    "notes": "progress",
    "tags": "tags",
}

# Fallbacks for longer headers, tried in order: the first pattern found anywhere in the header wins.
_CONTAINS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), name)
    for pattern, name in (
        (r"\b(start|started|raised|added|opened|created|logged)\b.*\bdate\b|^date (raised|added|opened)", ""),
        (r"\bdirection( of travel)?\b|\bdot\b|\btrend\b", ""),
        (r"^(ref|reference|no|number|id)\b|\b(ref|reference|no|number|id)$", "ref"),
        (r"\b(updates?|comments?|commentary|narrative|current position|position statement)\b", "progress"),
        (r"\b(rag|brag|rating|status)\b", "rating"),
        (r"\b(measures?|indicators?|kpis?|evidence|success|how will we know)\b", "measure"),
        (r"\b(outcomes?|impact|achieve[d]?|results?|difference)\b", "outcome"),
        (r"\bresponsible officer\b", "owner"),
        (r"\b(when|timescales?|time ?frames?|deadlines?|due|target date|completion date|date)\b", "due"),
        (r"\b(lead|leads|responsible|owners?|who|accountable)\b", "lead"),
        (r"\bprogress\b", "progress"),
        (
            r"\b(priority|priorities|theme|objectives?|recommendations?|workstream|strand|areas?|issues?|"
            r"findings?|weakness(es)?)\b",
            "section",
        ),
        (r"\b(actions?|what we will do|activit(y|ies)|tasks?|steps)\b", "text"),
    )
)

_MONTHS = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?"
)
_PERIOD = (
    rf"(\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|({_MONTHS})\b[\s\-']*\d{{2,4}}|"
    r"q[1-4]\b.*|\d{4}(/\d{2,4})?|initial|baseline|previous|original|start)"
)
_HISTORY = (
    re.compile(rf"^(rag|rating|status)( rating| status)?( at| as at| in| for)? (?P<period>{_PERIOD})$"),
    re.compile(rf"^(?P<period>{_PERIOD}) (rag|rating|status)$"),
)
_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w/\-' ]+")
_EARLY_PERIODS = ("initial", "baseline", "previous", "original", "start")


@lru_cache(maxsize=8192)
def _normalise(text: str) -> str:
    text = _PUNCT.sub(" ", text.replace("_", " ").lower())
    return _SPACES.sub(" ", text).strip(" -'/")


def normalise_header(header: object) -> str:
    """A header cell folded for matching: lower case, punctuation dropped, spaces collapsed."""
    return _normalise("" if header is None else str(header))


def rating_period(header: object) -> str | None:
    """The period a rating history header speaks for ("RAG 01/18" -> "01/18"), else None."""
    key = normalise_header(header)
    for pattern in _HISTORY:
        m = pattern.match(key)
        if m:
            return m.group("period")
    return None


def field_for(header: object) -> str | None:
    """The canonical field a header cell names ("By When" -> "due"), or None when it names none."""
    if str(header or "").startswith(EXTRA_PREFIX):
        return None
    return _field_for_key(normalise_header(header))


def extra_names(headers: Sequence[object]) -> list[str | None]:
    """The name each column keeps among an action's other columns, None for a column not kept.

    Used for columns that name no field: the header as printed, or, in a file this app exported, the
    name after EXTRA_PREFIX, with the export's bookkeeping columns (EXPORT_ONLY) left out.
    """
    exported = any(normalise_header(h) == EXPORT_SIGNATURE for h in headers)
    names: list[str | None] = []
    for header in headers:
        text = str(header or "").strip()
        if text.startswith(EXTRA_PREFIX.strip()):
            text = text[len(EXTRA_PREFIX.strip()):].strip()
        elif exported and normalise_header(text) in EXPORT_ONLY:
            text = ""
        names.append(text or None)
    return names


@lru_cache(maxsize=8192)
def _field_for_key(key: str) -> str | None:
    if not key or len(key) > _MAX_HEADER_CHARS or len(key.split()) > _MAX_HEADER_WORDS:
        return None
    if rating_period(key) is not None:
        return "rating_at"
    if key in _EXACT:
        return _EXACT[key]
    for pattern, name in _CONTAINS:
        if pattern.search(key):
            return name or None  # "" marks headers that name no field ("Start date", "Direction of travel")
    return None


def header_fields(row: Sequence[object]) -> list[str | None]:
    """The field of every cell of a header row; a field named twice keeps its first column only.

    Rating history ("rating_at") and section columns may repeat: several section columns nest.
    """
    seen: set[str] = set()
    fields: list[str | None] = []
    for cell in row:
        name = field_for(cell)
        if name in seen and name not in ("rating_at", "section"):
            name = None
        if name:
            seen.add(name)
        fields.append(name)
    return fields


def is_header_row(row: Sequence[object]) -> bool:
    """True when a row names an action column plus a lead, due date or rating column.

    At least two cells must be plain vocabulary ("Action", "By when") or three cells recognised,
    so a data row such as "Review actions | Service Lead" is not taken for a header.
    """
    fields = header_fields(row)
    names = set(fields)
    if "text" not in names or not names & {"lead", "owner", "due", "rating", "rating_at"}:
        return False
    exact = sum(1 for cell in row if normalise_header(cell) in _EXACT or rating_period(cell) is not None)
    return exact >= 2 or sum(1 for name in fields if name) >= 3


def repeats_header(row: Sequence[object], header: Sequence[object]) -> bool:
    """True when a row is the table's own header printed again (a word may differ: "Action"/"Actions")."""
    fields = header_fields(header)
    named = [i for i, name in enumerate(fields) if name and i < len(row)]
    if not named:
        return False
    same = 0
    for i in named:
        cell = normalise_header(row[i])
        if cell == normalise_header(header[i]) or (len(cell.split()) <= 3 and field_for(cell) == fields[i]):
            same += 1
    return same >= max(2, -(-3 * len(named) // 5))


def find_header_row(rows: Iterable[Sequence[object]], limit: int = HEADER_SCAN_ROWS) -> int | None:
    """Index of the plan header row among the first `limit` rows, or None when there is none."""
    for index, row in enumerate(rows):
        if index >= limit:
            break
        if is_header_row(row):
            return index
    return None


def period_date(period: str) -> str | None:
    """ISO end-of-month date of a rating period ("01/18" -> 2018-01-31), None when undated."""
    key = normalise_header(period)
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{2}|\d{4})", key)
    if m:
        month, year = int(m.group(1)), int(m.group(2))
        year = year + 2000 if year < 100 else year
        if 1 <= month <= 12:
            return date(year, month, calendar.monthrange(year, month)[1]).isoformat()
        return None
    from planreview.importers.dates import find_dates

    found = find_dates(key)
    return found[-1].isoformat() if found else None


def period_is_early(period: str) -> bool:
    """True for undated periods that come before every dated one ("initial", "baseline")."""
    return normalise_header(period) in _EARLY_PERIODS
