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
- Drafts are local to a copy and never merged; the meta table (this copy's replica id) is not merged.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from planreview.store.conflicts import conflict_keys
from planreview.store.db import StoreError, connect, transaction

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
        returned: dict[str, list[str]] = {}
        for table in ORDER:
            returned[table] = _merge_table(conn, other, table, ours_plan, theirs_plan, report)
        _apply_audit(conn, returned["action"], winner_plan, report)
        _refresh_bands(conn, returned["level"])
        report.conflicts = len(conflict_keys(conn) - before)
    return report


def _plan_stamps(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT id, imported_at FROM plan")}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _merge_table(conn, other, table: str, ours_plan: dict, theirs_plan: dict, report: MergeReport) -> list[str]:
    """Add the other copy's new rows of one table and settle rows both hold.

    Returns the actions both copies hold with different values (for "action") or the plans whose scale was
    replaced (for "level").
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
        return []
    if table == "level":
        return _merge_levels(conn, theirs, cols, ours_plan, theirs_plan, report)
    where = " AND ".join(f"{k} = ?" for k in key_cols)
    compare = [c for c in cols if c not in key_cols and not (table == "action" and c in CACHED)]
    added = updated = 0
    conflicts: list[str] = []
    ours = {tuple(r[k] for k in key_cols): r for r in conn.execute(f"SELECT {col_list} FROM {table}")}
    for row in theirs:
        key = tuple(row[k] for k in key_cols)
        mine = ours.get(key)
        if mine is None:
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
