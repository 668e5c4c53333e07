"""Read queries: plans, sections, actions (filtered, paged), entries, KPIs. Plain sqlite3, fast."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from planreview.store.clock import today as clock_today
from planreview.store.records import (
    BANDS,
    Action,
    AuditRecord,
    Draft,
    Entry,
    Kpi,
    Level,
    PlanSummary,
    Section,
    loads_list,
)

_RANK = "CASE {} WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 WHEN 'blue' THEN 4 END"
SORTS = {
    "position": "a.position",
    "ref": "a.ref COLLATE NOCASE, a.position",
    "rating": "CASE a.band WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 "
    "WHEN 'blue' THEN 4 ELSE 5 END, a.position",
    "due": "a.due_date IS NULL, a.due_date, a.position",
    "lead": "a.lead COLLATE NOCASE, a.position",
    "last_update": "a.last_update IS NULL, a.last_update DESC, a.position",
    "text": "a.text COLLATE NOCASE, a.position",
    # overdue first (longest overdue first), then the rest by due date; complete and undated last
    "overdue": "a.band = 'blue' OR a.due_date IS NULL, a.due_date, a.position",
    # worsened first, then unchanged, then improved; no direction (unrated now or before) last
    "direction": f"CASE WHEN {_RANK.format('a.band')} IS NULL OR {_RANK.format('a.prev_band')} IS NULL THEN 4 "
    f"WHEN {_RANK.format('a.band')} < {_RANK.format('a.prev_band')} THEN 1 "
    f"WHEN {_RANK.format('a.band')} = {_RANK.format('a.prev_band')} THEN 2 ELSE 3 END, a.position",
}


@dataclass(frozen=True, slots=True)
class ActionFilter:
    """What the action list is narrowed to. Empty bands = every band."""

    plan_id: str | None = None
    bands: frozenset[str] = frozenset()
    overdue: bool = False
    lead: str = ""
    search: str = ""
    section_path: str = ""  # '/id1/id2/': that section's subtree
    include_removed: bool = False
    ids: tuple[str, ...] = field(default_factory=tuple)
    today: str = ""

    def day(self) -> str:
        """The day overdue is judged against (today unless fixed)."""
        return self.today or clock_today()


def _where(flt: ActionFilter) -> tuple[str, list]:
    clauses, params = [], []
    if flt.plan_id:
        clauses.append("a.plan_id = ?")
        params.append(flt.plan_id)
    if not flt.include_removed:
        clauses.append("a.state = 'active'")
    if flt.bands:
        clauses.append(f"a.band IN ({','.join('?' * len(flt.bands))})")
        params.extend(sorted(flt.bands))
    if flt.overdue:
        clauses.append(_OVERDUE)
        params.append(flt.day())
    if flt.lead:
        lead = flt.lead.strip().lower()
        if len(lead) >= TRIGRAM:
            clauses.append(_FTS)
            params.append(f"{{lead_norm}} : {_fts_phrase(lead)}")
        else:
            clauses.append("a.lead_norm LIKE ? ESCAPE '\\'")
            params.append(f"%{_like(lead)}%")
    if flt.search:
        for word in flt.search.split():
            if len(word) >= TRIGRAM:  # the trigram index: a lookup, not a scan of every action's text
                clauses.append(_FTS)
                params.append(f"{{ref text lead}} : {_fts_phrase(word)}")
                continue
            clauses.append(
                "(a.text LIKE ? ESCAPE '\\' OR a.ref LIKE ? ESCAPE '\\' OR a.lead LIKE ? ESCAPE '\\')"
            )
            params.extend([f"%{_like(word)}%"] * 3)
    if flt.section_path:
        clauses.append("a.section_path LIKE ? ESCAPE '\\'")
        params.append(_like(flt.section_path) + "%")
    if flt.ids:
        clauses.append(f"a.id IN ({','.join('?' * len(flt.ids))})")
        params.extend(flt.ids)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_OVERDUE = "(a.due_date IS NOT NULL AND a.due_date < ? AND a.band != 'blue' AND a.state = 'active')"


TRIGRAM = 3  # search words this long or longer use the trigram index (action_fts); shorter ones a LIKE scan
_FTS = "a.rowid IN (SELECT rowid FROM action_fts WHERE action_fts MATCH ?)"


def _fts_phrase(word: str) -> str:
    """A word as an FTS5 phrase: matched as a substring, its quotes and operators taken literally."""
    return '"' + word.replace('"', '""') + '"'


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_ACTION_COLUMNS = f"""
    a.*, l.label AS rating_label, {_OVERDUE} AS is_overdue
    FROM action a LEFT JOIN level l ON l.plan_id = a.plan_id AND l.code = a.rating
"""


def _action(row: sqlite3.Row) -> Action:
    return Action(
        id=row["id"],
        plan_id=row["plan_id"],
        section_id=row["section_id"],
        section_path=row["section_path"],
        ref=row["ref"],
        text=row["text"],
        outcome=row["outcome"],
        measure=row["measure"],
        lead=row["lead"],
        owner=row["owner"],
        due_raw=row["due_raw"],
        due_date=row["due_date"],
        tags=loads_list(row["tags"]),
        state=row["state"],
        position=row["position"],
        source_line=row["source_line"],
        rating=row["rating"],
        rating_label=row["rating_label"],
        band=row["band"],
        prev_band=row["prev_band"],
        rated_on=row["rated_on"],
        last_update=row["last_update"],
        entries=row["entry_count"],
        overdue=bool(row["is_overdue"]),
        extra=json.loads(row["extra"] or "{}"),
        conflicts=row["conflicts"],
    )


def find_actions(
    conn: sqlite3.Connection, flt: ActionFilter, *, sort: str = "position", limit: int = -1, offset: int = 0
) -> list[Action]:
    """Actions matching a filter, sorted, one page (limit -1 = all)."""
    where, params = _where(flt)
    order = SORTS.get(sort, SORTS["position"])
    if offset > 0:  # sort only ids to skip the offset, then read the page's rows (deep pages: 3-10x faster)
        ids = f"SELECT a.id FROM action a {where} ORDER BY {order} LIMIT ? OFFSET ?"
        sql = f"SELECT {_ACTION_COLUMNS} WHERE a.id IN ({ids}) ORDER BY {order}"
    else:
        sql = f"SELECT {_ACTION_COLUMNS} {where} ORDER BY {order} LIMIT ? OFFSET ?"
    return [_action(r) for r in conn.execute(sql, [flt.day(), *params, limit, offset])]


def matching_rows_sql(flt: ActionFilter, columns: str, *, sort: str = "position",
                      column_params: tuple = ()) -> tuple[str, list]:
    """SQL for some columns of every action matching a filter, in a sort order (for set-based reads and writes)."""
    where, params = _where(flt)
    order = SORTS.get(sort, SORTS["position"])
    return f"SELECT {columns} FROM action a {where} ORDER BY {order}", [*column_params, *params]


def overdue_sql() -> str:
    """The SQL test of an overdue action `a` (one parameter: the day it is judged against)."""
    return _OVERDUE


def action_rank(conn: sqlite3.Connection, flt: ActionFilter, action_id: str, *, sort: str = "position") -> int | None:
    """The 0-based row of an action in a filtered, sorted list (None when it does not match)."""
    where, params = _where(flt)
    order = SORTS.get(sort, SORTS["position"])
    # rowids only: the sort's index covers the ranking (no action row is read)
    ranked = f"SELECT a.rowid AS r, row_number() OVER (ORDER BY {order}) - 1 AS rn FROM action a {where}"
    sql = f"SELECT rn FROM ({ranked}) WHERE r = (SELECT rowid FROM action WHERE id = ?)"
    row = conn.execute(sql, [*params, action_id]).fetchone()
    return row[0] if row else None


def count_actions(conn: sqlite3.Connection, flt: ActionFilter) -> int:
    """How many actions match a filter."""
    where, params = _where(flt)
    return conn.execute(f"SELECT count(*) FROM action a {where}", params).fetchone()[0]


def band_counts(conn: sqlite3.Connection, flt: ActionFilter) -> dict[str, int]:
    """Counts of matching actions by current band (every band present, zero if none)."""
    where, params = _where(flt)
    counts = dict.fromkeys(BANDS, 0)
    for band, n in conn.execute(f"SELECT a.band, count(*) FROM action a {where} GROUP BY a.band", params):
        counts[band] = n
    return counts


def overdue_count(conn: sqlite3.Connection, flt: ActionFilter) -> int:
    """How many matching actions are overdue."""
    where, params = _where(flt)
    joiner = " AND " if where else " WHERE "
    sql = f"SELECT count(*) FROM action a {where}{joiner}{_OVERDUE}"
    return conn.execute(sql, [*params, flt.day()]).fetchone()[0]


def get_action(conn: sqlite3.Connection, action_id: str, today: str = "") -> Action | None:
    """One action by id (or by a unique id prefix of at least 4 characters)."""
    day = today or clock_today()
    row = conn.execute(f"SELECT {_ACTION_COLUMNS} WHERE a.id = ?", (day, action_id)).fetchone()
    if row is None and len(action_id) >= 4:
        rows = conn.execute(
            f"SELECT {_ACTION_COLUMNS} WHERE a.id LIKE ? ESCAPE '\\' LIMIT 2", (day, _like(action_id) + "%")
        ).fetchall()
        row = rows[0] if len(rows) == 1 else None
    return _action(row) if row else None


def list_plans(conn: sqlite3.Connection, today: str = "") -> list[PlanSummary]:
    """Every plan with its section and action counts, bands and overdue count."""
    return [_summary(conn, p, today) for p in conn.execute("SELECT * FROM plan ORDER BY imported_at, title")]


def _summary(conn: sqlite3.Connection, p: sqlite3.Row, today: str) -> PlanSummary:
    flt = ActionFilter(plan_id=p["id"], today=today)
    bands = band_counts(conn, flt)
    return PlanSummary(
        id=p["id"],
        title=p["title"],
        authority=p["authority"],
        source=p["source"],
        doc_date=p["doc_date"],
        imported_at=p["imported_at"],
        sections=conn.execute("SELECT count(*) FROM section WHERE plan_id = ?", (p["id"],)).fetchone()[0],
        actions=sum(bands.values()),
        bands=bands,
        overdue=overdue_count(conn, flt),
    )


def plan_titles(conn: sqlite3.Connection) -> dict[str, str]:
    """Plan id -> title, oldest import first (no counting: cheap at any size)."""
    return {r[0]: r[1] for r in conn.execute("SELECT id, title FROM plan ORDER BY imported_at, title")}


def plan_summary(conn: sqlite3.Connection, plan_id: str, today: str = "") -> PlanSummary | None:
    """One plan's summary, or None."""
    row = conn.execute("SELECT * FROM plan WHERE id = ?", (plan_id,)).fetchone()
    return _summary(conn, row, today) if row else None


def plan_summary_rows(conn: sqlite3.Connection, plan_id: str) -> list[dict]:
    """The document's own RAG summary rows, as imported."""
    row = conn.execute("SELECT summary FROM plan WHERE id = ?", (plan_id,)).fetchone()
    return json.loads(row[0]) if row else []


def levels(conn: sqlite3.Connection, plan_id: str) -> list[Level]:
    """A plan's rating scale, in order."""
    return [
        Level(r["code"], r["label"], r["band"], r["meaning"], r["position"])
        for r in conn.execute("SELECT * FROM level WHERE plan_id = ? ORDER BY position", (plan_id,))
    ]


def longest_ref(conn: sqlite3.Connection, plan_id: str) -> int:
    """The length of the longest ref among a plan's active actions (0 when none has one).

    One entry of the action_ref_width index (kept on every write), not a scan of the plan's actions."""
    sql = "SELECT max(length(ref)) FROM action INDEXED BY action_ref_width WHERE plan_id = ? AND state = 'active'"
    row = conn.execute(sql, (plan_id,))
    return row.fetchone()[0] or 0


def section_counts(
    conn: sqlite3.Connection, plan_id: str, flt: ActionFilter | None = None
) -> tuple[list[Section], dict[str, int]]:
    """The plan's sections with their band roll-ups, and the band counts of every matching action (one scan)."""
    flt = flt or ActionFilter()
    flt = ActionFilter(**{**_fields(flt), "plan_id": plan_id, "section_path": ""})
    where, params = _where(flt)
    total = dict.fromkeys(BANDS, 0)
    per_path: dict[str, dict[str, int]] = {}
    for path, band, n in conn.execute(
        f"SELECT a.section_path, a.band, count(*) FROM action a {where} GROUP BY a.section_path, a.band", params
    ):
        per_path.setdefault(path, dict.fromkeys(BANDS, 0))[band] += n
        total[band] += n
    per_prefix: dict[str, dict[str, int]] = {}
    for path, counts in per_path.items():  # add each path's counts to every ancestor's path
        ids = [p for p in path.strip("/").split("/") if p]
        for depth in range(1, len(ids) + 1):
            rollup = per_prefix.setdefault("/" + "/".join(ids[:depth]) + "/", dict.fromkeys(BANDS, 0))
            for band, n in counts.items():
                rollup[band] += n
    out = []
    for r in conn.execute("SELECT * FROM section WHERE plan_id = ? ORDER BY position", (plan_id,)):
        rollup = dict(per_prefix.get(r["path"], dict.fromkeys(BANDS, 0)))
        out.append(
            Section(
                r["id"], r["plan_id"], r["parent_id"], r["path"], r["kind"], r["ref"], r["title"], r["body"],
                r["position"], rollup,
            )
        )
    return out, total


def _fields(flt: ActionFilter) -> dict:
    return {name: getattr(flt, name) for name in ActionFilter.__slots__}


def section_titles(conn: sqlite3.Connection, plan_id: str | None = None) -> dict[str, str]:
    """Section id -> display title ("ref title"), for building breadcrumbs from a section path."""
    sql, params = "SELECT id, ref, title FROM section", ()
    if plan_id:
        sql, params = sql + " WHERE plan_id = ?", (plan_id,)
    return {r[0]: _section_label(r[1], r[2]) for r in conn.execute(sql, params)}


def section_paths(conn: sqlite3.Connection, plan_id: str) -> list[tuple[str, str]]:
    """A plan's sections in tree order as (path, "ref title"), without counting anything."""
    sql = "SELECT path, ref, title FROM section WHERE plan_id = ? ORDER BY position"
    return [(r[0], _section_label(r[1], r[2])) for r in conn.execute(sql, (plan_id,))]


def _section_label(ref: str, title: str) -> str:
    """'ref title' on one line (a title printed over several lines reads as one)."""
    return " ".join(x for x in (ref, " ".join(title.split())) if x)


def breadcrumb(section_path: str, titles: dict[str, str]) -> list[str]:
    """Section titles from the root down for an action's section path."""
    return [titles[s] for s in section_path.strip("/").split("/") if s in titles]


def entries(conn: sqlite3.Connection, action_id: str) -> list[Entry]:
    """An action's progress entries, newest first (by date the entry speaks for, then time recorded)."""
    sql = """
        SELECT e.*, l.label AS rating_label, coalesce(l.band, 'none') AS band,
               (SELECT s.id FROM entry s INDEXED BY entry_supersedes WHERE s.supersedes = e.id
                  AND (s.kind = 'retraction' OR NOT EXISTS (SELECT 1 FROM entry r INDEXED BY entry_supersedes
                                                            WHERE r.supersedes = s.id AND r.kind = 'retraction'))
                ORDER BY s.kind = 'retraction' DESC, s.recorded_at DESC, s.id DESC LIMIT 1) AS superseded_by
        FROM entry e JOIN action a ON a.id = e.action_id
        LEFT JOIN level l ON l.plan_id = a.plan_id AND l.code = e.rating
        WHERE e.action_id = ? ORDER BY e.on_date DESC, e.recorded_at DESC, e.id DESC
    """
    return [
        Entry(
            r["id"], r["action_id"], r["on_date"], r["recorded_at"], r["author"], r["rating"], r["rating_label"],
            r["band"], r["note"], r["kind"], r["supersedes"], r["superseded_by"], r["origin"], r["period"],
            r["meeting_id"], r["base_id"], loads_list(r["resolves"]),
        )
        for r in conn.execute(sql, (action_id,))
    ]


def kpis(conn: sqlite3.Connection, plan_id: str, section_ids: list[str] | None = None) -> list[Kpi]:
    """KPIs of a plan (or of the given sections), each with its values in period order."""
    sql, params = "SELECT * FROM kpi WHERE plan_id = ?", [plan_id]
    if section_ids is not None:
        sql += f" AND section_id IN ({','.join('?' * len(section_ids))})"
        params.extend(section_ids)
    out = []
    for k in conn.execute(sql + " ORDER BY position", params):
        values = tuple(
            (v[0], v[1])
            for v in conn.execute("SELECT period, value FROM kpi_value WHERE kpi_id = ? ORDER BY position", (k["id"],))
        )
        out.append(
            Kpi(k["id"], k["section_id"], k["indicator"], k["polarity"], k["baseline"], k["comparator"],
                k["notes"], k["direction"], values)
        )
    return out


def leads(conn: sqlite3.Connection, plan_id: str | None = None) -> list[str]:
    """Distinct lead names as printed, one per person (for lead filter completion).

    For one plan the distinct leads are read from the action_sort_lead index (no action row is read)."""
    from planreview.importers.leads import normalise_leads

    sql, params = "SELECT DISTINCT lead FROM action WHERE state = 'active'", []
    if plan_id:
        sql = "SELECT DISTINCT lead FROM action INDEXED BY action_sort_lead WHERE plan_id = ? AND state = 'active'"
        params.append(plan_id)
    names: dict[str, str] = {}
    for (lead,) in conn.execute(sql, params):
        for name in normalise_leads(lead):
            names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=str.casefold)


def get_draft(conn: sqlite3.Connection, action_id: str) -> Draft | None:
    """The unsaved draft entry on an action, if any."""
    r = conn.execute("SELECT * FROM draft WHERE action_id = ?", (action_id,)).fetchone()
    return Draft(r["action_id"], r["note"], r["rating"], r["on_date"], r["author"], r["meeting_id"],
                 r["saved_at"], r["supersedes"]) if r else None


def has_drafts(conn: sqlite3.Connection) -> bool:
    """Whether any unsaved draft is kept (one row read at most)."""
    return conn.execute("SELECT EXISTS (SELECT 1 FROM draft)").fetchone()[0] == 1


def all_drafts(conn: sqlite3.Connection) -> list[Draft]:
    """Every unsaved draft (shown after a crash)."""
    return [d for (aid,) in conn.execute("SELECT action_id FROM draft ORDER BY saved_at")
            if (d := get_draft(conn, aid))]


def audit_trail(conn: sqlite3.Connection, action_id: str) -> list[AuditRecord]:
    """Edits of an action's own fields (in the app, or by a re-import), newest first."""
    return [
        AuditRecord(r["id"], r["action_id"], r["field"], r["old"], r["new"], r["author"], r["at"], r["origin"],
                    r["source"], r["doc_date"], bool(r["conflict"]))
        for r in conn.execute("SELECT * FROM audit WHERE action_id = ? ORDER BY at DESC, rowid DESC", (action_id,))
    ]
