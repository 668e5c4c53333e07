"""Keys n, c, u and e of the main screen: write a progress entry, correct one, undo it, edit an action's fields."""

from __future__ import annotations

from planreview.store.conflicts import conflicting_rows, open_conflicts, rating_base
from planreview.store.db import StoreError
from planreview.store.queries import all_drafts, entries, get_action, get_draft, levels
from planreview.store.writes import add_entry, discard_draft, entry_owner, retract_entry, save_draft
from planreview.tui.draft_spill import forget_spilled, spill_draft, spill_path, spilled_drafts
from planreview.tui.widgets.note_editor_widget import NoteEditor
from planreview.tui.write_failures import APP_WRITE_ERRORS, failure_text, retry_hint
from rich.text import Text


class NoteController:
    """Writes what the inline editor asks for: drafts as you type, one entry on save."""

    def __init__(self, screen) -> None:
        self.screen = screen
        self.app = screen.app
        self._last_draft_problem = ""

    def keep_draft(self, editor: NoteEditor) -> None:
        """Write the editor's state as the action's draft."""
        values = {"note": editor.note, "rating": editor.recorded_rating, "on_date": editor.date_text or None,
                  "author": editor.author, "supersedes": editor.supersedes}
        try:
            save_draft(self.app.conn, editor.action_id, **values)
        except APP_WRITE_ERRORS as exc:
            spilled = spill_draft(self.app.db_path, editor.action_id, values)
            where = "kept in a file beside the database" if spilled else "kept on screen only"
            if self._last_draft_problem != str(exc):  # said once, not at every autosave while the file is busy
                self._last_draft_problem = str(exc)
                self.app.notify(f"Draft not written to the database: {failure_text(exc)}; your note is {where}.",
                                severity="warning", timeout=6)
            return
        self._last_draft_problem = ""
        forget_spilled(self.app.db_path, editor.action_id)

    def keep_draft_at_exit(self, editor: NoteEditor) -> None:
        """The app is closing with the editor open: keep the draft through a connection of its own."""
        from planreview.store.db import connect

        try:
            conn = connect(self.app.db_path)
            try:
                save_draft(conn, editor.action_id, **editor.last_values())
            finally:
                conn.close()
        except APP_WRITE_ERRORS:
            spill_draft(self.app.db_path, editor.action_id, editor.last_values())
            return
        self.app.own_write_elsewhere()  # its poll must not refresh screens that are being taken down

    def leave(self, editor: NoteEditor) -> None:
        """Close the editor; a draft with something typed is kept, an untouched one is forgotten."""
        if editor.corrects is not None:
            untouched = editor.unchanged_correction()
        else:
            untouched = not editor.worth_keeping()
        if untouched:
            try:
                discard_draft(self.app.conn, editor.action_id)
            except APP_WRITE_ERRORS:
                pass  # an empty draft left behind is harmless: n opens it empty
        else:
            self.keep_draft(editor)
            self.app.notify("Draft kept; press n on this action to go on.", timeout=3)
        self._close(editor)

    def save(self, editor: NoteEditor) -> None:
        """Validate and record exactly one entry."""
        conn, app = self.app.conn, self.app
        action = get_action(conn, editor.action_id, app.today)
        if action is None:
            app.notify("This action no longer exists.", severity="error")
            return
        note, rating, corrects = editor.note, editor.recorded_rating, editor.corrects
        if corrects is not None and editor.unchanged_correction():
            app.notify("Nothing changed yet: change the note, the rating or the date to correct the entry.",
                       severity="warning")
            editor.focus_note()
            return
        if not note.strip() and rating is None:
            app.notify("Write a note or choose a rating first.", severity="warning")
            editor.focus_note()
            return
        if rating is not None and (corrects is None or rating != corrects.rating) and not note.strip():
            app.notify("The rating changes: write the reason in the note before saving.", severity="warning",
                       title="Why?")
            editor.focus_note()
            return
        on_date, problem = editor.checked_date(app.today)
        if on_date is None:
            app.notify(problem, severity="error")
            editor.query_one("#note-date").focus()
            return
        configured = _configured(app)
        if not editor.author and not configured:
            app.notify("Type your name in the author box first (it is remembered).", severity="warning")
            editor.query_one("#note-author").focus()
            return
        author = editor.author or app.author
        try:
            entry_id = add_entry(conn, action.id, note=note, rating=rating, on_date=on_date, author=author,
                                 supersedes=editor.supersedes, base=None if corrects else editor.base,
                                 resolves=editor.settles if rating is not None and not corrects else ())
        except APP_WRITE_ERRORS as exc:
            self.keep_draft(editor)
            app.notify(f"Not saved: {failure_text(exc)}.{retry_hint(exc, 'Your note is kept in the editor')}",
                       severity="error", timeout=8)
            return
        forget_spilled(app.db_path, action.id)
        _remember_author(app, author)
        app.session_entries.append(entry_id)
        self._close(editor)
        app.data_changed(action.id)
        after = get_action(conn, action.id, app.today)
        what = f"Corrected the entry of {corrects.on_date}" if corrects else "Saved"
        if rating is not None and editor.settles and not corrects:
            what += " (the disputed rating is settled)"
        disputed = " It is disputed: another rating was written from the same starting point." if after.disputed else ""
        app.notify(f"{what} on {action.name}: now {after.letter} {after.rating_label or 'unrated'}. "
                   f"u undoes it.{disputed}", timeout=6 if disputed else 4, markup=False)

    def _close(self, editor: NoteEditor) -> None:
        editor.dirty = False  # saved or kept already: nothing more to write when it unmounts
        editor.closing = True
        self.screen.set_focus(self.screen.table)  # before the removal: one focus change (each one repaints)
        editor.remove()


def _remember_author(app, author: str) -> None:
    """Ask once: the first name typed when none is configured is saved to the config file."""
    if author and not _configured(app):
        from planreview.config import save_author

        try:
            save_author(author)
        except OSError as exc:
            app.notify(f"Could not save the author name: {exc}", severity="warning")
            return
        app.config["author"] = author
        app.author = author
        app.notify(f"Author {author!r} saved in the config file.", timeout=3)


def _configured(app) -> str:
    return str(app.config.get("author", "")).strip()


def _slot(screen):
    return screen.detail.query_one("#editor-slot")


def open_note_editor(screen) -> None:
    """Open the inline entry editor on the selected action (restoring its draft if one is kept)."""
    app = screen.app
    action = _selected(screen)
    if action is None:
        return
    existing = _slot(screen).query(NoteEditor)
    if existing and existing.first().action_id == action.id:
        screen.expect_form()
        existing.first().focus_note()
        return
    draft = get_draft(app.conn, action.id)
    corrects = None
    if draft is not None and draft.supersedes:
        corrects = _live_entries(app.conn, action.id).get(draft.supersedes)
        if corrects is None:
            app.notify("The entry this draft corrected was retracted or corrected meanwhile; the draft opens as "
                       "a new entry.", severity="warning", timeout=6)
    _open_editor(screen, action, draft=draft, corrects=corrects)


def open_correction(screen) -> None:
    """Choose one of the selected action's entries and open the editor on a correction of it."""
    from planreview.tui.screens.entry_picker import EntryPicker

    app = screen.app
    action = _selected(screen)
    if action is None:
        return
    for editor in _slot(screen).query(NoteEditor):
        if editor.action_id == action.id and editor.worth_keeping():
            editor.owner.keep_draft(editor)
    draft = get_draft(app.conn, action.id)
    if draft is not None:
        app.notify("This action has an unsaved draft: press n to go on with it (save it, or empty it and leave) "
                   "before correcting an entry.", severity="warning", timeout=6)
        return
    live = _live_entries(app.conn, action.id)
    if not live:
        app.notify("This action has no entry to correct yet; press n to write one.", severity="warning")
        return

    def chosen(entry_id: str | None) -> None:
        entry = _live_entries(app.conn, action.id).get(entry_id or "")
        if entry is not None:
            _open_editor(screen, action, corrects=entry)

    app.push_screen(EntryPicker(_title(action), list(live.values())), chosen)


def _selected(screen):
    """The selected action, or None with a notice."""
    app = screen.app
    action_id = screen.selected_action_id
    action = get_action(app.conn, action_id, app.today) if action_id else None
    if action is None:
        app.notify("Choose an action first.", severity="warning")
    return action


def _live_entries(conn, action_id: str) -> dict:
    """The action's entries that stand (neither retracted nor corrected), newest first, by id."""
    return {e.id: e for e in entries(conn, action_id) if e.kind == "update" and not e.superseded_by}


def _title(action) -> str:
    return f"{action.ref} {action.text.splitlines()[0] if action.text else ''}".strip()


def _open_editor(screen, action, *, draft=None, corrects=None) -> None:
    """Put an entry editor (new entry, or correction of `corrects`) in the detail pane, restoring a draft."""
    app = screen.app
    slot = _slot(screen)
    for other in slot.query(NoteEditor):
        if other.worth_keeping():
            other.owner.keep_draft(other)  # the draft on the other action stays
    author = app.author
    if not _configured(app):
        author = ""  # asked once: typed here, saved with the first entry
        app.notify("Who is writing? Type your name in the author box; it is remembered.", timeout=4)
    # what the writer sees now is the base of the entry (two windows on one file: the other may write meanwhile)
    base, standing = rating_base(app.conn, action.id)
    settles = tuple(conflicting_rows(app.conn, action.id)) if corrects is None else ()
    seen = None if settles else standing  # a disputed rating is shown as both values; none is preselected
    if corrects is not None:
        kwargs = dict(note=corrects.note, rating=corrects.rating, on_date=corrects.on_date, author=author)
    else:
        kwargs = dict(note="", rating=seen, on_date=app.today, author=author)
    if draft is not None:
        rating = draft.rating if corrects is not None else draft.rating or seen  # a draft keeps only a change
        kwargs = dict(note=draft.note, rating=rating, on_date=draft.on_date or kwargs["on_date"],
                      author=draft.author or author)
        app.notify(f"Draft restored (kept {draft.saved_at[:16].replace('T', ' ')} UTC).", timeout=3)
    editor = NoteEditor(action.id, _title(action), levels(app.conn, action.plan_id), owner=NoteController(screen),
                        corrects=corrects, base=base, seen=seen, settles=settles,
                        disputed=disputed_text(app.conn, action.id) if settles else None, **kwargs)
    screen.expect_form()
    screen.call_later(_replace, screen, slot, editor, editor.focus_note)


def disputed_text(conn, action_id: str) -> Text:
    """The editor's line on a disputed rating: both values, who and when, and how to settle it."""
    out = Text("Disputed rating: ", style="bold")
    sides = {}
    for c in open_conflicts(conn, action_id=action_id):
        if c.kind == "rating":
            for side in c.sides:
                sides[side.id] = side
    out.append(" vs ".join(f"{s.value} ({s.author or '-'}, {s.date})" for s in sides.values()))
    out.append(". Choose the agreed rating to settle it; a note with no rating chosen leaves it open.", style="italic")
    return out


def undo_last_entry(screen) -> None:
    """Retract the newest entry saved in this app session (a retraction entry; nothing is deleted). With none left,
    offer to retract the selected action's latest entry, written before: only after a yes in a dialog."""
    app = screen.app
    saved = app.session_entries
    while saved:
        entry_id = saved.pop()
        owner = entry_owner(app.conn, entry_id)
        if owner is None:
            continue
        action_id, supersedes = owner
        try:
            retract_entry(app.conn, entry_id, author=app.author, reason="Undone in the app")
        except StoreError:
            continue
        except APP_WRITE_ERRORS as exc:
            saved.append(entry_id)  # still to undo: u tries again
            app.notify(f"Not undone: {failure_text(exc)}; press u to try again.", severity="error", timeout=8)
            return
        app.data_changed(action_id)
        if supersedes:
            app.notify("Correction retracted: the entry it corrected stands again (both shown in the history).",
                       timeout=4)
        else:
            app.notify("Entry retracted (shown in the history).", timeout=3)
        return
    _offer_older(screen)


def _offer_older(screen) -> None:
    """Nothing of this session to undo: ask before retracting the selected action's latest entry."""
    from planreview.tui.screens.meeting_dialogs import ConfirmDialog

    app = screen.app
    action_id = screen.selected_action_id
    action = get_action(app.conn, action_id, app.today) if action_id else None
    live = list(_live_entries(app.conn, action.id).values()) if action else []
    if not live:
        app.notify("Nothing saved since the app was opened to undo.", severity="warning")
        return
    older = live[0]
    who = older.author or ("the plan document" if older.origin == "import" else "unknown")
    rating = f", rated {older.rating_label}" if older.rating_label else ""
    first = (older.note.strip().splitlines() or [""])[0]

    def answered(yes: bool | None) -> None:
        if not yes:
            app.notify("Nothing retracted.", timeout=2)
            return
        try:
            retract_entry(app.conn, older.id, author=app.author, reason="Retracted in the app")
        except APP_WRITE_ERRORS as exc:
            app.notify(f"Not retracted: {failure_text(exc)}.", severity="error")
            return
        app.data_changed(action.id)
        app.notify(f"The entry of {older.on_date} on {action.name} is retracted (shown in the history).",
                   timeout=4, markup=False)

    app.push_screen(ConfirmDialog(
        "Retract an earlier entry?",
        f"Nothing was saved since the app was opened, so u has nothing of yours to undo. Retract the latest entry "
        f"on {action.name}, written before this session ({older.on_date}, {who}{rating}: {first[:80]})? It stays "
        "in the history, marked retracted.",
    ), answered)


def open_field_editor(screen) -> None:
    """Edit the selected action's lead, due date, text and outcome inline (each change audited)."""
    from planreview.tui.widgets.field_editor import FieldEditor

    app = screen.app
    action_id = screen.selected_action_id
    action = get_action(app.conn, action_id, app.today) if action_id else None
    if action is None:
        app.notify("Choose an action first.", severity="warning")
        return
    slot = _slot(screen)
    editor = FieldEditor(app.conn, action, author=app.author, on_done=lambda changed: _fields_done(screen, changed))
    screen.expect_form()
    screen.call_later(_replace, screen, slot, editor, editor.focus_first)


async def _replace(screen, slot, widget, focus) -> None:
    """Put one editor in the detail pane's slot (after the previous one is gone) and focus it."""
    await slot.remove_children()
    await slot.mount(widget)
    screen.detail.scroll_home(animate=False)
    focus()


def _fields_done(screen, changed: str | None) -> None:
    if changed:
        screen.app.data_changed(changed)
    screen.table.focus()


def draft_notice(app) -> None:
    """At start: put back drafts that only a file could keep, then say which actions have unsaved drafts (press n
    on one to restore it)."""
    _restore_spilled(app)
    drafts = all_drafts(app.conn)
    if not drafts:
        return
    refs = []
    for d in drafts[:5]:
        action = get_action(app.conn, d.action_id)
        name = action.name if action else d.action_id
        refs.append(f"{name} (a correction)" if d.supersedes else name)
    more = f" and {len(drafts) - 5} more" if len(drafts) > 5 else ""
    app.notify(f"Unsaved drafts on {', '.join(refs)}{more}: select the action and press n to restore.",
               title="Drafts kept", timeout=10)


def _restore_spilled(app) -> None:
    """Drafts kept in the spill file while the database could not be written go back into the database."""
    waiting = spilled_drafts(app.db_path)
    for action_id, values in waiting.items():
        if get_action(app.conn, action_id) is None:
            forget_spilled(app.db_path, action_id)
            continue
        try:
            save_draft(app.conn, action_id, **values)
        except APP_WRITE_ERRORS as exc:
            app.notify(f"{len(waiting)} unsaved draft{'s are' if len(waiting) != 1 else ' is'} kept in "
                       f"{spill_path(app.db_path)}: {failure_text(exc)}; they are put back once it can be written.",
                       severity="warning", timeout=10)
            return
        forget_spilled(app.db_path, action_id)
