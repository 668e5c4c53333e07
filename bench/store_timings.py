"""Store-level timings on one database, run in a fresh process by bench/run.py; prints JSON.

    python bench/store_timings.py DB --repeat 5

What the screen needs per keystroke, without the screen: the first page of a filtered list, its count and
band counts; and a note save followed by the re-queries that refresh the row, header and history.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

PAGE = 60  # rows a tall terminal shows, with some margin


def _page(conn, flt) -> None:
    from planreview.store.queries import band_counts, count_actions, find_actions, overdue_count

    find_actions(conn, flt, limit=PAGE)
    count_actions(conn, flt)
    band_counts(conn, flt)
    overdue_count(conn, flt)


def measure(db: str, repeat: int, search: str) -> dict[str, list[float]]:
    """Milliseconds per operation, `repeat` samples each."""
    from planreview.store.db import connect
    from planreview.store.queries import ActionFilter, entries, find_actions, get_action, list_plans
    from planreview.store.writes import add_entry

    started = time.perf_counter()
    conn = connect(db)
    plan = list_plans(conn)[0]
    base = ActionFilter(plan_id=plan.id)
    out: dict[str, list[float]] = {"open + first page": []}
    _page(conn, base)
    out["open + first page"].append((time.perf_counter() - started) * 1000)
    cases = {
        "filter red": ActionFilter(plan_id=plan.id, bands=frozenset({"red"})),
        "filter red+amber overdue": ActionFilter(plan_id=plan.id, bands=frozenset({"red", "amber"}), overdue=True),
        "search 1 letter": ActionFilter(plan_id=plan.id, search=search[0]),
        "search word": ActionFilter(plan_id=plan.id, search=search),
        "lead filter": ActionFilter(plan_id=plan.id, lead="patel"),
    }
    for name, flt in cases.items():
        out[name] = []
        for _ in range(repeat):
            t = time.perf_counter()
            _page(conn, flt)
            out[name].append((time.perf_counter() - t) * 1000)
    first = find_actions(conn, base, limit=repeat)
    out["add_entry + re-query"] = []
    for n, action in enumerate(first):
        t = time.perf_counter()
        add_entry(conn, action.id, note=f"benchmark note {n}", rating="R", author="bench")
        get_action(conn, action.id)
        entries(conn, action.id)
        _page(conn, base)
        out["add_entry + re-query"].append((time.perf_counter() - t) * 1000)
    out.update(_meeting_timings(conn, plan.id, repeat))
    conn.close()
    return out


def _meeting_timings(conn, plan_id: str, repeat: int) -> dict[str, list[float]]:
    """What meeting mode asks of the store: the agenda (key m), starting the meeting, one move to the next item
    (its view, its item row, the time saved) and one clock tick (the item's status)."""
    from planreview.store.clock import today
    from planreview.store.meetings import agenda, item, record_item, start_meeting
    from planreview.tui.screens.meeting_view import item_view

    out: dict[str, list[float]] = {"meeting: agenda (m)": [], "meeting: start": [], "meeting: next item": [],
                                   "meeting: clock tick": []}
    day = today()
    for n in range(max(1, repeat // 2)):
        t = time.perf_counter()
        entries = agenda(conn, plan_id, today=day)
        out["meeting: agenda (m)"].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        meeting = start_meeting(conn, plan_id, title=f"Bench {n}", date=day, chair="bench", items=entries)
        out["meeting: start"].append((time.perf_counter() - t) * 1000)
    ids = meeting.agenda[: repeat + 1]
    for position, action_id in enumerate(ids[1:], start=1):
        t = time.perf_counter()
        record_item(conn, meeting.id, ids[position - 1], seconds=1.0, position=position)
        item_view(conn, meeting, action_id, day, updates=3)
        item(conn, meeting.id, action_id)
        out["meeting: next item"].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        item(conn, meeting.id, action_id)
        out["meeting: clock tick"].append((time.perf_counter() - t) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the timings of one database as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--search", default="quayside")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.db, args.repeat, args.search)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
