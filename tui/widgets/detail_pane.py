"""The detail pane: everything about the selected action, its progress history and its priority's KPIs."""

from __future__ import annotations

import sqlite3

from planreview.store.action_record import RecordItem, decisions_and_flags
from planreview.store.conflicts import Conflict, open_conflicts
from planreview.store.queries import audit_trail, breadcrumb, entries, get_action, kpis, levels, section_titles
from planreview.store.records import Action, AuditRecord, Entry, Kpi, entry_directions
from planreview.tui.widgets.ratings import arrow, rating_text
from planreview.tui.widgets.sparkline import sparkline
from rich.text import Text
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.widgets import Static

FIELD_NAMES = {"due_raw": "due", "due_date": "due date (read as)", "text": "action text",
               "owner": "responsible officer", "extra": "other columns"}


def _field(out: Text, name: str, value: str) -> None:
    """'Name: value' on its own line; a value's further lines are indented under it."""
    lines = [ln.strip() for ln in (value or "").strip().splitlines() if ln.strip()]
    if lines:
        out.append(f"{name.rstrip(' .:')}: ", style="bold")
        out.append("\n  ".join(lines))
        out.append("\n")


def action_heading(action: Action) -> Text:
    """'1.6  R 1 Not started ↓  OVERDUE' with the action's first line."""
    out = Text()
    out.append(action.ref or "(no ref)", style="bold")
    out.append("  ")
    out.append_text(rating_text(action.band, action.rating_label or "not rated"))
    if action.direction:
        out.append(f" {arrow(action.direction)}", style="bold")
    if action.overdue:
        out.append("  ! OVERDUE", style="bold #ff5f5f")
    if action.state != "active":
        out.append("  (removed from the plan)", style="italic")
    if action.disputed:
        out.append("  ≠ DISPUTED", style="bold reverse")
    return out


def rating_line(action: Action, meaning: str = "") -> str:
    """'4 Delivered since 2026-10-31: the scale's meaning of that level' ('' when not rated)."""
    if not action.rating_label:
        return ""
    since = f" since {action.rated_on}" if action.rated_on else ""
    meaning = " ".join(meaning.split())
    return f"{action.rating_label}{since}" + (f": {meaning}" if meaning and meaning != action.rating_label else "")


def action_body(action: Action, crumbs: list[str], history: list[Entry], kpi_list: list[Kpi],
                meaning: str = "", edits: list[AuditRecord] | None = None, record: Text | None = None) -> Text:
    """The full detail of an action as Text (user text literal); `meaning`: what its rating's level means."""
    out = Text()
    if crumbs:
        out.append(" › ".join(crumbs), style="italic")
        out.append("\n")
    out.append(action.text.strip() or "(no text)")
    out.append("\n\n")
    _field(out, "Outcome", action.outcome)
    _field(out, "Success measure", action.measure)
    _field(out, "Lead", action.lead)
    _field(out, "Responsible officer", action.owner)
    due = action.due_raw.strip()
    if action.due_date and due and due != action.due_date:
        due = f"{due} (read as {action.due_date})"
    elif action.due_date:
        due = action.due_date
    elif due:
        due = f"{due} (no fixed date)"
    _field(out, "Due", due + ("  ! overdue" if action.overdue else ""))
    _field(out, "Tags", ", ".join(action.tags))
    _field(out, "Rating", rating_line(action, meaning))
    for key, value in sorted(action.extra.items()):
        _field(out, key.replace("_", " ").capitalize(), str(value))
    out.append("\n")
    out.append_text(history_text(history))
    if record:  # decisions, flags and open conflicts: part of the action's record, beside its history
        out.append("\n")
        out.append_text(record)
    if edits:
        out.append("\n")
        out.append(f"Edits of this action's fields ({len(edits)}, newest first)\n", style="bold underline")
        out.append_text(audit_text(edits))
    if kpi_list:
        out.append("\n")
        out.append_text(kpi_text(kpi_list))
    return out


def history_text(history: list[Entry]) -> Text:
    """The progress history, newest first: date, rating, direction, author, note; retractions marked."""
    out = Text()
    out.append(f"Progress history ({len(history)}, newest first)\n", style="bold underline")
    if not history:
        out.append("No progress entries yet.\n", style="italic")
        return out
    dirs = entry_directions(history)
    by_id = {e.id: e for e in history}
    for e in history:
        target = by_id.get(e.supersedes or "")
        target_date = target.on_date if target else "an earlier day"
        out.append(e.on_date, style="bold")
        out.append("  ")
        if e.kind == "retraction":
            out.append(f"✗ RETRACTS the entry of {target_date}", style="bold")
        elif e.rating:
            out.append_text(rating_text(e.band, e.rating_label or e.rating))
            out.append(f" {arrow(dirs.get(e.id, ''))}", style="bold")
        else:
            out.append("note", style="italic")
        if e.kind == "update" and e.supersedes:
            out.append(f"  ✎ CORRECTS the entry of {target_date}", style="bold")
        if e.author:
            out.append(f"  {e.author}", style="italic")
        if e.origin and e.origin not in ("edit",):
            out.append(f"  ({e.origin})", style="dim")
        if e.superseded_by:
            by = by_id.get(e.superseded_by)
            out.append("  [retracted]" if by is None or by.kind == "retraction" else "  [corrected]", style="bold")
        out.append("\n")
        if e.note.strip():
            for line in e.note.strip().splitlines():
                out.append(f"    {line}\n", style="strike" if e.superseded_by else "")
    return out


def conflicts_text(found: list[Conflict]) -> Text:
    """Open conflicts, each with both values, who wrote them, when, and which stands for now ('' when none)."""
    out = Text()
    if not found:
        return out
    out.append(f"≠ Disputed ({len(found)} open conflict{'s' if len(found) != 1 else ''})\n", style="bold underline")
    for c in found:
        what = "Rating" if c.kind == "rating" else f"{FIELD_NAMES.get(c.field, c.field).capitalize()}"
        out.append(f"{what} changed twice from the same starting point (neither writer saw the other):\n",
                   style="bold")
        for side in c.sides:
            lines = (side.value or "").strip().splitlines()
            out.append(f"    {lines[0] if lines else '(empty)'}")
            out.append(f"  {side.author or '-'}, {side.date}, copy {side.replica_id[:6]}", style="italic")
            out.append("  ← stands for now (the later)\n" if side.id == c.standing.id else "\n", style="bold")
        if c.standing_is_newer:
            now = (c.standing.value or "").strip().splitlines()
            out.append(f"    Stands now: {now[0] if now else '(empty)'}", style="bold")
            out.append(f"  {c.standing.author or '-'}, {c.standing.date}, written since on one side\n", style="italic")
    how = ("Settle a rating by writing the agreed one (n); a field by editing it (e). Both entries are kept.")
    out.append(f"{how}\n\n", style="dim")
    return out


def record_text(items: list[RecordItem], today: str) -> Text:
    """Decisions and flags from meetings, newest first: date, kind, text, owner, due, open/done/overdue."""
    out = Text()
    if not items:
        return out
    decisions = sum(1 for r in items if r.kind == "decision")
    out.append(f"Decisions and flags ({decisions} decision{'s' if decisions != 1 else ''}, "
               f"{len(items) - decisions} flag{'s' if len(items) - decisions != 1 else ''})\n",
               style="bold underline")
    for r in items:
        out.append(r.date, style="bold")
        if r.kind == "flag":
            out.append("  ⚑ FLAG: ", style="bold")
            out.append(r.text)
        else:
            state = "done" if r.closes or not r.open else "OVERDUE" if r.overdue(today) else "open"
            out.append(f"  DECISION ({state}): ", style="bold")
            out.append(r.text)
            extra = ", ".join(x for x in (r.owner, f"due {r.due}" if r.due else "") if x)
            if extra:
                out.append(f" ({extra})")
        out.append(f"  at '{r.meeting_title}'\n" if r.meeting_title else "\n", style="dim")
    return out


def audit_text(records: list[AuditRecord]) -> Text:
    """The audit trail as literal text: when, who (or which document re-imported), field, old -> new (first lines).

    A field conflict (edited here and changed in the document) says which value was kept and what the document
    says, in words.
    """
    out = Text()
    for r in records:
        who = r.author or "-"
        if r.origin == "import":
            who = f"re-import of {r.source or 'a document'}" + (f" ({r.doc_date})" if r.doc_date else "")
        out.append(f"{r.at[:16].replace('T', ' ')}  {who}  {FIELD_NAMES.get(r.field, r.field)}: ", style="dim")
        old = r.old.splitlines()[0] if r.old else "∅"
        new = r.new.splitlines()[0] if r.new else "∅"
        if r.conflict:
            out.append(f"kept {old} (edited here); the document says {new}")
            out.append("  ! field conflict\n", style="bold")
        else:
            out.append(f"{old} -> {new}\n")
    return out or Text("No edits recorded.\n", style="dim")


def kpi_text(kpi_list: list[Kpi]) -> Text:
    """The priority's KPIs: indicator, a sparkline, the values by period and the latest."""
    out = Text()
    out.append("KPIs of this priority\n", style="bold underline")
    for k in kpi_list:
        values = [v for _, v in k.values]
        out.append(k.indicator, style="bold")
        out.append("\n    ")
        line = sparkline(values)
        if line:
            out.append(line, style="bold")
            out.append("  ")
        out.append("  ".join(f"{p} {v}" for p, v in k.values) or "no values")
        extras = [f"{name} {value}" for name, value in (("baseline", k.baseline), ("comparator", k.comparator),
                                                         ("polarity", k.polarity)) if value]
        if extras:
            out.append("\n    " + " · ".join(extras), style="dim")
        out.append("\n")
    return out


class DetailPane(VerticalScroll, can_focus=True, inherit_bindings=False):
    """Detail of the selected action; #editor-slot is where the inline note editor mounts."""

    BINDINGS = [
        Binding("up,k", "scroll_up", "Up", show=False, tooltip="Scroll the detail up", id="detail.up"),
        Binding("down,j", "scroll_down", "Down", show=False, tooltip="Scroll the detail down", id="detail.down"),
        Binding("pageup", "page_up", "Page up", show=False, tooltip="One screen up", id="detail.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, tooltip="One screen down", id="detail.page_down"),
        Binding("home,g", "scroll_home", "Top", show=False, tooltip="The top of the detail", id="detail.top"),
        Binding("end,G", "scroll_end", "End", show=False, tooltip="The end of the detail (oldest history)",
                id="detail.end"),
    ]

    def __init__(self, conn: sqlite3.Connection, today: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.conn = conn
        self.today = today
        self.action_id: str | None = None
        self._titles: dict[str, dict[str, str]] = {}
        self._meanings: dict[str, dict[str, str]] = {}
        self._body_height = -1
        self._title = ""

    def compose(self):
        yield Static(id="detail-heading")
        yield Container(id="editor-slot")
        yield Static(id="detail-body")

    def show_action(self, action_id: str | None) -> None:
        """Show one action (or a hint when there is none)."""
        self.action_id = action_id
        action = get_action(self.conn, action_id, self.today) if action_id else None
        heading, body = self.query_one("#detail-heading", Static), self.query_one("#detail-body", Static)
        title = f"Detail · {action.ref}" if action and action.ref else "Detail"  # stays in view when scrolled
        if title != self._title:
            self._title = title
            self.border_title = Text(title)  # Text: a ref is user text, a str title would be read as markup
        if action is None:
            heading.update(Text("No action selected", style="italic"), layout=False)
            self._update_body(body, Text("Choose an action in the table, or press 0 to clear the filters."))
            return
        titles = self._titles.get(action.plan_id)
        if titles is None:
            titles = self._titles[action.plan_id] = section_titles(self.conn, action.plan_id)
        path_ids = [s for s in action.section_path.strip("/").split("/") if s]
        kpi_list = kpis(self.conn, action.plan_id, path_ids) if path_ids else []
        heading.update(action_heading(action), layout=False)
        meanings = self._meanings.get(action.plan_id)
        if meanings is None:
            meanings = {lv.code: lv.meaning for lv in levels(self.conn, action.plan_id)}
            self._meanings[action.plan_id] = meanings
        text = action_body(action, breadcrumb(action.section_path, titles), entries(self.conn, action.id), kpi_list,
                           meanings.get(action.rating or "", ""), audit_trail(self.conn, action.id),
                           self._record(action))
        self._update_body(body, text)

    def _record(self, action: Action) -> Text:
        """The action's open conflicts, then its decisions and flags from meetings."""
        found = open_conflicts(self.conn, action_id=action.id) if action.disputed else []
        return conflicts_text(found) + record_text(decisions_and_flags(self.conn, action.id), self.today)

    def _update_body(self, body: Static, text: Text) -> None:
        """New body text; a screen layout only when its height changes (a layout costs ~20 ms here)."""
        width = body.content_region.width
        height = len(text.wrap(self.app.console, width)) if width > 0 else -1
        body.update(text, layout=height != self._body_height or height < 0)
        self._body_height = height

    def forget_titles(self) -> None:
        """Drop cached section titles and level meanings (after a data change from elsewhere)."""
        self._titles.clear()
        self._meanings.clear()

    def refresh_action(self) -> None:
        """Show the current action again (after a data change)."""
        self.show_action(self.action_id)
