"""Merging another copy of the database into this one, in one transaction.

Rules (the same whichever way a merge runs, so merging a into b and b into a makes them equal):

- Rows are matched by id (imported rows have ids derived from their source, rows made in the app have
  UUIDs). A row only the other copy has is added. Entries, audit records and decisions never change, so
  they are a plain union (INSERT OR IGNORE); the entry triggers recompute each action's cached rating.
- A plan, level set, section, kpi or action that both copies hold but with different values: the copy whose
  plan was imported more recently wins (ties: an action removed from the plan wins over an active one, then
  a fixed order of the values so both directions agree). Then, for an action's editable fields, the most
  recent edit in the merged audit trail that is newer than that import wins.
- A meeting both hold: the ended one wins over an open one (then the later end, then the further position).
  A meeting item is matched by (meeting, action); the one with more seconds spent wins.
- Entries and field edits carry their base (what the writer saw), so two copies that changed the same rating or
  field from one base show as a conflict (store/conflicts.py): both kept, the later standing, counted here.
- Decisions (and the flags on meeting items) travel with their meetings.
- A section or indicator a re-import removed is a recorded removal (the removed table) that travels: an older
  copy's row is not brought back, and a copy that still holds it drops it once the newer import has arrived.
- An imported update both copies hold (the same id: action, period and content) takes the earlier of the two
  dates, so two copies of one undated document, saved on different days, agree.
- Drafts are local to a copy and never merged; the meta table (this copy's replica id) is not merged.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from planreview.store.conflicts import conflict_keys
from planreview.store.db import StoreError, checkpoint_file, connect, transaction

CACHED = ("rating", "band", "rated_on", "prev_band", "last_update", "entry_count", "conflicts")
APPEND_ONLY = ("entry", "audit", "decision")
# Tables in the order rows must be added (parents before children).
ORDER = ("plan", "level", "section", "action", "kpi", "kpi_value", "meeting", "meeting_item", "decision",
         "audit", "entry")
KEYS = {"level": ("plan_id", "code"), "kpi_value": ("kpi_id", "period"), "meeting_item": ("meeting_id", "action_id")}
NOUNS = {
    "entry": ("entry", "entries"), "action": ("action", "actions"), "plan": ("plan", "plans"),
    "section": ("section", "sections"), "meeting": ("meeting", "meetings"), "decision": ("decision", "decisions"),
    "audit": ("field edit", "field edits"), "kpi": ("indicator", "indicators"),
}
REPORTED = ("entry", "action", "plan", "section", "meeting", "decision", "audit", "kpi")


@dataclass(slots=True)
class MergeReport:
    """What a merge brought in: new rows per table and rows of this copy that changed."""

    source: str
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0  # conflicts the merge brought to light (two copies changed the same thing from one base)

    def line(self) -> str:
        """One summary line for the command line."""
        parts = []
        for table in REPORTED:
            n = self.added.get(table, 0)
            parts.append(f"{n} {NOUNS[table][0] if n == 1 else NOUNS[table][1]}")
        changed = sum(self.updated.values())
        tail = f"; {changed} existing row{'s' if changed != 1 else ''} updated" if changed else ""
        found = (f" {self.conflicts} conflict{'s' if self.conflicts != 1 else ''} found: both copies changed the"
                 " same thing; `planreview conflicts` lists them, the later stands until one is settled."
                 if self.conflicts else " No conflicts.")
        return f"merged from {self.source}: {', '.join(parts)} new{tail}.{found}"


def merge_file(conn: sqlite3.Connection, other_path: str | Path) -> MergeReport:
    """Bring every change of the database at other_path into conn, in one transaction."""
    other_path = Path(other_path)
    _refuse_same_file(conn, other_path)
    other = connect(other_path, readonly=True)
    try:
        version = other.execute("PRAGMA user_version").fetchone()[0]
        if version < 1:
            raise StoreError(f"{other_path}: not a planreview database (it has no planreview tables).")
        try:
            report = merge(conn, other, source=other_path.name)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise
            raise StoreError(f"merging {other_path} stopped ({exc}); nothing was changed.") from None
    finally:
        other.close()
        checkpoint_file(other_path)  # reading it must not leave a -wal file beside the other copy
    return report


def _refuse_same_file(conn: sqlite3.Connection, other_path: Path) -> None:
    row = conn.execute("PRAGMA database_list").fetchone()
    mine = row[2] if row else ""
    if mine and other_path.exists() and Path(mine).resolve() == other_path.resolve():
        raise StoreError(f"{other_path}: that is this database itself; choose another copy to merge.")


def merge(conn: sqlite3.Connection, other: sqlite3.Connection, *, source: str = "the other copy") -> MergeReport:
    """Merge the rows of an open other database into conn (one write transaction on conn)."""
    report = MergeReport(source=source)
    theirs_plan = _plan_stamps(other)
    with transaction(conn):
        before = conflict_keys(conn)
        ours_plan = _plan_stamps(conn)
        winner_plan = {pid: max(ours_plan.get(pid, ""), theirs_plan.get(pid, "")) for pid in {*ours_plan, *theirs_plan}}
        removals = Removals(_removed(conn), _removed(other), ours_plan, theirs_plan)
        returned: dict[str, list[str]] = {}
        for table in ORDER:
            returned[table] = _merge_table(conn, other, table, ours_plan, theirs_plan, report, removals)
        _apply_audit(conn, returned["action"], winner_plan, report)
        _refresh_bands(conn, returned["level"])
        _apply_removals(conn, removals, report)
        recache(conn, returned["entry"])
        report.conflicts = len(conflict_keys(conn) - before)
    return report


def _plan_stamps(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT id, imported_at FROM plan")}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


@dataclass(slots=True)
class Removals:
    """The sections and indicators each copy's re-imports removed, with when, and each copy's plan stamps."""

    ours: dict[tuple[str, str], tuple[str, str]]  # (table, id) -> (plan id, removed at)
    theirs: dict[tuple[str, str], tuple[str, str]]
    ours_plan: dict[str, str]
    theirs_plan: dict[str, str]

    def keeps_out(self, table: str, row) -> bool:
        """A row only the other copy has, which this copy removed after the other copy's last import of it."""
        gone = self.ours.get((table, row["id"]))
        return gone is not None and gone[1] >= self.theirs_plan.get(row["plan_id"], "")


def _removed(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str]]:
    try:
        rows = conn.execute("SELECT tbl, row_id, plan_id, removed_at FROM removed").fetchall()
    except sqlite3.OperationalError:  # a copy from before removals were recorded
        return {}
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def _apply_removals(conn: sqlite3.Connection, removals: Removals, report: MergeReport) -> None:
    """The other copy's removals made after this copy's import: drop those rows here (sections only when nothing
    uses them any more), and keep the record of the removal."""
    dropped = 0
    for (table, row_id), (plan_id, at) in removals.theirs.items():
        if at < removals.ours_plan.get(plan_id, ""):
            continue  # this copy imported the plan again after that removal: what it holds stands
        if table == "kpi":
            dropped += conn.execute("DELETE FROM kpi WHERE id = ?", (row_id,)).rowcount
        elif table == "section" and not conn.execute(
                "SELECT 1 FROM action WHERE section_id = ?1 UNION SELECT 1 FROM section WHERE parent_id = ?1"
                " UNION SELECT 1 FROM kpi WHERE section_id = ?1", (row_id,)).fetchone():
            dropped += conn.execute("DELETE FROM section WHERE id = ?", (row_id,)).rowcount
        if not conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone():
            conn.execute("INSERT INTO removed (tbl, row_id, plan_id, removed_at) VALUES (?, ?, ?, ?)"
                         " ON CONFLICT (tbl, row_id) DO UPDATE SET removed_at = max(removed_at, excluded.removed_at)",
                         (table, row_id, plan_id, at))
    if dropped:
        report.updated["removed"] = dropped


def recache(conn: sqlite3.Connection, action_ids: list[str]) -> None:
    """Read an action's cached rating, dates and counts again from its live entries (after entries were
    re-dated, which no insert trigger sees)."""
    for aid in dict.fromkeys(action_ids):
        conn.execute(
            "UPDATE action SET"
            " rating = (SELECT rating FROM live_entry WHERE action_id = ?1 AND rating IS NOT NULL"
            "           ORDER BY on_date DESC, recorded_at DESC LIMIT 1),"
            " rated_on = (SELECT on_date FROM live_entry WHERE action_id = ?1 AND rating IS NOT NULL"
            "             ORDER BY on_date DESC, recorded_at DESC LIMIT 1),"
            " last_update = (SELECT max(on_date) FROM live_entry WHERE action_id = ?1) WHERE id = ?1", (aid,))
        conn.execute(
            "UPDATE action SET band = coalesce((SELECT band FROM level WHERE plan_id = action.plan_id"
            " AND code = action.rating), 'none'),"
            " prev_band = coalesce((SELECT l.band FROM live_entry e JOIN level l"
            " ON l.plan_id = action.plan_id AND l.code = e.rating"
            " WHERE e.action_id = action.id AND e.rating IS NOT NULL AND e.on_date < action.rated_on"
            " ORDER BY e.on_date DESC, e.recorded_at DESC LIMIT 1), 'none') WHERE id = ?", (aid,))


def _redate_imports(conn: sqlite3.Connection, theirs: list) -> list[str]:
    """Imported updates both copies hold under one id: the earlier date wins in both. Returns their actions."""
    touched = []
    for row in theirs:
        if row["origin"] != "import":
            continue
        cur = conn.execute("UPDATE entry SET on_date = ?, recorded_at = ? WHERE id = ? AND origin = 'import'"
                           " AND on_date > ?", (row["on_date"], row["recorded_at"], row["id"], row["on_date"]))
        if cur.rowcount:
            touched.append(row["action_id"])
    return touched


def _merge_table(conn, other, table: str, ours_plan: dict, theirs_plan: dict, report: MergeReport,
                 removals: Removals) -> list[str]:
    """Add the other copy's new rows of one table and settle rows both hold.

    Returns the actions both copies hold with different values (for "action"), the plans whose scale was
    replaced (for "level"), or the actions whose imported updates took the other copy's earlier date ("entry").
    """
    mine_cols = _columns(conn, table)
    cols = [c for c in _columns(other, table) if c in mine_cols]
    if not cols:
        return []
    key_cols = KEYS.get(table, ("id",))
    order = " ORDER BY length(path)" if table == "section" else ""
    theirs = other.execute(f"SELECT {', '.join(cols)} FROM {table}{order}").fetchall()
    col_list = ", ".join(cols)
    marks = ", ".join("?" for _ in cols)
    if table in APPEND_ONLY:
        have = {r[0] for r in conn.execute(f"SELECT id FROM {table}")}
        fresh = [tuple(r) for r in theirs if r["id"] not in have]
        conn.executemany(f"INSERT OR IGNORE INTO {table} ({col_list}) VALUES ({marks})", fresh)
        report.added[table] = len(fresh)
        return _redate_imports(conn, [r for r in theirs if r["id"] in have]) if table == "entry" else []
    if table == "level":
        return _merge_levels(conn, theirs, cols, ours_plan, theirs_plan, report)
    where = " AND ".join(f"{k} = ?" for k in key_cols)
    compare = [c for c in cols if c not in key_cols and not (table == "action" and c in CACHED)]
    added = updated = 0
    conflicts: list[str] = []
    ours = {tuple(r[k] for k in key_cols): r for r in conn.execute(f"SELECT {col_list} FROM {table}")}
    needed = _sections_needed(conn, other, removals) if table == "section" else set()
    for row in theirs:
        key = tuple(row[k] for k in key_cols)
        mine = ours.get(key)
        if mine is None:
            if table in ("section", "kpi") and removals.keeps_out(table, row) and row["id"] not in needed:
                continue
            if table == "kpi_value" and not conn.execute("SELECT 1 FROM kpi WHERE id = ?", (row["kpi_id"],)).fetchone():
                continue  # the values of an indicator that stays removed
            conn.execute(f"INSERT INTO {table} ({col_list}) VALUES ({marks})", tuple(row))
            added += 1
            continue
        if all(mine[c] == row[c] for c in compare) and (table != "meeting_item" or mine["id"] == row["id"]):
            continue
        if table == "action":
            conflicts.append(row["id"])
        if _rank(table, row, theirs_plan) > _rank(table, mine, ours_plan):
            sets = [c for c in compare if c not in key_cols] + (["id"] if table == "meeting_item" else [])
            sets = list(dict.fromkeys(sets))
            conn.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in sets)} WHERE {where}",
                         (*(row[c] for c in sets), *key))
            updated += 1
    report.added[table] = added
    if updated:
        report.updated[table] = updated
    return conflicts


def _sections_needed(conn: sqlite3.Connection, other: sqlite3.Connection, removals: Removals) -> set[str]:
    """Sections the other copy's new actions and indicators sit in, with their parents (kept even if removed
    here: a row is never left pointing at nothing)."""
    actions = {r[0] for r in conn.execute("SELECT id FROM action")}
    kpis = {r[0] for r in conn.execute("SELECT id FROM kpi")}
    needed = {r["section_id"] for r in other.execute("SELECT id, section_id FROM action")
              if r["id"] not in actions and r["section_id"]}
    needed |= {r["section_id"] for r in other.execute("SELECT id, plan_id, section_id FROM kpi")
               if r["id"] not in kpis and r["section_id"] and not removals.keeps_out("kpi", r)}
    parents = {r[0]: r[1] for r in other.execute("SELECT id, parent_id FROM section")}
    for sid in list(needed):
        while (sid := parents.get(sid)) and sid not in needed:
            needed.add(sid)
    return needed


def _rank(table: str, row: sqlite3.Row, stamps: dict[str, str]) -> tuple:
    """Which of two versions of a row wins: the greater rank (both copies compute the same ranks)."""
    values = tuple("" if row[k] is None else str(row[k]) for k in row.keys() if not (table == "action" and k in CACHED))
    if table == "plan":
        return (row["imported_at"], values)
    if table in ("section", "kpi"):
        return (stamps.get(row["plan_id"], ""), values)
    if table == "action":
        return (stamps.get(row["plan_id"], ""), row["state"] == "removed", values)
    if table == "meeting":
        return (row["ended_at"] is not None, row["ended_at"] or "", row["position"], values)
    if table == "meeting_item":
        return (row["seconds"], values)
    return (values,)  # kpi_value: no stamp of its own


def _merge_levels(conn, theirs, cols, ours_plan: dict, theirs_plan: dict, report: MergeReport) -> list[str]:
    """A plan's scale travels whole: the copy with the newer import of the plan gives its levels."""
    replaced: list[str] = []
    by_plan: dict[str, list] = {}
    for row in theirs:
        by_plan.setdefault(row["plan_id"], []).append(row)
    col_list, marks = ", ".join(cols), ", ".join("?" for _ in cols)
    for pid, rows in by_plan.items():
        mine = conn.execute(f"SELECT {col_list} FROM level WHERE plan_id = ? ORDER BY position", (pid,)).fetchall()
        mine_set = sorted(tuple(r) for r in mine)
        their_set = sorted(tuple(r) for r in rows)
        if mine_set == their_set:
            continue
        if mine and (ours_plan.get(pid, ""), mine_set) >= (theirs_plan.get(pid, ""), their_set):
            continue
        conn.execute("DELETE FROM level WHERE plan_id = ?", (pid,))
        conn.executemany(f"INSERT INTO level ({col_list}) VALUES ({marks})", [tuple(r) for r in rows])
        if mine:
            report.updated["level"] = report.updated.get("level", 0) + 1
        replaced.append(pid)
    return replaced


def _apply_audit(conn: sqlite3.Connection, action_ids: list[str], stamps: dict[str, str], report: MergeReport) -> None:
    """For actions the two copies disagreed on, the newest edit of each field (after the last import) wins."""
    from planreview.store.leads import lead_key

    changed = 0
    for aid in action_ids:
        row = conn.execute("SELECT * FROM action WHERE id = ?", (aid,)).fetchone()
        stamp = stamps.get(row["plan_id"], "")
        latest: dict[str, sqlite3.Row] = {}
        for edit in conn.execute("SELECT * FROM audit WHERE action_id = ? AND at > ? ORDER BY at, id", (aid, stamp)):
            latest[edit["field"]] = edit
        for name, edit in latest.items():
            if name not in row.keys() or name in CACHED or name in ("id", "plan_id"):
                continue
            if row[name] != edit["new"]:
                conn.execute(f"UPDATE action SET {name} = ? WHERE id = ?", (edit["new"], aid))
                if name == "lead":
                    conn.execute("UPDATE action SET lead_norm = ? WHERE id = ?", (lead_key(edit["new"] or ""), aid))
                changed += 1
    if changed:
        report.updated["fields"] = report.updated.get("fields", 0) + changed


def _refresh_bands(conn: sqlite3.Connection, plan_ids: list[str]) -> None:
    """A plan whose scale came from the other copy: bands of current and previous ratings are read again."""
    for pid in plan_ids:
        conn.execute(
            "UPDATE action SET band = coalesce((SELECT band FROM level l WHERE l.plan_id = action.plan_id"
            " AND l.code = action.rating), 'none'),"
            " prev_band = coalesce((SELECT l.band FROM live_entry e JOIN level l"
            " ON l.plan_id = action.plan_id AND l.code = e.rating"
            " WHERE e.action_id = action.id AND e.rating IS NOT NULL AND e.on_date < action.rated_on"
            " ORDER BY e.on_date DESC, e.recorded_at DESC LIMIT 1), 'none') WHERE plan_id = ?",
            (pid,),
        )
