"""Typed rows that store queries return."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from planreview.bands import BAND_LETTERS, BAND_RANK, BANDS, direction

__all__ = ["BANDS", "BAND_LETTERS", "BAND_RANK", "direction"]

DEMO_SOURCE = "demo_plan.json"  # the source of the fictional demo plan planreview creates on first run


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a plan's rating scale."""

    code: str
    label: str
    band: str
    meaning: str
    position: int


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """A plan with its counts, as `list` shows it."""

    id: str
    title: str
    authority: str
    source: str
    doc_date: str | None
    imported_at: str
    sections: int
    actions: int
    bands: dict[str, int]
    overdue: int

    @property
    def is_demo(self) -> bool:
        """Whether this is the fictional demo plan shipped with planreview."""
        return self.source == DEMO_SOURCE

    def as_json(self) -> dict:
        """The documented `list --json` object."""
        return {
            "id": self.id,
            "title": self.title,
            "authority": self.authority,
            "source": self.source,
            "doc_date": self.doc_date,
            "imported_at": self.imported_at,
            "sections": self.sections,
            "actions": self.actions,
            "bands": dict(self.bands),
            "overdue": self.overdue,
        }


@dataclass(frozen=True, slots=True)
class Section:
    """A node of a plan's tree, with roll-up band counts of the active actions beneath it."""

    id: str
    plan_id: str
    parent_id: str | None
    path: str
    kind: str
    ref: str
    title: str
    body: str
    position: int
    bands: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Action:
    """An action with its current rating (from its latest rated entry)."""

    id: str
    plan_id: str
    section_id: str | None
    section_path: str
    ref: str
    text: str
    outcome: str
    measure: str
    lead: str
    owner: str
    due_raw: str
    due_date: str | None
    tags: tuple[str, ...]
    state: str
    position: int
    source_line: int | None
    rating: str | None  # level code
    rating_label: str | None
    band: str
    prev_band: str
    rated_on: str | None
    last_update: str | None
    entries: int
    overdue: bool
    extra: dict[str, str] = field(default_factory=dict)
    conflicts: int = 0  # open conflicts (ratings or field edits from the same base); the rating is disputed

    @property
    def disputed(self) -> bool:
        """Whether the action has an open conflict (its rating or a field shows the later of two values)."""
        return self.conflicts > 0

    @property
    def letter(self) -> str:
        """R A G B or - for the current band."""
        return BAND_LETTERS[self.band]

    @property
    def direction(self) -> str:
        """Direction of travel since the previous rated review."""
        return direction(self.band, self.prev_band)

    @property
    def name(self) -> str:
        """How messages name the action: its ref, or the start of its text when the plan prints no refs."""
        if self.ref:
            return self.ref
        words = " ".join(self.text.split())
        return f"'{words[:37]}…'" if len(words) > 38 else f"'{words}'" if words else self.id

    def as_json(self, section_titles: list[str]) -> dict:
        """The documented `actions --json` object."""
        return {
            "id": self.id,
            "plan_id": self.plan_id,
            "ref": self.ref,
            "section": section_titles,
            "text": self.text,
            "outcome": self.outcome,
            "measure": self.measure,
            "lead": self.lead,
            "owner": self.owner,
            "tags": list(self.tags),
            "state": self.state,
            "due_raw": self.due_raw,
            "due_date": self.due_date,
            "rating": self.rating_label,
            "band": self.band,
            "direction": self.direction,
            "overdue": self.overdue,
            "last_update": self.last_update,
            "entries": self.entries,
            "conflicts": self.conflicts,
        }


@dataclass(frozen=True, slots=True)
class Entry:
    """One progress entry (never changed once written)."""

    id: str
    action_id: str
    on_date: str
    recorded_at: str
    author: str
    rating: str | None
    rating_label: str | None
    band: str
    note: str
    kind: str
    supersedes: str | None
    superseded_by: str | None
    origin: str
    period: str
    meeting_id: str | None
    base_id: str | None = None  # the entry whose rating the writer saw ('' unrated; None: imported or older)
    resolves: tuple[str, ...] = ()  # the conflicting entries this one settles

    def as_json(self) -> dict:
        """The `history --json` object."""
        return {
            "id": self.id,
            "action_id": self.action_id,
            "on_date": self.on_date,
            "recorded_at": self.recorded_at,
            "author": self.author,
            "rating": self.rating_label,
            "band": self.band,
            "note": self.note,
            "kind": self.kind,
            "supersedes": self.supersedes,
            "superseded_by": self.superseded_by,
            "origin": self.origin,
            "period": self.period,
            "meeting_id": self.meeting_id,
            "base": self.base_id,
            "resolves": list(self.resolves),
        }


@dataclass(frozen=True, slots=True)
class Kpi:
    """A performance indicator with its values in period order."""

    id: str
    section_id: str | None
    indicator: str
    polarity: str
    baseline: str
    comparator: str
    notes: str
    direction: str
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Draft:
    """An unsaved progress entry, kept as the user types."""

    action_id: str
    note: str
    rating: str | None
    on_date: str | None
    author: str
    meeting_id: str | None
    saved_at: str
    supersedes: str | None = None  # the entry this draft corrects, if it is a correction


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One edit of an action's own field: made in the app, or by a re-import of its plan."""

    id: str
    action_id: str
    field: str
    old: str | None
    new: str | None
    author: str
    at: str
    origin: str = "edit"  # or "import"
    source: str = ""  # the document a re-import read
    doc_date: str | None = None  # the date that document speaks for
    conflict: bool = False  # edited here and changed in the document: `old` (here) was kept, `new` is the document's


def loads_list(text: str | None) -> tuple[str, ...]:
    """A JSON list column as a tuple of strings."""
    return tuple(json.loads(text or "[]"))


def entry_directions(history: list[Entry]) -> dict[str, str]:
    """Each live rated entry's direction of travel against the previous live rated entry (history newest first)."""
    live = [e for e in reversed(history) if e.kind == "update" and not e.superseded_by and e.rating]
    out, previous = {}, None
    for e in live:
        out[e.id] = direction(e.band, previous.band) if previous else ""
        previous = e
    return out
