"""What the benchmark does in the app and what it waits for, worked out from the database beforehand.

Rows are recognised by their refs (the generator's refs are unique, like "3.2.17"), followed by a space
so that "1.1.1" is not found inside "1.1.10". Keys are the defaults of DESIGN.md.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SEARCH_CANDIDATES = "qzxkvjwy"
MAX_REF = 6  # the ref column is 6 cells wide in a 160-column terminal; longer refs end in an ellipsis


@dataclass(frozen=True)
class Expect:
    """Refs the screen must show at each step."""

    first_rows: tuple[str, ...]  # the first rows of the unfiltered list
    red_rows: tuple[str, ...]  # the first rows once the red band filter is on
    search_key: str  # one letter that changes the list
    search_rows: tuple[str, ...]  # the first rows once that letter is typed in the search box
    next_row: str  # the second row (the cursor moves onto it)
    details: tuple[str, str]  # the detail pane's heading for the first and the second row
    red_first_id: str  # the action selected after the red filter goes on and off again
    total: int = 0  # the plan's actions (the table's title says "Actions (N)" once counted)


def _cells(refs) -> tuple[str, ...]:
    return tuple(f"{r} " for r in refs)


def expectations(db: Path, shown: int = 2) -> Expect:
    """Read the refs the screen should show from the database, through the store's own queries."""
    from planreview.store.db import connect
    from planreview.store.queries import ActionFilter, count_actions, find_actions, list_plans
    from planreview.store.records import BAND_LETTERS

    conn = connect(db, readonly=True)
    try:
        plan = list_plans(conn)[0].id

        def refs(flt: ActionFilter, n: int) -> list[str]:
            return [a.ref for a in find_actions(conn, flt, limit=n)]

        first_two = find_actions(conn, ActionFilter(plan_id=plan), limit=2)
        total = count_actions(conn, ActionFilter(plan_id=plan))
        top = refs(ActionFilter(plan_id=plan), 8)
        if any(len(r) > MAX_REF for r in top[:3]):
            raise ValueError(f"the first refs {top[:3]} are longer than the table's ref column")
        red_actions = find_actions(conn, ActionFilter(plan_id=plan, bands=frozenset({"red"})), limit=shown)
        red = [a.ref for a in red_actions]
        key, found = SEARCH_CANDIDATES[0], []
        for letter in SEARCH_CANDIDATES:
            found = refs(ActionFilter(plan_id=plan, search=letter), shown)
            if len(found) == shown and not set(found) & set(top) and all(len(r) <= MAX_REF for r in found):
                key = letter
                break
    finally:
        conn.close()
    details = tuple(f"{a.ref}  {BAND_LETTERS.get(a.band, '-')} {a.rating_label or 'not rated'}" for a in first_two)
    return Expect(_cells(top[:3]), _cells(red), key, _cells(found), f"{top[1]} ", details, red_actions[0].id,
                  total)


class AppScript:
    """The keys of one app run and the timings they give (milliseconds)."""

    def __init__(self, expect: Expect) -> None:
        self.expect = expect
        self.first_rows = expect.first_rows[:3]

    def interact(self, term, run: int) -> Iterator[tuple[str, float]]:
        """Cursor moves, band filter on/off, one search keystroke and back, a note save."""
        e = self.expect
        for key, detail in (("down", e.details[1]), ("up", e.details[0])) * 2:
            mark = term.mark()
            sent = term.send(key)
            yield "cursor key -> frame", (term.wait_frame(mark) - sent) * 1000
            yield "cursor key -> detail pane shows the action", (term.wait_text(mark, detail, timeout=10) - sent) * 1000
            yield "cursor key -> screen settled", (term.last_frame(mark, quiet=0.15) - sent) * 1000
        for key, rows in (("1", e.red_rows), ("1", e.first_rows[:2])):
            mark = term.mark()
            sent = term.send(key)
            yield "band filter key -> rows updated", (term.wait_text(mark, *rows, timeout=30) - sent) * 1000
            yield "band filter key -> screen settled", (term.last_frame(mark) - sent) * 1000
        yield from self.outside_note(term, run)
        term.send("/")
        term.settle(0.3)
        for key, rows in ((e.search_key, e.search_rows), ("backspace", e.first_rows[:2])):
            mark = term.mark()
            sent = term.send(key)
            yield "search keystroke -> rows updated", (term.wait_text(mark, *rows, timeout=30) - sent) * 1000
            yield "search keystroke -> screen settled", (term.last_frame(mark) - sent) * 1000
        term.send("escape")
        term.settle(0.4)
        yield from self.note_save(term, run)

    def outside_note(self, term, run: int) -> Iterator[tuple[str, float]]:
        """`planreview note` from another process on the selected action: time until the app shows it."""
        token = f"outsidenote{run}"
        db = term.argv[-1]
        done = subprocess.run([sys.executable, "-m", "planreview", "note", self.expect.red_first_id, "--text", token,
                               "--db", db], env=term.env, capture_output=True, text=True)
        committed = time.perf_counter()
        if done.returncode:
            raise NotAvailable(f"planreview note failed: {done.stderr.strip()[:200]}")
        mark = term.mark()
        yield "note from another process -> shown", (term.wait_text(mark, token, timeout=10) - committed) * 1000
        term.settle(0.3)

    def note_save(self, term, run: int) -> Iterator[tuple[str, float]]:
        """n, type a note, ctrl+s: time until the note shows in the history and the screen settles."""
        token = f"benchnote{run}x{len(self.expect.first_rows)}"
        mark = term.mark()
        term.send("n")
        term.settle(0.4)
        if "not available" in term.text(mark):
            raise NotAvailable("the note editor (tui.note_editor) is not available yet")
        term.send(token)
        term.settle(0.3)
        mark = term.mark()
        sent = term.send("ctrl+s")
        yield "note save -> history shows the note", (term.wait_text(mark, token, timeout=15) - sent) * 1000
        yield "note save -> row, header, history updated", (term.last_frame(mark) - sent) * 1000


def probe_saves(term, count: int = 3) -> Iterator[tuple[str, float]]:
    """f9 in bench/save_probe.py: a rated entry saved and every view refreshed, as the editor's ctrl+s does."""
    for n in range(count):
        mark = term.mark()
        sent = term.send(b"\x1b[20~")  # f9
        shown = term.wait_text(mark, f"benchprobe{n}", timeout=15)
        yield "note save probe (f9) -> history shows it", (shown - sent) * 1000
        yield "note save probe (f9) -> screen settled", (term.last_frame(mark, quiet=0.3) - sent) * 1000


class NotAvailable(Exception):
    """A part of the app the script needs is not there (yet)."""
