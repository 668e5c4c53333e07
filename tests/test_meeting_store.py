"""Meetings in the store: the exceptions agenda, items, decisions, resuming, the summary and the minutes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from planreview.cli.opening import open_db
from planreview.exporters.minutes import export_minutes, minutes_html, minutes_markdown
from planreview.store import meetings as M
from planreview.store.db import StoreError
from planreview.store.queries import ActionFilter, find_actions
from planreview.store.records import Level
from planreview.store.writes import add_entry, edit_action_field

TODAY = "2026-11-22"


@pytest.fixture
def conn(tmp_path):
    c = open_db(tmp_path / "t.db")
    yield c
    c.close()


def pid(conn) -> str:
    return conn.execute("SELECT id FROM plan").fetchone()[0]


def ref_of(conn, action_id: str) -> str:
    return conn.execute("SELECT ref FROM action WHERE id = ?", (action_id,)).fetchone()[0]


def by_ref(conn, ref: str) -> str:
    return conn.execute("SELECT id FROM action WHERE ref = ?", (ref,)).fetchone()[0]


def test_exceptions_agenda_is_red_then_amber_then_overdue_then_worsened_in_plan_order(conn):
    plan = pid(conn)
    edit_action_field(conn, by_ref(conn, "2.5"), "due_date", "2026-10-01")  # green and now overdue
    assert M.band_on(conn, by_ref(conn, "4.1"), "2026-10-15") == "blue"
    add_entry(conn, by_ref(conn, "4.1"), note="Evidence did not hold up", rating="3", on_date="2026-11-20",
              author="Tester")
    assert M.band_on(conn, by_ref(conn, "2.6"), "2026-10-15") == "blue"
    add_entry(conn, by_ref(conn, "2.6"), note="Panel lapsed", rating="3", on_date="2026-11-20", author="Tester")
    add_entry(conn, by_ref(conn, "1.6"), note="Still red", rating="1", on_date="2026-11-20", author="Tester")
    found = M.agenda(conn, plan, None, "2026-10-15", today=TODAY)
    reasons = [e.reason for e in found]
    refs = [ref_of(conn, e.action_id) for e in found]
    # 4.1 is both overdue and worse than at the last meeting: it appears once, in the first group that holds it
    assert reasons == ["red"] * 5 + ["amber"] * 11 + ["overdue", "overdue", "worsened"]
    assert refs[:5] == ["1.6", "3.3", "3.6", "5.5", "5.7"]
    assert refs[-3:] == ["2.5", "4.1", "2.6"]
    assert len(set(refs)) == len(refs)
    positions = {a.id: a.position for a in find_actions(conn, ActionFilter(plan_id=plan))}
    for reason in ("red", "amber"):
        group = [positions[e.action_id] for e in found if e.reason == reason]
        assert group == sorted(group)


def test_without_a_previous_meeting_worsened_means_direction_down(conn):
    found = M.agenda(conn, pid(conn), ActionFilter(plan_id=pid(conn)), None, today=TODAY)
    assert [e.reason for e in found].count("worsened") == 0  # every demo action that went down is amber or red
    assert len(found) == 16


def test_a_filter_makes_the_agenda(conn):
    flt = ActionFilter(plan_id=pid(conn), lead="tom ellery")
    found = M.agenda(conn, pid(conn), flt, None, today=TODAY)
    assert [ref_of(conn, e.action_id) for e in found] == ["2.1", "2.2", "2.3", "2.3a", "2.5"]
    assert {e.reason for e in found} == {"filter"}
    assert M.is_filtered(flt) and not M.is_filtered(ActionFilter(plan_id="x"))


def test_start_record_decide_end_and_resume(conn):
    plan = pid(conn)
    found = M.agenda(conn, plan, None, None, today=TODAY)
    meeting = M.start_meeting(conn, plan, title=" Board ", date=TODAY, chair="Cllr A", items=found)
    assert meeting.title == "Board" and len(meeting.agenda) == 16 and meeting.position == 0
    first = meeting.agenda[0]
    item = M.items(conn, meeting.id)[first]
    assert (item.status, item.band_before, item.rating_before, item.reason) == ("pending", "red", "1", "red")
    M.record_item(conn, meeting.id, first, seconds=42.5, status="walked", flag="escalate", position=3)
    item = M.items(conn, meeting.id)[first]
    assert (item.seconds, item.status, item.flag) == (42.5, "walked", "escalate")
    assert M.open_meeting_to_resume(conn, plan).position == 3
    with pytest.raises(StoreError, match="not on this meeting's agenda"):
        M.record_item(conn, meeting.id, by_ref(conn, "1.1"), seconds=1)
    with pytest.raises(StoreError, match="unknown flag"):
        M.record_item(conn, meeting.id, first, flag="panic")
    with pytest.raises(StoreError, match="not a date"):
        M.add_decision(conn, meeting.id, first, "Do it", due_date="soon")
    M.add_decision(conn, meeting.id, first, "Do it", owner="Grace", due_date="2026-12-01")
    assert [(d.text, d.owner, d.due_date, d.action_ref) for d in M.decisions(conn, meeting.id)] == [
        ("Do it", "Grace", "2026-12-01", "1.6")]
    M.end_meeting(conn, meeting.id)
    assert M.open_meeting_to_resume(conn, plan) is None


def test_a_failed_start_leaves_no_meeting(conn):
    bad = [M.AgendaEntry(by_ref(conn, "1.6"), "red"), M.AgendaEntry("nope", "red")]
    with pytest.raises(StoreError, match="no action"):
        M.start_meeting(conn, pid(conn), title="T", date=TODAY, chair="", items=bad)
    with pytest.raises(StoreError, match="empty"):
        M.start_meeting(conn, pid(conn), title="T", date=TODAY, chair="", items=[])
    assert conn.execute("SELECT count(*) FROM meeting").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM meeting_item").fetchone()[0] == 0


def test_decisions_due_since_the_last_meeting(conn):
    plan = pid(conn)
    act = by_ref(conn, "1.6")
    one = M.start_meeting(conn, plan, title="October", date="2026-10-15", chair="", items=[M.AgendaEntry(act, "red")])
    M.add_decision(conn, one.id, act, "Due before November", due_date="2026-11-01")
    M.add_decision(conn, one.id, act, "Due next year", due_date="2027-01-01")
    M.add_decision(conn, one.id, act, "Was due before October", due_date="2026-10-01")
    M.end_meeting(conn, one.id)
    two = M.start_meeting(conn, plan, title="November", date=TODAY, chair="", items=[M.AgendaEntry(act, "red")])
    assert [d.text for d in M.decisions_due(conn, two)] == ["Due before November"]
    green = by_ref(conn, "2.1")
    M.add_decision(conn, one.id, green, "Count the new carers", due_date="2026-11-15")
    M.add_decision(conn, one.id, by_ref(conn, "2.3"), "Was due before the October meeting", due_date="2026-10-01")
    found = M.agenda(conn, plan, None, "2026-10-15", today=TODAY)
    assert [(ref_of(conn, e.action_id), e.reason) for e in found if e.reason == "due"] == [("2.1", "due")]
    assert [d.meeting_date for d in M.decisions_on_action(conn, act, exclude_meeting=two.id)] == ["2026-10-15"] * 3


def test_summary_and_minutes_show_before_after_notes_decisions_and_escape_user_text(conn, tmp_path):
    plan = pid(conn)
    found = M.agenda(conn, plan, None, None, today=TODAY)[:2]
    meeting = M.start_meeting(conn, plan, title="Board <script>", date=TODAY, chair="*Chair*", items=found)
    a, b = meeting.agenda
    add_entry(conn, a, note="Better [now]", rating="2", origin="meeting", meeting_id=meeting.id, author="Kim")
    add_entry(conn, a, note="Outside the meeting", rating="3", author="Kim")  # not this meeting's
    M.record_item(conn, meeting.id, a, seconds=125, status="walked")
    M.record_item(conn, meeting.id, b, status="skipped", flag="follow up")
    M.add_decision(conn, meeting.id, a, "Check <b>again</b>", owner="Lee", due_date="2027-02-01")
    summary = M.meeting_summary(conn, meeting.id)
    first, second = summary.items
    assert (first.label_before, first.label_after, first.band_after) == ("1 Not started", "2 Started, behind", "amber")
    assert [n.note for n in first.notes] == ["Better [now]"]
    assert (second.rating_changed, second.status, second.flag) == (False, "skipped", "follow up")
    assert summary.walked == 1 and summary.total_seconds == 125
    md = minutes_markdown(summary)
    assert md.startswith("# Board \\<script\\>\n")
    assert "- Rating: R 1 Not started → A 2 Started, behind" in md
    assert "- Note (Kim, 2026-11-22, rated A 2 Started, behind): Better \\[now\\]" in md
    assert "- Time: 2:05" in md and "- Status: skipped" in md and "- Flag: follow up" in md
    assert "Outside the meeting" not in md
    html = minutes_html(summary)
    assert "<script>" not in html and "Board &lt;script&gt;" in html and "Check &lt;b&gt;again&lt;/b&gt;" in html
    written = export_minutes(summary, tmp_path / "out", ("md", "html", "docx"))
    assert [p.name for p in written] == [f"minutes-{TODAY}-board-script-{meeting.id[:6]}{s}"  # the meeting's own
                                         for s in (".md", ".html", ".docx")]
    with pytest.raises(OSError):
        export_minutes(summary, written[0], ("md",))


def test_rating_keys_pick_levels_of_the_plans_scale():
    five = [Level(str(n), f"{n} x", band, "", n) for n, band in
            zip(range(1, 6), ("red", "amber", "green", "blue", "blue"), strict=True)]
    assert M.level_for_key(five, 5).code == "5"
    rag = [Level(c, c, b, "", i) for i, (c, b) in enumerate((("R", "red"), ("A", "amber"), ("G", "green")))]
    assert M.level_for_key(rag, 1).code == "R" and M.level_for_key(rag, 3).code == "G"
    assert M.level_for_key(rag, 4) is None and M.level_for_key(rag, 5) is None


def test_store_meetings_does_not_import_textual_or_docx():
    code = ("import sys, store.meetings, planreview.exporters.minutes; "
            "print(sorted(m for m in ('textual', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
