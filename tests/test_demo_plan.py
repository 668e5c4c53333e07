"""The demo plan that planreview imports on first run: shape, ratings, bands and overdue actions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from planreview.importers.model import ActionDraft, EntryDraft, PlanDraft, iter_actions, iter_sections

from planreview import importers

DEMO = Path(__file__).resolve().parents[1] / "importers" / "demo_plan.json"
TODAY = "2026-11-22"


@pytest.fixture(scope="module")
def plan() -> PlanDraft:
    """The demo plan as the importer reads it."""
    plans = importers.read_plans(DEMO)
    assert len(plans) == 1
    return plans[0]


def current_band(action: ActionDraft, bands: dict[str, str]) -> str:
    """Band of the latest rated entry (by on_date), or "none" when the action was never rated."""
    rated = sorted((e for e in action.entries if e.rating), key=lambda e: e.on_date or "")
    return bands[rated[-1].rating] if rated else "none"


def active_bands(plan: PlanDraft) -> dict[str, str]:
    """Current band of every active action, by ref."""
    bands = {level.code: level.band for level in plan.scale}
    return {a.ref: current_band(a, bands) for a in iter_actions(plan) if a.state == "active"}


def test_current_band_uses_latest_rated_entry():
    bands = {"1": "red", "3": "green"}
    action = ActionDraft(
        ref="x",
        entries=[
            EntryDraft(on_date="2026-09-30", rating="3"),
            EntryDraft(on_date="2026-08-31", rating="1"),
            EntryDraft(on_date="2026-10-31", rating=None, note="no rating this month"),
        ],
    )
    assert current_band(action, bands) == "green"
    assert current_band(ActionDraft(ref="y"), bands) == "none"


def test_plan_header(plan):
    assert plan.title == "Children's Services Improvement Plan 2026-27"
    assert plan.authority == "Harrowfield Borough Council"
    assert plan.doc_date == "2026-11-02"
    assert plan.source == "demo_plan.json"


def test_five_priorities_some_with_objectives(plan):
    assert [s.kind for s in plan.sections] == ["priority"] * 5
    assert [s.ref for s in plan.sections] == ["1", "2", "3", "4", "5"]
    assert all(s.title and s.body for s in plan.sections)
    objectives = [s for s in iter_sections(plan) if s.kind == "objective"]
    assert 2 <= len(objectives) <= 6
    assert sum(1 for s in plan.sections if s.children) >= 2


def test_scale_has_five_levels_mapped_to_bands(plan):
    assert [(lv.code, lv.band) for lv in plan.scale] == [
        ("1", "red"),
        ("2", "amber"),
        ("3", "green"),
        ("4", "blue"),
        ("5", "blue"),
    ]
    assert [lv.label for lv in plan.scale][:2] == ["1 Not started", "2 Started, behind"]
    assert all(lv.meaning.endswith(".") for lv in plan.scale)


def test_actions_count_refs_and_fields(plan):
    actions = list(iter_actions(plan))
    assert 30 <= len(actions) <= 40
    refs = [a.ref for a in actions]
    assert len(set(refs)) == len(refs)
    assert "2.3a" in refs
    assert all(60 <= len(a.text) <= 300 for a in actions)
    assert all(a.outcome and a.measure and a.lead and a.owner and a.due_raw for a in actions)
    assert [a.ref for a in actions if a.state == "removed"] == ["2.4"]
    leads = Counter(a.lead for a in actions)
    assert sum(1 for lead in leads if " / " in lead) >= 2
    assert max(leads.values()) >= 3


def test_due_dates_mostly_parse_some_relative(plan):
    actions = list(iter_actions(plan))
    relative = [a.due_raw for a in actions if a.due_date is None]
    assert {"Ongoing", "6 months"} <= set(relative)
    assert len(relative) < len(actions) / 3
    by_ref = {a.ref: a.due_date for a in actions}
    assert by_ref["1.1"] == "2026-09-30"  # "Sept 2026" means the end of the month
    assert by_ref["1.6"] == "2026-09-30"  # "30/09/2026", day first


def test_every_rated_entry_uses_the_scale(plan):
    codes = {lv.code for lv in plan.scale}
    entries = [e for a in iter_actions(plan) for e in a.entries]
    assert len(entries) >= 90
    assert all(e.rating in codes for e in entries if e.rating is not None)
    assert any(e.rating is None for e in entries)  # an update with no rating
    assert {e.on_date for e in entries} == {"2026-08-31", "2026-09-30", "2026-10-31"}
    assert {e.period for e in entries} == {"RAG Aug 26", "RAG Sep 26", "RAG Oct 26"}
    assert all(e.note and e.author for e in entries)


def test_entries_oldest_first_and_written_by_a_lead(plan):
    for action in iter_actions(plan):
        dates = [e.on_date for e in action.entries]
        assert dates == sorted(dates), action.ref
        for entry in action.entries:
            assert entry.author in action.lead.split(" / "), action.ref


def test_unrated_actions_have_no_entries(plan):
    never = [a.ref for a in iter_actions(plan) if not a.entries]
    assert 1 <= len(never) <= 2


def test_every_band_is_represented_in_the_planned_mix(plan):
    mix = Counter(active_bands(plan).values())
    assert set(mix) == {"red", "amber", "green", "blue", "none"}
    assert 4 <= mix["red"] <= 6
    assert 10 <= mix["amber"] <= 12
    assert 10 <= mix["green"] <= 12
    assert 5 <= mix["blue"] <= 7
    assert 1 <= mix["none"] <= 2


def test_several_actions_are_overdue_and_delivered_ones_are_not(plan):
    bands = active_bands(plan)
    due = {a.ref: a.due_date for a in iter_actions(plan) if a.state == "active"}
    past = [ref for ref, d in due.items() if d and d < TODAY]
    overdue = [ref for ref in past if bands[ref] != "blue"]
    delivered_late = [ref for ref in past if bands[ref] == "blue"]
    assert len(overdue) >= 3
    assert any(bands[ref] == "red" for ref in overdue)
    assert len(delivered_late) >= 2


def test_ratings_move_between_reviews(plan):
    codes = [[e.rating for e in a.entries if e.rating] for a in iter_actions(plan) if a.state == "active"]
    improved = [c for c in codes if len(c) >= 2 and c[-1] > c[-2]]
    worsened = [c for c in codes if len(c) >= 2 and c[-1] < c[-2]]
    stuck_red = [c for c in codes if c and set(c) == {"1"}]
    assert len(improved) >= 5 and len(worsened) >= 3 and len(stuck_red) >= 1


def test_notes_carry_bracketed_text_literally(plan):
    notes = " ".join(e.note for a in iter_actions(plan) for e in a.entries)
    assert "[red]" in notes
    assert "[/]" in notes
    assert "50% [of target]" in notes


def test_kpis_attached_to_priorities(plan):
    kpis = [(s.ref, k) for s in plan.sections for k in s.kpis]
    assert 3 <= len(kpis) <= 4
    assert {ref for ref, _ in kpis} >= {"1", "2", "3"}
    for _, kpi in kpis:
        assert kpi.polarity in {"higher is better", "lower is better"}
        assert kpi.baseline and kpi.comparator
        assert [p for p, _ in kpi.values] == ["Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026"]
        assert all(float(v) >= 0 for _, v in kpi.values)
