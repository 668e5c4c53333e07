"""Plain rows for export: one per active action, with its section breadcrumb, rating history and latest note."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from planreview.importers.vocab import EXTRA_PREFIX
from planreview.store.action_record import RecordItem, plan_records
from planreview.store.clock import today
from planreview.store.db import StoreError
from planreview.store.queries import ActionFilter, find_actions, levels, list_plans
from planreview.store.records import BAND_LETTERS, Level


@dataclass(slots=True)
class ExportRow:
    """One action as an exported row (every value is plain text or None)."""

    id: str
    ref: str
    sections: list[str]
    text: str
    outcome: str
    measure: str
    lead: str
    owner: str
    due: str
    due_date: str | None
    rating: str  # the plan's own label of the current rating, "" when unrated
    band: str
    letter: str
    overdue: bool
    last_update: str
    note: str  # the latest note written on the action
    history: dict[str, str] = field(default_factory=dict)  # review period "MM/YY" -> label rated in that month
    tags: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # the document's other columns, by header
    record: list[str] = field(default_factory=list)  # decisions and flags from meetings, newest first, one line each
    disputed: bool = False  # an open conflict: the rating (or a field) shows the later of two values


@dataclass(slots=True)
class ExportPlan:
    """A plan ready to be written: its title block, scale, review periods (oldest first) and rows."""

    id: str
    title: str
    authority: str
    doc_date: str | None
    scale: list[Level]
    periods: list[str]
    rows: list[ExportRow]
    depth: int  # the deepest section breadcrumb
    extra_keys: list[str] = field(default_factory=list)  # the other columns any row has, in first-seen order


def export_plans(conn: sqlite3.Connection, plan_id: str | None = None) -> list[ExportPlan]:
    """Every plan (or the one asked for) as export rows."""
    plans = list_plans(conn, today())
    if plan_id:
        plans = [p for p in plans if p.id == plan_id]
        if not plans:
            raise StoreError(f"no plan with id {plan_id!r}; `planreview list` shows the plan ids.")
    if not plans:
        raise StoreError("the database holds no plan to export.")
    return [_plan(conn, p) for p in plans]


def _plan(conn: sqlite3.Connection, summary) -> ExportPlan:
    scale = levels(conn, summary.id)
    labels = {lv.code: lv.label for lv in scale}
    titles = {
        r["id"]: f"{r['ref']} {r['title']}".strip() if r["ref"] and r["ref"] not in r["title"] else r["title"]
        for r in conn.execute("SELECT id, ref, title FROM section WHERE plan_id = ?", (summary.id,))
    }
    rated: dict[str, dict[str, str]] = {}
    notes: dict[str, str] = {}
    months: set[str] = set()
    for e in conn.execute(
        "SELECT e.action_id, e.on_date, e.rating, e.note FROM live_entry e JOIN action a ON a.id = e.action_id"
        " WHERE a.plan_id = ? ORDER BY e.on_date, e.recorded_at",
        (summary.id,),
    ):
        if e["rating"] is not None:
            month = e["on_date"][:7]
            months.add(month)
            rated.setdefault(e["action_id"], {})[month] = labels.get(e["rating"], e["rating"])
        if e["note"].strip():
            notes[e["action_id"]] = e["note"].strip()
    ordered = sorted(months)
    periods = {m: f"{m[5:7]}/{m[2:4]}" for m in ordered}
    rows = []
    records = plan_records(conn, summary.id)
    for a in find_actions(conn, ActionFilter(plan_id=summary.id, today=today())):
        crumbs = [titles[s] for s in a.section_path.strip("/").split("/") if s in titles]
        rows.append(ExportRow(
            id=a.id, ref=a.ref, sections=crumbs, text=a.text, outcome=a.outcome, measure=a.measure, lead=a.lead,
            owner=a.owner, due=a.due_raw or (a.due_date or ""), due_date=a.due_date, rating=a.rating_label or "",
            band=a.band, letter=BAND_LETTERS.get(a.band, "-"), overdue=a.overdue, last_update=a.last_update or "",
            note=notes.get(a.id, ""),
            history={periods[m]: label for m, label in rated.get(a.id, {}).items()},
            tags=list(a.tags), extra=dict(a.extra), record=record_lines(records.get(a.id, []), today()),
            disputed=a.disputed,
        ))
    return ExportPlan(
        id=summary.id, title=summary.title, authority=summary.authority, doc_date=summary.doc_date, scale=scale,
        periods=[periods[m] for m in ordered], rows=rows, depth=max((len(r.sections) for r in rows), default=0),
        extra_keys=extra_keys(rows),
    )


def record_lines(items: list[RecordItem], day: str) -> list[str]:
    """Decisions and flags as lines: '2026-11-22 decision (open): text (owner, due 2027-01-31)'."""
    out = []
    for r in items:
        if r.kind == "flag":
            out.append(f"{r.date} flag: {r.text}")
            continue
        state = "done" if r.closes or not r.open else "overdue" if r.overdue(day) else "open"
        extra = ", ".join(x for x in (r.owner, f"due {r.due}" if r.due else "") if x)
        out.append(f"{r.date} decision ({state}): {r.text}" + (f" ({extra})" if extra else ""))
    return out


def extra_keys(rows: list[ExportRow]) -> list[str]:
    """The names of the other columns the rows have, in the order they first appear."""
    return list(dict.fromkeys(key for row in rows for key in row.extra))


SECTION_HEADERS = ("Priority", "Theme", "Objective", "Workstream", "Strand", "Area")


def table_header(plan: ExportPlan) -> list[str]:
    """Column names the spreadsheet importer recognises (importers/vocab.py), so an export re-imports."""
    sections = [SECTION_HEADERS[min(i, len(SECTION_HEADERS) - 1)] for i in range(plan.depth)]
    history = [f"RAG {p}" for p in plan.periods] or ["Current RAG"]
    others = [f"{EXTRA_PREFIX}{key}" for key in plan.extra_keys]
    return ["Ref", *sections, "Action", "Outcome", "Success measure", "Lead", "Responsible officer", "Due date",
            *history, "Progress update", *others, "Tags", "Last entry", "Band", "Overdue", "Decisions and flags",
            "Disputed", "Planreview id"]


def table_row(plan: ExportPlan, row: ExportRow) -> list[str]:
    """One action's cells in table_header's order."""
    sections = [row.sections[i] if i < len(row.sections) else "" for i in range(plan.depth)]
    history = [row.history.get(p, "") for p in plan.periods] if plan.periods else [row.rating]
    others = [row.extra.get(key, "") for key in plan.extra_keys]
    return [row.ref, *sections, row.text, row.outcome, row.measure, row.lead, row.owner, row.due, *history, row.note,
            *others, ", ".join(row.tags), row.last_update, row.band, "yes" if row.overdue else "",
            "\n".join(row.record), "yes" if row.disputed else "", row.id]
