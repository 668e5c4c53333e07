"""Plans whose rows are numbered inspection recommendations (the Southampton seed and a plan of our own)."""

from __future__ import annotations

import pytest
from planreview.importers import read_plans
from planreview.importers import text_recommendations as family
from planreview.importers.model import iter_actions, iter_sections

STEM = "southampton-ofsted-action-plan"


@pytest.fixture
def plan(seed):
    plans = read_plans(seed(STEM))
    assert len(plans) == 1
    return plans[0]


def _by_ref(plan):
    return {a.ref: a for a in iter_actions(plan)}


def test_seed_is_one_plan_with_title_and_authority(plan):
    assert plan.authority == "Southampton City Council"
    assert "Ofsted" in plan.title and "#" not in plan.title and "*" not in plan.title
    assert plan.doc_date is None  # the document prints no date of its own


def test_seed_has_two_bands_and_a_sub_band(plan):
    assert [s.kind for s in plan.sections] == ["band", "band"]
    assert "3 months" in plan.sections[0].title and "6-9 months" in plan.sections[1].title
    assert [c.kind for c in plan.sections[1].children] == ["band"]
    assert plan.sections[0].children == []
    assert len(list(iter_sections(plan))) == 3


def test_seed_has_33_numbered_recommendations_one_removed(plan):
    actions = list(iter_actions(plan))
    assert len(actions) == 33
    assert [a.ref for a in actions if a.state == "removed"] == ["18"]
    assert len(plan.sections[0].actions) == 5  # 13/14 to 18 in the first band
    refs = [a.ref for a in actions]
    assert refs[:4] == ["13/14", "15", "16", "17."]
    assert "37." not in refs and "47." == refs[-1]


def test_seed_is_unrated(plan):
    assert plan.scale == []
    assert all(e.rating is None for a in iter_actions(plan) for e in a.entries)


def test_seed_due_dates(plan):
    actions = _by_ref(plan)
    assert sum(1 for a in actions.values() if a.due_date) == 28
    assert actions["13/14"].due_date is None and "3 months" in actions["13/14"].due_raw
    assert actions["33."].due_date == "2014-12-31"  # "Oct 14 Dec 14": the latest
    assert actions["45."].due_date == "2015-01-31"  # "Ongoing" then "Jan 15"
    assert actions["20."].due_date == "2015-05-31"  # "Immediately" lines and dates: the latest date
    assert actions["18"].due_raw == ""


def test_seed_continuation_rows_are_merged_into_their_action(plan):
    action = _by_ref(plan)["19."]
    assert len(action.due_raw.splitlines()) == 10  # one timescale per bullet, over six page breaks
    assert action.lead.splitlines()[0] == "Ed Harris"
    assert "Timescale" not in action.text and "Ofsted recommendation" not in action.text


def test_seed_tags_from_refs_and_text(plan):
    actions = _by_ref(plan)
    assert actions["13/14"].tags == ["ofsted-13", "ofsted-14"]
    assert "ofsted-13" in actions["23."].tags and "ofsted-23" in actions["23."].tags


def test_other_families_seeds_are_not_read_as_this_family(seeds_dir):
    for stem in ("thurrock-cdp-2019-20", "thurrock-csc-development-plan-2018-19",
                 "shropshire-post-ofsted-action-plan"):
        path = seeds_dir / f"{stem}.txt"
        if path.exists():
            assert family.find_plans(path.read_text(encoding="utf-8"), path.name) == []


HEADER = "No\tInspection recommendation\tAction\tTimescale\tLead\tPerformance indicator\tOutcome"


def _own_plan() -> str:
    return "\n".join([
        "Minutes of the scrutiny panel, Riverton Borough Council",
        "1. Apologies were received.",
        "",
        "# **Improvement Plan after the Inspection**",
        "",
        HEADER,
        "<b>Urgent work (1 month)</b>\t\t\t\t\t\t",
        "1.\tMake the front door faster\t<ul><li>Hire two duty workers</li><li>Check weekly</li></ul>"
        "\tMay 21\tAnn Lee\t\tCalls answered within a day",
        "",
        "Page 2",
        HEADER,
        "\tand simpler.\t<p>Publish a guide</p>\tJune 21\tBob Roe\t\t",
        "2 (5)\t<b>This action duplicates action 1 and has been removed.</b>\t\t\t\t\t",
        "<b>Longer term (6-12 months)</b>\t\t\t\t\t\t",
        "<b>Care leavers</b>\t\t\t\t\t\t",
        "3/4\tFind better homes\tReview the housing list\t6 months\tCat Poe / Dan Ray\tP1 rate\tSafer homes",
        "DRAFT",
        "",
        "2. Any other business: none.",
    ])


def test_own_plan_inside_minutes(tmp_path):
    path = tmp_path / "riverton-panel.txt"
    path.write_text(_own_plan(), encoding="utf-8")
    plans = read_plans(path)
    assert len(plans) == 1
    plan = plans[0]
    assert plan.title == "Improvement Plan after the Inspection"
    assert plan.authority == "Riverton Borough Council"
    actions = _by_ref(plan)
    assert list(actions) == ["1.", "2 (5)", "3/4"]
    first = actions["1."]
    assert first.text.splitlines()[0] == "Make the front door faster and simpler."
    assert "Hire two duty workers" in first.text.splitlines()
    assert first.due_date == "2021-06-30" and first.lead == "Ann Lee\nBob Roe"
    assert first.outcome == "Calls answered within a day"
    assert actions["2 (5)"].state == "removed" and first.state == "active"
    last = actions["3/4"]
    assert last.due_raw == "6 months" and last.due_date is None
    assert last.measure == "P1 rate" and last.tags == ["ofsted-3", "ofsted-4"]
    assert [s.title for s in plan.sections] == ["Urgent work (1 month)", "Longer term (6-12 months)"]
    assert plan.sections[1].children[0].title == "Care leavers"
    assert plan.sections[1].children[0].actions == [last]
    assert first.source_line == 8


def test_prose_with_a_numbered_list_is_not_a_plan():
    text = "Report of the director\n1. Introduction\n2. Recommendation: note the report\n13/14\tBudget\n"
    assert family.find_plans(text, "report.txt") == []


def test_latest_due_ignores_relative_words():
    assert family.latest_due("Ongoing\nMar 15") == "2015-03-31"
    assert family.latest_due("3 months\nImmediately") is None
    assert family.latest_due("") is None
