"""Saving an imported PlanDraft: a new plan, or the next report of a stored plan, updated in place by identity.

Which stored plan a document is the next report of: the one its authority and title derive (the id every copy
gives it), else the one whose title differs only in typography and whose authority agrees, else the one named
with --into; --as-new makes it a plan of its own. Which stored action each row is: store/identity.py, by
content. What a re-import does to an action it matched: store/reimport.py (a three-way merge of its fields, its
rating history by period). A person's entry never moves to another action: ids never move between actions.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from planreview.importers.model import ActionDraft, PlanDraft, SectionDraft
from planreview.store import reimport
from planreview.store.clock import today as clock_today
from planreview.store.db import StoreError, replica_id, transaction
from planreview.store.identity import Matching, Row, authority_key, match_rows, title_key, words
from planreview.store.ids import derived_id
from planreview.store.import_report import ActionChange, FieldConflict, ImportReport
from planreview.store.leads import lead_key
from planreview.store.writes import EDITABLE_FIELDS, now_stamp

__all__ = ["ImportReport", "find_plan", "plan_id_for", "save_plan", "save_plans"]

# fields only the document speaks for (the app never edits them): a re-import takes what the document says
DOCUMENT_FIELDS = ("tags", "extra", "section_id", "section_path", "position", "source_line", "state")
REPORTED = {"section_id": "section", "tags": "tags", "extra": "extra", "state": "state"}


def plan_id_for(draft: PlanDraft) -> str:
    """The id every copy gives a new plan: derived from its authority and title."""
    return derived_id("plan", " ".join(draft.authority.split()).casefold(), " ".join(draft.title.split()).casefold())


class _DryRun(Exception):
    """Raised at the end of a dry run's transaction so that it rolls back; carries the reports."""

    def __init__(self, reports: list[ImportReport]) -> None:
        super().__init__("dry run")
        self.reports = reports


def save_plans(conn: sqlite3.Connection, drafts: list[PlanDraft], today: str = "", *, into: str | None = None,
               as_new: bool = False, dry_run: bool = False) -> list[ImportReport]:
    """Save several plans in one transaction: all of them land, or none.

    into: the id (or the start of it) of the stored plan this document is the next report of; as_new: a plan of
    its own whatever its title; dry_run: do it all, report it, and roll it back.
    """
    if into and as_new:
        raise StoreError("--into and --as-new contradict each other; give one of them.")
    if into and len(drafts) != 1:
        raise StoreError(f"--into names one plan, but the files hold {len(drafts)} plans; import them one at a time.")
    try:
        with transaction(conn):
            reports = [_save(conn, d, today or clock_today(), into=into, as_new=as_new) for d in drafts]
            if dry_run:
                raise _DryRun(reports)
    except _DryRun as done:
        for report in done.reports:
            report.dry_run = True
        return done.reports
    return reports


def save_plan(conn: sqlite3.Connection, draft: PlanDraft, today: str = "", **options) -> ImportReport:
    """Save one plan in one transaction (options as for save_plans)."""
    return save_plans(conn, [draft], today, **options)[0]


def find_plan(conn: sqlite3.Connection, draft: PlanDraft, *, into: str | None = None,
              as_new: bool = False) -> tuple[str, str, sqlite3.Row | None]:
    """The plan a document is saved as: (id, how it was found, the stored row or None for a new plan).

    how: "into" (named with --into), "id" (the id its authority and title derive), "title" (a stored plan whose
    title differs only in typography, the authority agreeing), "" (a new plan).
    """
    if into:
        want = into.strip().lower()
        found = conn.execute("SELECT * FROM plan WHERE id = ?", (want,)).fetchall() or conn.execute(
            "SELECT * FROM plan WHERE substr(id, 1, ?) = ?", (len(want), want)).fetchall()
        if not found:
            raise StoreError(f"--into {into}: no plan has that id; `planreview list` shows the plan ids.")
        if len(found) > 1:
            raise StoreError(f"--into {into}: {len(found)} plan ids start so; give more of the id.")
        return found[0]["id"], "into", found[0]
    pid = plan_id_for(draft)
    row = conn.execute("SELECT * FROM plan WHERE id = ?", (pid,)).fetchone()
    if as_new:  # an id of its own, never the title's; the same file imported --as-new again is that plan again
        pid = derived_id(pid, "as-new", draft.sha256)
        row = conn.execute("SELECT * FROM plan WHERE id = ?", (pid,)).fetchone()
        return pid, "id" if row is not None else "", row
    if row is not None:
        return pid, "id", row
    key, authority = title_key(draft.title, draft.authority), authority_key(draft.authority)
    same = [r for r in conn.execute("SELECT * FROM plan ORDER BY imported_at, id")
            if authority_key(r["authority"]) == authority and title_key(r["title"], r["authority"]) == key]
    if len(same) > 1:
        raise StoreError(f"{draft.title!r} reads as {len(same)} stored plans ({', '.join(r['id'] for r in same)}); "
                         "say which with --into PLAN_ID, or import it as a plan of its own with --as-new.")
    if same:
        return same[0]["id"], "title", same[0]
    return pid, "", None


def _save(conn: sqlite3.Connection, draft: PlanDraft, today: str, *, into: str | None = None,
          as_new: bool = False) -> ImportReport:
    if not draft.title.strip():
        raise StoreError("the plan has no title.")
    pid, how, existing = find_plan(conn, draft, into=into, as_new=as_new)
    stamp = now_stamp()  # the plan's imported_at and its trail rows share it (merge replays only later edits)
    report = ImportReport(plan_id=pid, title=draft.title, new_plan=existing is None, matched_by=how)
    if existing is not None and existing["title"] != draft.title:
        report.previous_title = existing["title"]
    summary = json.dumps(draft.summary, ensure_ascii=False)
    if existing is not None and not draft.summary:
        summary = existing["summary"]  # a version that prints no RAG summary does not blank the one kept
    plan_row = (draft.title, draft.authority, draft.source, draft.sha256, draft.doc_date, summary)
    stamped = True
    if existing is None:
        conn.execute(
            "INSERT INTO plan (id, title, authority, source, sha256, doc_date, summary, imported_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (pid, *plan_row, stamp),
        )
    elif tuple(existing[k] for k in ("title", "authority", "source", "sha256", "doc_date", "summary")) != plan_row:
        conn.execute(
            "UPDATE plan SET title=?, authority=?, source=?, sha256=?, doc_date=?, summary=?, imported_at=?"
            " WHERE id=?",
            (*plan_row, stamp, pid),
        )
    else:
        stamped = False
    adopt = _adopted_codes(conn, pid, draft)
    _save_scale(conn, pid, draft, adopt)
    placed = _save_sections(conn, pid, draft.sections)
    report.sections = len(placed)
    saving = _ActionSaver(conn, pid, draft, report, stamp, adopt, draft.doc_date or draft.file_date or today)
    saving.save(placed)
    if saving.trail_written and not stamped:
        conn.execute("UPDATE plan SET imported_at = ? WHERE id = ?", (stamp, pid))
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
    """Upsert the sections; one the plan already has under another kind or typography (same parent, and the same
    words in ref and title) keeps its id."""
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
            same = next((r for r in existing if r["parent_id"] == parent and words(r["ref"]) == words(s.ref)
                         and words(r["title"]) == words(s.title)), None)
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
    """Derived ids for a document's actions: by ref where the ref is unique in the plan, else by section and place.

    Only a new action takes its derived id (two copies that import the same document agree on it); an action
    matched to a stored one keeps the stored one's id.
    """
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


def _values(a: ActionDraft, sid: str, path: str, position: int) -> dict:
    """An action's row as the document gives it."""
    return {
        "ref": a.ref, "text": a.text, "outcome": a.outcome, "measure": a.measure, "lead": a.lead,
        "owner": a.owner, "due_raw": a.due_raw, "due_date": a.due_date,
        "tags": json.dumps(a.tags, ensure_ascii=False), "extra": json.dumps(a.extra, ensure_ascii=False),
        "section_id": sid, "section_path": path, "position": position, "source_line": a.source_line,
        "state": a.state,
    }


@dataclass(slots=True)
class _ActionSaver:
    """Saves a document's actions into a plan: matched ones updated, new ones added, missing ones marked removed."""

    conn: sqlite3.Connection
    pid: str
    draft: PlanDraft
    report: ImportReport
    stamp: str
    adopt: dict[str, str]
    entry_date: str  # DESIGN: imported entries are dated by the document, never by the time of import
    trail_written: bool = False
    replica: str = ""
    detailed: bool = False  # report each action (not for a new plan: every action is new)
    codes: dict[str, str] = field(default_factory=dict)  # level code -> label
    facts: set = field(default_factory=set)
    periods: dict = field(default_factory=dict)
    trails: dict = field(default_factory=dict)
    section_labels: dict = field(default_factory=dict)

    def save(self, placed: list[tuple]) -> None:
        """Match, then write every action of the document and mark the stored ones it no longer has."""
        conn, pid = self.conn, self.pid
        items = list(_draft_actions(placed))
        self.report.marked_removed = sum(1 for a, _, _ in items if a.state == "removed")
        self.replica = replica_id(conn)
        self.detailed = not self.report.new_plan
        self.codes = {r[0]: r[1] for r in conn.execute("SELECT code, label FROM level WHERE plan_id = ?", (pid,))}
        existing = {r["id"]: r for r in conn.execute("SELECT * FROM action WHERE plan_id = ?", (pid,))}
        if existing:
            self.facts = reimport.live_facts(conn, pid)
            self.periods = reimport.live_by_period(conn, pid)
            self.trails = reimport.trails(conn, pid)
            self.section_labels = {r[0]: " ".join(f"{r[1]} {r[2]}".split()) for r in conn.execute(
                "SELECT id, ref, title FROM section WHERE plan_id = ?", (pid,))}
        imported = {i: r for i, r in existing.items() if r["origin"] == "import"}
        matching = Matching() if not imported else match_rows(
            [Row(i, r["ref"], r["text"], r["measure"], r["section_id"] or "", r["lead"], r["due_raw"], r["position"],
                 r["state"] == "active") for i, r in imported.items()],
            [Row(n, a.ref, a.text, a.measure, sid, a.lead, a.due_raw, n) for n, (a, sid, _) in enumerate(items)],
        )
        ids = self._ids(items, matching.pairs, existing)
        if not self.draft.doc_date and any(not e.on_date for a, _, _ in items for e in a.entries):
            self.report.undated_on = self.entry_date
        for n, ((a, sid, path), aid) in enumerate(zip(items, ids, strict=True)):
            values = _values(a, sid, path, n)
            if n in matching.pairs:
                self._update(imported[aid], values)
            else:
                self._insert(aid, values, a)
                if n in matching.ambiguous:
                    self.report.ambiguous += 1
                    self._detail("ambiguous", aid, a.ref, a.text, candidates=tuple(
                        (c, imported[c]["ref"], imported[c]["text"]) for c in matching.ambiguous[n]))
                else:
                    self._detail("added", aid, a.ref, a.text)
            self._entries(aid, a)
        kept = set(matching.pairs.values())
        for aid, row in sorted(imported.items(), key=lambda kv: kv[1]["position"]):
            if aid not in kept and row["state"] == "active":
                conn.execute("UPDATE action SET state = 'removed' WHERE id = ?", (aid,))
                self._trail(aid, "state", "active", "removed")
                self.report.removed += 1
                self._detail("removed", aid, row["ref"], row["text"])

    def _ids(self, items: list, pairs: dict[int, str], existing: dict) -> list[str]:
        """Matched rows keep the stored id; a new row takes its derived id, or one derived from it if that is taken."""
        used = set(existing)
        ids = []
        for n, derived in enumerate(_action_ids(self.pid, items)):
            if n in pairs:
                ids.append(pairs[n])
                continue
            aid, again = derived, 0
            while aid in used:  # e.g. the id of an action at this place before, which matched elsewhere
                again += 1
                aid = derived_id(derived, "again", again)
            used.add(aid)
            ids.append(aid)
        return ids

    def _detail(self, kind: str, aid: str, ref: str, text: str, **more) -> None:
        if self.detailed:
            self.report.details.append(ActionChange(kind, aid, ref, text, **more))

    def _trail(self, aid: str, name: str, old, new, conflict: bool = False) -> None:
        reimport.write_trail(self.conn, aid, name, old, new, stamp=self.stamp, source=self.draft.source,
                             doc_date=self.draft.doc_date, sha256=self.draft.sha256, replica=self.replica,
                             conflict=conflict)
        self.trail_written = True

    def _insert(self, aid: str, values: dict, a: ActionDraft) -> None:
        self.conn.execute(
            f"INSERT INTO action (id, plan_id, lead_norm, origin, replica_id, {', '.join(values)})"
            f" VALUES (?, ?, ?, 'import', ?, {', '.join('?' * len(values))})",
            (aid, self.pid, lead_key(a.lead), self.replica, *values.values()),
        )
        self.report.added += 1

    def _update(self, old: sqlite3.Row, values: dict) -> None:
        """A matched action: a three-way merge of the fields people edit; the document's own fields taken."""
        aid = old["id"]
        sets: dict = {}
        changed: list[str] = []
        conflicts: list[FieldConflict] = []
        rows = self.trails.get(aid, [])
        for name in EDITABLE_FIELDS:
            ours, theirs = old[name], values[name]
            verdict = reimport.merge_field(reimport.base_value(ours, rows, name), ours, theirs)
            if verdict == "take":
                sets[name] = theirs
                changed.append(name)
                self._trail(aid, name, ours, theirs)
            elif verdict == "conflict":
                conflicts.append(FieldConflict(name, ours, theirs))
                self._trail(aid, name, ours, theirs, conflict=True)
        for name in DOCUMENT_FIELDS:
            if old[name] != values[name]:
                sets[name] = values[name]
                if name in REPORTED:
                    changed.append(REPORTED[name])
                    if name == "section_id":
                        self._trail(aid, "section", self.section_labels.get(old[name] or "", ""),
                                    self.section_labels.get(values[name], ""))
                    else:
                        self._trail(aid, name, old[name], values[name])
        if sets:
            if "lead" in sets:
                sets["lead_norm"] = lead_key(sets["lead"])
            self.conn.execute(f"UPDATE action SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                              (*sets.values(), aid))
        if changed or conflicts:
            self.report.changed += 1
            self._detail("changed", aid, sets.get("ref", old["ref"]), sets.get("text", old["text"]),
                         fields=tuple(changed), conflicts=tuple(conflicts))

    def _entries(self, aid: str, a: ActionDraft) -> None:
        """The document's entries for one action: a fact read before is not new; a rating-history column is
        keyed by its period (the same period again adds nothing; a corrected value supersedes the old one)."""
        corrected = []
        for e in a.entries:
            rating = self.adopt.get(e.rating, e.rating)
            if rating is not None and rating not in self.codes:
                raise StoreError(f"action {a.ref or a.text[:30]!r}: rating {e.rating!r} is not on the plan's scale.")
            on_date = e.on_date or self.entry_date
            said = reimport.fact(aid, on_date, rating, e.note)
            if said in self.facts:
                continue
            key = None
            if e.period and self.periods:  # a plan saved before: its periods
                key = reimport.period_key(aid, e.period, on_date, e.on_date is not None)
            prev = self.periods.get(key) if key else None
            verdict = reimport.period_verdict(prev, on_date, rating, e.note)
            if verdict == "same":
                continue
            # an update dated only by the file's time is the same update in every copy of the same document,
            # whenever each copy's file was saved: its id leaves that date out (a merge then doubles nothing)
            file_dated = not e.on_date and not self.draft.doc_date
            note, parts = e.note, (aid, "entry", e.period, "file-dated" if file_dated else on_date, rating, e.note)
            supersedes = None
            if verdict in ("corrects", "redates"):
                supersedes, parts = prev.id, (*parts, "corrects", prev.id)
                note = e.note if e.note.strip() else prev.note  # a blank cell does not take back the progress text
                rating = rating if rating is not None else prev.rating
                on_date = min(on_date, prev.on_date)
            if verdict == "corrects":
                corrected.append((e.period, self.codes.get(prev.rating or "", prev.rating),
                                  self.codes.get(rating or "", rating)))
            eid = derived_id(*parts)
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO entry (id, action_id, on_date, recorded_at, author, rating, note, kind,"
                " origin, period, supersedes, replica_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'update', 'import', ?, ?, ?)",
                (eid, aid, on_date, f"{on_date}T00:00:00+00:00", e.author, rating, note, e.period, supersedes,
                 self.replica),
            )
            self.report.entries_added += cur.rowcount
            self.report.corrected += cur.rowcount if verdict == "corrects" else 0
            self.report.redated += cur.rowcount if verdict == "redates" else 0
            self.facts.add(said)
            if key:
                self.periods[key] = reimport.LiveEntry(eid, on_date, rating, note)
        if corrected:
            row = self.conn.execute("SELECT ref, text FROM action WHERE id = ?", (aid,)).fetchone()
            self._detail("corrected", aid, row["ref"], row["text"], periods=tuple(corrected))


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
