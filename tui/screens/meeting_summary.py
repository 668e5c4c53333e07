"""The end-of-meeting summary: items walked, ratings changed, decisions, flags, time per item, minutes written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from planreview.exporters.minutes import MINUTES_FORMATS, STATUS_TEXT, clock_text, export_minutes, plural
from planreview.store.meetings import MeetingSummary, meeting_summary, short_text
from planreview.tui.screens.meeting_dialogs import FolderDialog
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from planreview.bands import rating_words


def write_minutes(conn: sqlite3.Connection, meeting_id: str, folder: str | Path) -> tuple[list[Path], str]:
    """Write the minutes files into a folder; return the paths and an error sentence ('' when fine)."""
    try:
        return export_minutes(meeting_summary(conn, meeting_id), folder, MINUTES_FORMATS), ""
    except (OSError, ValueError) as exc:
        return [], f"The minutes could not be written to {folder}: {exc}."


def _line(out: Text, name: str, rest: str) -> None:
    """One indented line of the summary: the item's name in bold, then the rest (user text, literal)."""
    out.append("  ")
    if name:
        out.append(name, style="bold")
        out.append(": ")
    out.append(rest + "\n")


def summary_text(summary: MeetingSummary) -> Text:
    """The summary as one Text: counts, ratings changed, decisions, flags (user text literal)."""
    m = summary.meeting
    names = {i.action_id: i.name for i in summary.items}
    out = Text()
    out.append(f"{m.title}\n", style="bold")
    out.append(f"{m.date}" + (f" · chair: {m.chair}" if m.chair else "") + "\n\n")
    out.append(f"Items discussed: {summary.walked} of {len(summary.items)}", style="bold")
    counts = {status: sum(1 for i in summary.items if i.status == status)
              for status in ("passed", "skipped", "pending")}
    out.append(f" (passed {counts['passed']}, skipped {counts['skipped']}, not reached {counts['pending']})"
               f" · total time {clock_text(summary.total_seconds)}\n\n")
    out.append(f"Ratings changed: {len(summary.changed)}\n", style="bold")
    for i in summary.changed:
        before, after = rating_words(i.band_before, i.label_before), rating_words(i.band_after, i.label_after)
        reasons = [n.note for n in i.notes if n.rating_label]
        _line(out, i.name, f"{before} → {after}" + (f" — {reasons[-1]}" if reasons else ""))
    out.append(f"\nDecisions: {len(summary.decisions)}\n", style="bold")
    for d in summary.decisions:
        extra = ", ".join(x for x in (f"owner {d.owner}" if d.owner else "", f"due {d.due_date}" if d.due_date else "")
                          if x)
        _line(out, names.get(d.action_id or "", d.action_label), d.text + (f" ({extra})" if extra else ""))
    out.append(f"\nFlags: {len(summary.flagged)}\n", style="bold")
    for i in summary.flagged:
        _line(out, i.name, i.flag)
    if summary.due_since_last:
        out.append(f"\nDecisions due since the last meeting: {len(summary.due_since_last)}\n", style="bold")
        for d in summary.due_since_last:
            owner = f"owner {d.owner}, " if d.owner else ""
            _line(out, d.action_label, f"{d.text} ({owner}due {d.due_date}, agreed {d.meeting_date})")
    return out


def time_table(summary: MeetingSummary, width: int = 120) -> Table:
    """Time per item seen (walked or skipped), with status, rating before/after; a count of the rest; fits `width`."""
    seen = [i for i in summary.items if i.status != "pending" or i.seconds]
    rest = len(summary.items) - len(seen)
    rows = []
    for i in seen:
        change = rating_words(i.band_before, i.label_before)
        if i.rating_changed:
            change += f" → {rating_words(i.band_after, i.label_after)}"
        label = " ".join(x for x in (i.ref, short_text(i.text, 44)) if x)
        status = STATUS_TEXT.get(i.status, i.status) + (f", {i.flag}" if i.flag else "")
        rows.append((str(i.number), label, status, change, clock_text(i.seconds)))
    table = Table(title="Time per item", title_justify="left", expand=False, show_edge=False,
                  caption=f"{plural(rest, 'item')} not reached" if rest else None, caption_justify="left")
    heads = ("#", "item", "status", "rating", "time")  # rating: before, and "→ after" when it changed
    widest = [max([len(head)] + [len(r[n]) for r in rows]) for n, head in enumerate(heads)]
    others = sum(w for n, w in enumerate(widest) if n != 1) + 3 * (len(heads) - 1) + 2
    for n, head in enumerate(heads):
        if head == "item":  # the column that gives way on a narrow screen: cut with an ellipsis, never wrapped
            table.add_column(head, no_wrap=True, overflow="ellipsis", width=max(12, min(widest[n], width - others)))
        else:
            table.add_column(head, justify="right" if head in ("#", "time") else "left")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


class MeetingSummaryScreen(Screen[None]):
    """What the meeting did, and where its minutes were written."""

    DEFAULT_CSS = """
    MeetingSummaryScreen #summary-body { padding: 0 2; border: round $accent; }
    MeetingSummaryScreen #summary-files { height: auto; background: $panel; padding: 0 1; text-style: bold; }
    MeetingSummaryScreen #summary-body > Static { margin-bottom: 1; max-width: 130; }
    """
    BINDINGS = [
        Binding("w", "write_elsewhere", "Write minutes to…", tooltip="Write the minutes into another folder",
                id="meeting_summary.write"),
        Binding("escape,q", "close", "Close", key_display="esc", tooltip="Back to the plan",
                id="meeting_summary.close"),
    ]

    def __init__(self, meeting_id: str, *, written: list[Path] | None = None, error: str = "") -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.written = list(written or [])
        self.error = error

    def compose(self) -> ComposeResult:
        """Where the minutes are, then the summary and the time table."""
        yield Static("", id="summary-files")
        with VerticalScroll(id="summary-body"):
            yield Static("", id="summary-text")
            yield Static("", id="summary-times")
        yield Footer()

    def on_mount(self) -> None:
        """Fill in from the database."""
        summary = meeting_summary(self.app.conn, self.meeting_id)
        body = self.query_one("#summary-body", VerticalScroll)
        body.border_title = "Meeting summary"
        self.query_one("#summary-text", Static).update(summary_text(summary))
        self.summary = summary
        self.query_one("#summary-times", Static).update(time_table(summary, self._table_width()))
        self.show_files()
        body.focus()

    def _table_width(self) -> int:
        return min(130, self.app.size.width - 8)  # less the body's border, padding and scroll bar

    def on_resize(self) -> None:
        """Fit the time table to the new width."""
        if getattr(self, "summary", None) is not None:
            self.query_one("#summary-times", Static).update(time_table(self.summary, self._table_width()))

    def files_text(self) -> Text:
        """Where the minutes were written (or why not)."""
        if self.error:
            return Text(self.error + " Press w to choose another folder.")
        if not self.written:
            return Text("No minutes written yet; press w to choose a folder.")
        folder = self.written[0].parent
        return Text(f"Minutes written to {folder}: " + ", ".join(p.name for p in self.written))

    def show_files(self) -> None:
        """Refresh the line that says where the minutes are."""
        self.query_one("#summary-files", Static).update(self.files_text())

    def action_write_elsewhere(self) -> None:
        """Ask for a folder and write the minutes there too."""
        def chosen(folder: str | None) -> None:
            if not folder:
                return
            self.written, self.error = write_minutes(self.app.conn, self.meeting_id, folder)
            self.show_files()
            if self.written:
                self.notify(f"Minutes written to {self.written[0].parent}.")

        start = str(self.written[0].parent) if self.written else str(Path.cwd())
        self.app.push_screen(FolderDialog(start), chosen)

    def action_close(self) -> None:
        """Back to where the meeting was started from."""
        self.app.pop_screen()
