"""`planreview check`: SQLite's own integrity check plus the app's consistency rules, as findings in words."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found: what kind, and a sentence saying where."""

    kind: str
    said: str


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def _bad_dates(conn: sqlite3.Connection, table: str, column: str, one: str, many: str) -> list[Finding]:
    """Rows whose date column holds a day that does not exist (SQLite's own date() accepts 30 February)."""
    counts = conn.execute(f"SELECT {column}, count(*) FROM {table} WHERE {column} IS NOT NULL AND {column} != ''"
                          f" GROUP BY {column}").fetchall()
    bad = sum(n for value, n in counts if not _is_day(str(value)))
    if not bad:
        return []
    return [Finding("impossible date", f"{bad} {one if bad == 1 else many} a day that does not exist (YYYY-MM-DD)")]


def check_database(conn: sqlite3.Connection, path: str | Path, today: str) -> list[Finding]:
    """Every problem found in an open database (an empty list: it is sound)."""
    found: list[Finding] = []
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if integrity != ["ok"]:
        found += [Finding("integrity", f"SQLite integrity check: {line}") for line in integrity[:20]]
    orphans: dict[str, int] = {}
    for table, _rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall():
        orphans[f"{table} -> {parent}"] = orphans.get(f"{table} -> {parent}", 0) + 1
    found += [Finding("orphan", f"{n} {link.split(' -> ')[0]} row{' points' if n == 1 else 's point'} at a "
                                f"missing {link.split(' -> ')[1]}") for link, n in sorted(orphans.items())]
    found += _bad_dates(conn, "entry", "on_date", "progress entry is dated on", "progress entries are dated on")
    found += _bad_dates(conn, "action", "due_date", "action is due on", "actions are due on")
    found += _bad_dates(conn, "plan", "doc_date", "plan's document is dated on", "plans' documents are dated on")
    future = conn.execute("SELECT count(*) FROM entry WHERE origin != 'import' AND on_date > ?", (today,)).fetchone()[0]
    if future:
        found.append(Finding("impossible date", f"{future} progress entr{'y' if future == 1 else 'ies'} written in "
                                                f"the app or a command speak{'s' if future == 1 else ''} for a day "
                                                f"after today ({today})"))
    stale = conn.execute(
        "SELECT count(*) FROM action a WHERE a.rating IS NOT (SELECT rating FROM live_entry e WHERE e.action_id = a.id"
        " AND e.rating IS NOT NULL ORDER BY e.on_date DESC, e.recorded_at DESC LIMIT 1)").fetchone()[0]
    if stale:
        found.append(Finding("cache", f"{stale} action{' shows' if stale == 1 else 's show'} a current rating that is "
                                      "not its latest rated entry's"))
    unknown = conn.execute(
        "SELECT count(*) FROM entry e JOIN action a ON a.id = e.action_id WHERE e.rating IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM level l WHERE l.plan_id = a.plan_id AND l.code = e.rating)").fetchone()[0]
    if unknown:
        found.append(Finding("rating", f"{unknown} entr{'ies' if unknown != 1 else 'y'} carry a rating that is not "
                                       "on their plan's scale"))
    found += _copy_findings(conn, path)
    return found


def _copy_findings(conn: sqlite3.Connection, path: str | Path) -> list[Finding]:
    """A file copied with cp carries the replica id of the file it was copied from until it is first written."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'replica_path'").fetchone()
    here = str(Path(path).resolve())
    if row is not None and row[0] != here:
        return [Finding("replica", f"this file shares its replica id with {row[0]} (it was copied from there); "
                                   "it takes an id of its own the first time it is opened for writing here")]
    return []
