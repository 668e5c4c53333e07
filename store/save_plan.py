"""Saving an imported PlanDraft: a new plan, or an update in place that keeps every entry."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from planreview.importers.model import ActionDraft, PlanDraft, SectionDraft
from planreview.store.clock import today as clock_today
from planreview.store.db import StoreError, replica_id, transaction
from planreview.store.ids import derived_id
from planreview.store.leads import lead_key
from planreview.store.writes import now_stamp

ACTION_FIELDS = ("ref", "text", "outcome", "measure", "lead", "owner", "due_raw", "due_date", "tags", "extra",
                 "section_id", "section_path", "position", "source_line", "state")
SIMILAR_TEXT = 85  # rapidfuzz ratio above which a refless action is taken to be the same one


@dataclass(slots=True)
class ImportReport:
    """What an import did to one plan."""

    plan_id: str
    title: str
    new_plan: bool
    sections: int = 0
    actions: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    entries_added: int = 0
    bands: dict[str, int] = field(default_factory=dict)
    marked_removed: int = 0  # actions the document itself marks as removed (not counted in actions)
    undated_on: str | None = None  # the file's date, when the document prints none and entries took it

    def line(self) -> str:
        """One summary line for the command line."""
        bands = " ".join(f"{k[0].upper() if k != 'none' else '-'}{v}" for k, v in self.bands.items())
        unchanged = not self.new_plan and not (self.added or self.changed or self.removed or self.entries_added)
        what = "imported" if self.new_plan else "unchanged" if unchanged else "updated"
        kept_out = f", {self.marked_removed} marked removed" if self.marked_removed else ""
        line = (
            f"{what} {self.title!r} [{self.plan_id}]: {self.sections} sections, {self.actions} actions{kept_out} "
            f"({bands}); added {self.added}, changed {self.changed}, removed {self.removed}, "
            f"{_plural(self.entries_added, 'entry', 'entries')} added"
        )
        if self.undated_on and self.entries_added:
            line += (f"; the document prints no date, so its updates are dated {self.undated_on} "
                     "(the file's date; --date sets another)")
        return line


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def plan_id_for(draft: PlanDraft) -> str:
    """The id every copy gives this plan: derived from its authority and title."""
    return derived_id("plan", " ".join(draft.authority.split()).casefold(), " ".join(draft.title.split()).casefold())


def save_plans(conn: sqlite3.Connection, drafts: list[PlanDraft], today: str = "") -> list[ImportReport]:
    """Save several plans in one transaction: all of them land, or none."""
    with transaction(conn):
        return [_save(conn, d, today or clock_today()) for d in drafts]


def save_plan(conn: sqlite3.Connection, draft: PlanDraft, today: str = "") -> ImportReport:
    """Save one plan in one transaction."""
    return save_plans(conn, [draft], today)[0]


def _save(conn: sqlite3.Connection, draft: PlanDraft, today: str) -> ImportReport:
    if not draft.title.strip():
        raise StoreError("the plan has no title.")
    pid = plan_id_for(draft)
    existing = conn.execute("SELECT * FROM plan WHERE id = ?", (pid,)).fetchone()
    report = ImportReport(plan_id=pid, title=draft.title, new_plan=existing is None)
    summary = json.dumps(draft.summary, ensure_ascii=False)
    if existing is not None and not draft.summary:
        summary = existing["summary"]  # a version that prints no RAG summary does not blank the one kept
    plan_row = (draft.title, draft.authority, draft.source, draft.sha256, draft.doc_date, summary)
    if existing is None:
        conn.execute(
            "INSERT INTO plan (id, title, authority, source, sha256, doc_date, summary, imported_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (pid, *plan_row, now_stamp()),
        )
    elif tuple(existing[k] for k in ("title", "authority", "source", "sha256", "doc_date", "summary")) != plan_row:
        conn.execute(
            "UPDATE plan SET title=?, authority=?, source=?, sha256=?, doc_date=?, summary=?, imported_at=?"
            " WHERE id=?",
            (*plan_row, now_stamp(), pid),
        )
    adopt = _adopted_codes(conn, pid, draft)
    _save_scale(conn, pid, draft, adopt)
    placed = _save_sections(conn, pid, draft.sections)
    report.sections = len(placed)
    _save_actions(conn, pid, draft, placed, report, today, adopt)
    _save_kpis(conn, pid, draft, placed)
    _drop_stale_sections(conn, pid, placed)
    for band, n in conn.execute(
        "SELECT band, count(*) FROM action WHERE plan_id = ? AND state = 'active' GROUP BY band", (pid,)
    ):
        report.bands[band] = n
    report.bands = {b: report.bands.get(b, 0) for b in ("red", "amber", "green", "blue", "none")}
    report.actions = sum(report.bands.values())
    return report


def _adopted_codes(conn: sqlite3.Connection, pid: str, draft: PlanDraft) -> dict[str, str]:
    """Draft level code -> the code this plan already stores for the same level ("Green" -> "GREEN").

    A plan exported by this app and imported again writes its levels by label; without this every
    rating would come back as a new level and every entry as a new one.
    """
    old = conn.execute("SELECT code, label, band FROM level WHERE plan_id = ?", (pid,)).fetchall()
    drafted = {lv.code for lv in draft.scale}
    found: dict[str, str] = {}
    for lv in draft.scale:
        if any(o["code"] == lv.code for o in old):
            continue
        match = next((o for o in old if o["band"] == lv.band and o["code"] not in drafted
                      and o["code"] not in found.values()
                      and lv.code.casefold() in (o["code"].casefold(), o["label"].casefold())), None)
        if match is not None:
            found[lv.code] = match["code"]
    return found


def _save_scale(conn: sqlite3.Connection, pid: str, draft: PlanDraft, adopt: dict[str, str]) -> None:
    old = [tuple(r) for r in conn.execute(
        "SELECT code, label, band, meaning FROM level WHERE plan_id = ? ORDER BY position", (pid,))]
    meanings = {row[0]: row[3] for row in old}
    new = [(code, lv.label, lv.band, lv.meaning or meanings.get(code, ""))
           for lv in draft.scale for code in [adopt.get(lv.code, lv.code)]]
    used = {r[0] for r in conn.execute(
        "SELECT DISTINCT e.rating FROM entry e JOIN action a ON a.id = e.action_id"
        " WHERE a.plan_id = ? AND e.rating IS NOT NULL", (pid,))}
    codes = {row[0] for row in new}
    new += [row for row in old if row[0] in used and row[0] not in codes]  # entries keep their level
    if old == new:
        return
    conn.execute("DELETE FROM level WHERE plan_id = ?", (pid,))
    conn.executemany(
        "INSERT INTO level (plan_id, code, label, band, meaning, position) VALUES (?, ?, ?, ?, ?, ?)",
        [(pid, *row, i) for i, row in enumerate(new)],
    )
    # a changed scale can change what every current rating means
    conn.execute(
        "UPDATE action SET band = coalesce((SELECT band FROM level l WHERE l.plan_id = action.plan_id"
        " AND l.code = action.rating), 'none') WHERE plan_id = ?",
        (pid,),
    )


def _section_rows(pid: str, sections: list[SectionDraft]):
    """(draft, id, parent_id, path) for every section, depth first; ids from the chain of refs/titles."""
    counter = 0

    def walk(items, parent_id, parent_path, parent_key):
        nonlocal counter
        seen: dict[str, int] = {}
        for s in items:
            key = f"{s.kind}:{s.ref or s.title}".casefold()
            seen[key] = seen.get(key, 0) + 1
            chain = f"{parent_key}/{key}#{seen[key]}"
            sid = derived_id(pid, "section", chain)
            path = f"{parent_path}{sid}/"
            counter += 1
            yield s, sid, parent_id, path, counter
            yield from walk(s.children, sid, path, chain)

    yield from walk(sections, None, "/", "")


def _save_sections(conn: sqlite3.Connection, pid: str, sections: list[SectionDraft]) -> list[tuple]:
    """Upsert the sections; one the plan already has under another kind (same parent, ref, title) keeps its id."""
    drafted = list(_section_rows(pid, sections))
    derived = {sid for _, sid, *_ in drafted}
    stored = conn.execute("SELECT id, parent_id, kind, ref, title, body FROM section WHERE plan_id = ?",
                          (pid,)).fetchall()
    existing = [r for r in stored if r["id"] not in derived]
    known = {r["id"]: r for r in stored}
    chosen: dict[str, str] = {}
    paths: dict[str | None, str] = {None: "/"}
    placed, rows = [], []
    for s, sid, parent, _path, pos in drafted:
        parent = chosen.get(parent, parent) if parent else None
        kind = s.kind
        if sid not in known:
            same = next((r for r in existing if r["parent_id"] == parent and r["ref"] == s.ref
                         and r["title"] == s.title), None)
            if same is not None:
                existing.remove(same)
                chosen[sid], sid, kind = same["id"], same["id"], same["kind"]
                known[sid] = same
        path = f"{paths[parent]}{sid}/"
        paths[sid] = path
        placed.append((s, sid, parent, path, pos))
        body = s.body or (known[sid]["body"] if sid in known else "")  # a file without the summary keeps it
        rows.append((sid, pid, parent, path, kind, s.ref, s.title, body, pos))
    conn.executemany(
        "INSERT INTO section (id, plan_id, parent_id, path, kind, ref, title, body, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET parent_id=excluded.parent_id,"
        " path=excluded.path, kind=excluded.kind, ref=excluded.ref, title=excluded.title, body=excluded.body,"
        " position=excluded.position",
        rows,
    )
    return placed


def _drop_stale_sections(conn: sqlite3.Connection, pid: str, placed: list[tuple]) -> None:
    """Delete the plan's sections the document no longer has, unless an action, section or KPI still uses one."""
    keep = {sid for _, sid, *_ in placed}
    stale = [r[0] for r in conn.execute("SELECT id FROM section WHERE plan_id = ?", (pid,)) if r[0] not in keep]
    for sid in stale:
        used = conn.execute(
            "SELECT 1 FROM action WHERE section_id = ? UNION SELECT 1 FROM section WHERE parent_id = ?"
            " UNION SELECT 1 FROM kpi WHERE section_id = ?", (sid, sid, sid)
        ).fetchone()
        if not used:
            conn.execute("DELETE FROM section WHERE id = ?", (sid,))


def _draft_actions(placed: list[tuple]):
    """(action draft, section id, section path) in document order."""
    for s, sid, _parent, path, _pos in placed:
        for a in s.actions:
            yield a, sid, path


def _action_ids(pid: str, items: list[tuple[ActionDraft, str, str]]) -> list[str]:
    """Derived ids: by ref where the ref is unique in the plan, else by section and place."""
    refs: dict[str, int] = {}
    for a, _, _ in items:
        refs[a.ref.strip().casefold()] = refs.get(a.ref.strip().casefold(), 0) + 1
    ids, places = [], {}
    for a, sid, _ in items:
        ref = a.ref.strip().casefold()
        if ref and refs[ref] == 1:
            ids.append(derived_id(pid, "action", ref))
        else:
            places[(sid, ref)] = places.get((sid, ref), 0) + 1
            ids.append(derived_id(pid, "action", sid, ref, places[(sid, ref)]))
    return ids


def _match_existing(existing: dict[str, sqlite3.Row], items, ids: list[str]) -> list[str]:
    """Keep derived ids that exist; match the rest to unclaimed old actions by ref, then by similar text."""
    claimed = {i for i in ids if i in existing}
    unclaimed = [r for i, r in existing.items() if i not in claimed and r["origin"] == "import"]
    out = list(ids)
    for n, ((a, _sid, _path), aid) in enumerate(zip(items, ids, strict=True)):
        if aid in existing or not unclaimed:
            continue
        same_ref = [r for r in unclaimed if a.ref.strip() and r["ref"].strip().casefold() == a.ref.strip().casefold()]
        best = same_ref[0] if len(same_ref) == 1 else _most_similar(a.text, unclaimed)
        if best is not None:
            out[n] = best["id"]
            unclaimed.remove(best)
    return out


def _most_similar(text: str, rows: list[sqlite3.Row]):
    from rapidfuzz import fuzz

    scored = [(fuzz.ratio(text, r["text"]), r) for r in rows]
    scored = [pair for pair in scored if pair[0] >= SIMILAR_TEXT]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def _save_actions(conn, pid: str, draft: PlanDraft, placed, report: ImportReport, today: str,
                  adopt: dict[str, str]) -> None:
    items = list(_draft_actions(placed))
    report.marked_removed = sum(1 for a, _, _ in items if a.state == "removed")
    existing = {r["id"]: r for r in conn.execute("SELECT * FROM action WHERE plan_id = ?", (pid,))}
    ids = _match_existing(existing, items, _action_ids(pid, items))
    codes = {r[0] for r in conn.execute("SELECT code FROM level WHERE plan_id = ?", (pid,))}
    # what each action already records (read once): the same fact read again is not new
    recorded = {_fact(*r) for r in conn.execute(
        "SELECT e.action_id, e.on_date, e.rating, e.note FROM entry e JOIN action a ON a.id = e.action_id"
        " WHERE a.plan_id = ? AND e.kind = 'update'", (pid,))}
    rep = replica_id(conn)
    # DESIGN: imported entries are dated by the document, never by the time of import
    entry_date = draft.doc_date or draft.file_date or today
    if not draft.doc_date and any(not e.on_date for a, _, _ in items for e in a.entries):
        report.undated_on = entry_date
    for position, ((a, sid, path), aid) in enumerate(zip(items, ids, strict=True)):
        values = {
            "ref": a.ref, "text": a.text, "outcome": a.outcome, "measure": a.measure, "lead": a.lead,
            "owner": a.owner, "due_raw": a.due_raw, "due_date": a.due_date,
            "tags": json.dumps(a.tags, ensure_ascii=False), "extra": json.dumps(a.extra, ensure_ascii=False),
            "section_id": sid, "section_path": path, "position": position, "source_line": a.source_line,
            "state": a.state,
        }
        old = existing.get(aid)
        if old is None:
            conn.execute(
                f"INSERT INTO action (id, plan_id, lead_norm, origin, replica_id, {', '.join(values)})"
                f" VALUES (?, ?, ?, 'import', ?, {', '.join('?' * len(values))})",
                (aid, pid, lead_key(a.lead), rep, *values.values()),
            )
            report.added += 1
        elif any(old[k] != v for k, v in values.items()):
            sets = ", ".join(f"{k} = ?" for k in values)
            conn.execute(f"UPDATE action SET {sets}, lead_norm = ? WHERE id = ?",
                         (*values.values(), lead_key(a.lead), aid))
            if any(old[k] != values[k] for k in values if k not in ("position", "source_line", "section_path")):
                report.changed += 1
        for e in a.entries:
            rating = adopt.get(e.rating, e.rating)
            if rating is not None and rating not in codes:
                raise StoreError(f"action {a.ref or a.text[:30]!r}: rating {e.rating!r} is not on the plan's scale.")
            on_date = e.on_date or entry_date
            if _fact(aid, on_date, rating, e.note) in recorded:
                continue
            eid = derived_id(aid, "entry", e.period, on_date, rating, e.note)
            cur = conn.execute(
                "INSERT OR IGNORE INTO entry (id, action_id, on_date, recorded_at, author, rating, note, kind,"
                " origin, period, replica_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'update', 'import', ?, ?)",
                (eid, aid, on_date, f"{on_date}T00:00:00+00:00", e.author, rating, e.note, e.period, rep),
            )
            report.entries_added += cur.rowcount
            recorded.add(_fact(aid, on_date, rating, e.note))
    gone = [i for i, r in existing.items() if i not in set(ids) and r["origin"] == "import" and r["state"] == "active"]
    for aid in gone:
        conn.execute("UPDATE action SET state = 'removed' WHERE id = ?", (aid,))
    report.removed = len(gone)


def _fact(action_id: str, on_date: str, rating: str | None, note: str) -> tuple:
    """What an entry says, for telling a new entry from one read before under another column name.

    A rating counts once per month (an export writes "RAG 07/18" for an entry of 3 July); a note without
    a rating counts once whatever its date (a file without a date of its own is dated by the file).
    """
    return (action_id, on_date[:7] if rating else "", rating, " ".join((note or "").split()))


def _save_kpis(conn, pid: str, draft: PlanDraft, placed) -> None:
    owners = [(None, k) for k in draft.kpis] + [(sid, k) for s, sid, *_ in placed for k in s.kpis]
    conn.execute("DELETE FROM kpi WHERE plan_id = ?", (pid,))
    for position, (sid, k) in enumerate(owners):
        kid = derived_id(pid, "kpi", sid, k.indicator, position)
        conn.execute(
            "INSERT INTO kpi (id, plan_id, section_id, indicator, polarity, baseline, comparator, notes, direction,"
            " position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kid, pid, sid, k.indicator, k.polarity, k.baseline, k.comparator, k.notes, k.direction, position),
        )
        conn.executemany(
            "INSERT OR REPLACE INTO kpi_value (kpi_id, period, value, position) VALUES (?, ?, ?, ?)",
            [(kid, period, value, i) for i, (period, value) in enumerate(k.values)],
        )
