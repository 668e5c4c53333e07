"""Inline editor of an action's own fields (lead, due, text, outcome); every change goes to the audit table."""

from __future__ import annotations

from planreview.importers.dates import parse_due
from planreview.store.conflicts import field_base, open_conflicts
from planreview.store.queries import audit_trail
from planreview.store.writes import edit_action_field
from planreview.tui.widgets.detail_pane import audit_text, conflicts_text
from planreview.tui.widgets.form_fields import FormTextArea
from planreview.tui.widgets.form_keys import after_typing, step_focus
from planreview.tui.write_failures import APP_WRITE_ERRORS, failure_text, retry_hint
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static, TextArea

FIELDS = (("lead", "Lead"), ("due_raw", "Due"), ("text", "Action text"), ("outcome", "Outcome"))


class FieldEditor(Vertical):
    """Lead, due, text and outcome of one action; ctrl+s (alt+s, f2) saves the changed ones, escape leaves."""

    DEFAULT_CSS = """
    FieldEditor { height: auto; border: round $accent; padding: 0 1; }
    FieldEditor:focus-within { border: round $success; }
    FieldEditor TextArea { height: 4; }
    FieldEditor #field-audit { height: auto; }
    """

    BINDINGS = [
        Binding("ctrl+s,alt+s,f2", "save", "Save fields", priority=True, tooltip="Save the changed fields",
                id="fields.save"),
        Binding("escape", "leave", "Leave", priority=True, tooltip="Close without saving", id="fields.leave"),
        Binding("tab", "step_field(1)", "Next field", show=False, priority=True, tooltip="The next field",
                id="fields.next_field"),
        Binding("shift+tab", "step_field(-1)", "Previous field", show=False, priority=True,
                tooltip="The previous field", id="fields.previous_field"),
    ]

    def __init__(self, conn, action, *, author: str = "", on_done=None, id: str | None = "field-editor") -> None:
        super().__init__(id=id)
        self.conn, self.action, self.author, self.on_done = conn, action, author, on_done
        self.closing = False  # saved or left: queued saves and leaves do nothing
        # each field's latest edit as the writer sees it now: an edit made meanwhile elsewhere is a conflict
        self.bases = {name: field_base(conn, action.id, name) for name in (*(f for f, _ in FIELDS), "due_date")}
        self.conflicts = [c for c in open_conflicts(conn, action_id=action.id) if c.kind == "field"]
        self.disputed = {c.field for c in self.conflicts}  # saving settles these, with the values shown

    def compose(self):
        if self.conflicts:
            yield Static(conflicts_text(self.conflicts) + Text(
                "Saving settles them with the values below (the standing ones unless you change them).",
                style="bold"), id="field-conflicts")
        for name, title in FIELDS:
            value = getattr(self.action, name) or ""
            widget = (FormTextArea(value, id=f"field-{name}", soft_wrap=True, tab_behavior="focus")
                      if name in ("text", "outcome") else Input(value, id=f"field-{name}"))
            widget.border_title = title
            yield widget
        yield Static(Text("ctrl+s / alt+s / f2 save · escape leave · audit trail below", style="dim"))
        yield Static(audit_text(audit_trail(self.conn, self.action.id)), id="field-audit")

    def on_mount(self) -> None:
        self.border_title = Text(f"Edit {self.action.name}")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # the main screen listens for its own search box's changes

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()

    def focus_first(self) -> None:
        """Focus the first field."""
        self.query_one("#field-lead").focus()

    def value(self, name: str) -> str:
        """The field as typed now."""
        widget = self.query_one(f"#field-{name}")
        return widget.text if isinstance(widget, TextArea) else widget.value

    def action_save(self) -> None:
        """Write each changed field (once the keys typed before ctrl+s are in)."""
        after_typing(self, self._save)

    def action_step_field(self, step: int) -> None:
        """Tab and shift+tab go round the fields."""
        step_focus(self, [self.query_one(f"#field-{name}") for name, _title in FIELDS], step)

    def _save(self) -> None:
        """Write each changed field (one audit row per change)."""
        changed = 0
        try:
            for name, _title in FIELDS:
                new = self.value(name).strip() if name != "text" else self.value(name).rstrip()
                if name == "text" and not new.strip():
                    self.notify("The action text cannot be empty.", severity="error")
                    return
                if edit_action_field(self.conn, self.action.id, name, new, author=self.author, base=self.bases[name],
                                     settle=name in self.disputed):
                    changed += 1
                    if name == "due_raw":
                        due = parse_due(new)
                        edit_action_field(self.conn, self.action.id, "due_date", due or "", author=self.author,
                                          base=self.bases["due_date"])
                        if new and due is None:
                            self.notify(f"Due {new!r} is not a fixed date: this action will not show as overdue.",
                                        severity="warning", timeout=5)
        except APP_WRITE_ERRORS as exc:
            self.notify(f"Not saved: {failure_text(exc)}.{retry_hint(exc, 'Your changes are kept in the fields')}",
                        severity="error", timeout=8)
            return
        self.notify(f"{changed} field{'s' if changed != 1 else ''} changed." if changed else "Nothing changed.",
                    timeout=3)
        self._done(self.action.id if changed else None)

    def action_leave(self) -> None:
        """Close without saving."""
        after_typing(self, lambda: self._done(None))

    def _done(self, changed: str | None) -> None:
        self.closing = True
        self.remove()
        if self.on_done is not None:
            self.on_done(changed)
