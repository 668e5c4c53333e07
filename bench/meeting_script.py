"""The sort keys and meeting mode in one app run, timed from the terminal (issue 16): what each step waits for is
worked out from the database beforehand, like app_script.py.

Sorts: `s` cycles through every sort order; the clock stops when the first rows of the new order have been painted
(and again when the screen settles). Meeting mode: `m`, the details dialog, enter; next item (→) several times;
the idle meeting screen's CPU share over a few seconds (the clock ticking); `a`, the agenda list.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

IDLE_SECONDS = 5.0
NEXT_MOVES = 4


@dataclass(frozen=True)
class MeetingExpect:
    """What the screen must show at each step."""

    sorts: tuple[tuple[str, tuple[str, ...]], ...]  # (toast word, first refs) per press of s, back to plan order
    agenda: int  # items on the exceptions agenda of a meeting held today


def meeting_expectations(db: Path, today: str) -> MeetingExpect:
    """The first refs under every sort order, and the agenda's length, through the store's own queries."""
    from planreview.store.db import connect
    from planreview.store.meeting_walk import agenda_for
    from planreview.store.queries import SORTS, ActionFilter, find_actions, list_plans
    from planreview.tui.widgets.action_table import SORT_TITLES

    conn = connect(db, readonly=True)
    try:
        plan = list_plans(conn, today)[0].id
        sorts = []
        order = list(SORTS)
        for sort in [*order[1:], order[0]]:
            refs = tuple(f"{a.ref} " for a in find_actions(conn, ActionFilter(plan_id=plan, today=today), sort=sort,
                                                              limit=2))
            sorts.append((f"Sorted by {SORT_TITLES[sort]}", refs))
        count = len(agenda_for(conn, plan, None, today, today=today))
    finally:
        conn.close()
    return MeetingExpect(tuple(sorts), count)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sort_and_meeting(term, expect: MeetingExpect) -> Iterator[tuple[str, float]]:
    """Every sort order once, then a meeting: m to its first item, next items, idle CPU, the agenda list."""
    for toast, _refs in expect.sorts:
        # the toast is posted once the new order's first page has been read and laid out; the refs themselves are
        # not looked for, because Textual sends only the cells of a line that changed ("1.1.10" -> "1.1.18")
        mark = term.mark()
        sent = term.send("s")
        yield "sort -> rows updated", (term.wait_text(mark, toast, timeout=30) - sent) * 1000
        yield "sort -> screen settled", (term.last_frame(mark) - sent) * 1000
    term.settle(2.5)  # the last toast goes
    mark = term.mark()
    sent = term.send("m")
    dialog = term.wait_text(mark, "Start a meeting", "The agenda is", timeout=60)
    yield "m -> meeting dialog", (dialog - sent) * 1000
    term.settle(0.3)
    mark = term.mark()
    entered = term.send("enter")
    first = term.wait_text(mark, f"item 1 of {expect.agenda} ", timeout=60)
    yield "enter -> first meeting item", (first - entered) * 1000
    yield "m -> first meeting item (less the dialog)", (dialog - sent + first - entered) * 1000
    term.settle(0.5)
    for n in range(2, 2 + NEXT_MOVES):
        mark = term.mark()
        sent = term.send("right")
        yield "meeting next item -> shown", (term.wait_text(mark, f"item {n} of {expect.agenda} ", timeout=30)
                                             - sent) * 1000
        yield "meeting next item -> screen settled", (term.last_frame(mark, quiet=0.15) - sent) * 1000
        term.settle(0.3)
    term.settle(0.5)
    pid = term.proc.pid
    cpu, wall = _cpu_seconds(pid), time.perf_counter()
    term.settle(IDLE_SECONDS, limit=IDLE_SECONDS)  # reading what it paints (the clock) for a few seconds
    yield "idle meeting CPU", 100 * (_cpu_seconds(pid) - cpu) / (time.perf_counter() - wall)
    mark = term.mark()
    sent = term.send("a")
    here = 1 + NEXT_MOVES
    shown = term.wait_text(mark, "flagged", f"●{here:>3} ", timeout=60)
    yield "agenda list -> shown", (shown - sent) * 1000
    yield "agenda list -> screen settled", (term.last_frame(mark) - sent) * 1000
    term.send("escape")
    term.settle(0.3)
