"""Plain data that importers produce and the store saves: a PlanDraft and its parts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class LevelDraft:
    """One level of a plan's own rating scale, mapped to a canonical band."""

    code: str  # as the document writes it in rating cells: "1", "GREEN", "COMPLETED"
    label: str  # what the screen shows: "Green", "1 - No progress"
    band: str  # one of BANDS
    meaning: str = ""  # the document's own words for the level, if it has a key


@dataclass(slots=True)
class EntryDraft:
    """A dated progress entry read from a document (a rating column, a progress cell)."""

    on_date: str | None  # ISO date the entry speaks for; None = the plan's document date
    rating: str | None = None  # a LevelDraft.code, or None when not rated
    note: str = ""
    author: str = ""
    period: str = ""  # the column it came from, e.g. "RAG 01/18"


@dataclass(slots=True)
class ActionDraft:
    """The unit that is reviewed and rated."""

    ref: str = ""
    text: str = ""
    outcome: str = ""
    measure: str = ""
    lead: str = ""
    owner: str = ""
    due_raw: str = ""
    due_date: str | None = None  # ISO, or None for relative/blank timescales
    tags: list[str] = field(default_factory=list)
    state: str = "active"  # or "removed"
    source_line: int | None = None
    entries: list[EntryDraft] = field(default_factory=list)  # oldest first
    extra: dict[str, str] = field(default_factory=dict)  # other columns, by header


@dataclass(slots=True)
class KpiDraft:
    """A performance indicator row attached to a section, with values by period."""

    indicator: str
    polarity: str = ""
    baseline: str = ""
    comparator: str = ""
    notes: str = ""
    direction: str = ""
    values: list[tuple[str, str]] = field(default_factory=list)  # (period, value) in order


@dataclass(slots=True)
class SectionDraft:
    """A node of the plan tree: priority, theme, recommendation, band, outcome or objective."""

    kind: str
    ref: str = ""
    title: str = ""
    body: str = ""
    children: list[SectionDraft] = field(default_factory=list)
    actions: list[ActionDraft] = field(default_factory=list)
    kpis: list[KpiDraft] = field(default_factory=list)


@dataclass(slots=True)
class PlanDraft:
    """A whole plan as read from one document, before it touches the database."""

    title: str
    authority: str = ""
    source: str = ""  # file name
    sha256: str = ""
    doc_date: str | None = None  # ISO date the document prints (dates imported entries)
    file_date: str | None = None  # the file's own date, for documents that print none
    scale: list[LevelDraft] = field(default_factory=list)
    sections: list[SectionDraft] = field(default_factory=list)
    summary: list[dict[str, str]] = field(default_factory=list)  # the document's own RAG summary rows
    kpis: list[KpiDraft] = field(default_factory=list)  # plan-level indicators
    notices: list[str] = field(default_factory=list)  # what the import should tell the user (cells cut, ...)


def iter_actions(plan: PlanDraft):
    """Yield every action of a plan in document order (depth first)."""

    def walk(sections):
        for section in sections:
            yield from section.actions
            yield from walk(section.children)

    yield from walk(plan.sections)


def iter_sections(plan: PlanDraft):
    """Yield every section of a plan in document order (depth first)."""

    def walk(sections):
        for section in sections:
            yield section
            yield from walk(section.children)

    yield from walk(plan.sections)


class PlanFormatError(Exception):
    """A document could not be read as a plan; the message is one sentence for the user."""
