"""Plans made of RECOMMENDATION blocks with action tables (the Shropshire seed and a plan of our own)."""

from __future__ import annotations

from collections import Counter

import pytest
from planreview.importers import read_plans
from planreview.importers import text_recommendation_blocks as family
from planreview.importers.model import iter_actions

STEM = "shropshire-post-ofsted-action-plan"


@pytest.fixture
def plan(seed):
    plans = read_plans(seed(STEM))
    assert len(plans) == 1
    return plans[0]


def _by_ref(plan):
    return {a.ref: a for a in iter_actions(plan)}


def _band(plan, action):
    bands = {level.code: level.band for level in plan.scale}
    rated = [e for e in action.entries if e.rating]
    return bands[rated[-1].rating] if rated else "none"


def test_seed_plan_facts(plan):
    assert plan.authority == "Shropshire Council"
    assert plan.doc_date == "2019-01-31"  # "Jan 2019" on the cover: a month alone is its last day
    assert "ACTION PLAN" in plan.title.upper()
    assert {level.code: level.band for level in plan.scale} == {
        "RED": "red", "AMBER": "amber", "GREEN": "green", "COMPLETED": "blue",
    }


def test_seed_has_12_recommendation_sections_with_title_and_summary(plan):
    assert [s.kind for s in plan.sections] == ["recommendation"] * 12
    assert [s.ref for s in plan.sections] == [f"RECOMMENDATION {n}" for n in range(1, 13)]
    for section in plan.sections:
        assert section.title and section.body, section.ref
        assert "Summary from" not in section.title and "Summary from" not in section.body
        assert all(line.startswith("- ") for line in section.body.splitlines()), section.ref
    assert [len(s.actions) for s in plan.sections] == [2, 3, 4, 7, 9, 9, 9, 5, 9, 5, 8, 7]


def test_seed_has_77_actions_rated_green_71_amber_6(plan):
    actions = list(iter_actions(plan))
    assert len(actions) == 77
    assert Counter(_band(plan, a) for a in actions) == {"green": 71, "amber": 6}
    assert all(len(a.entries) == 1 and a.entries[0].on_date is None for a in actions)
    assert all(a.entries[0].note for a in actions)


def test_seed_due_dates_and_leads(plan):
    actions = _by_ref(plan)
    assert sum(1 for a in actions.values() if a.due_date) == 77
    spot = actions["11.1"]
    assert spot.entries[-1].rating == "AMBER"
    assert spot.lead == "Elaine Storey" and spot.due_date == "2018-06-01"
    assert actions["1.2"].lead == "Jeanette Hill" and actions["1.2"].due_date == "2018-01-08"
    assert actions["10.2"].lead == "Karen Bradshaw/Michelle Leith"  # a name broken by a page break
    assert actions["10.4"].lead == "" and actions["10.4"].due_date == "2018-05-01"
    assert actions["5.8"].due_date == "2018-07-30"  # day first


def test_seed_rating_words_in_any_case(plan):
    assert _by_ref(plan)["2.3"].entries[0].rating == "GREEN"  # printed "Green"


def test_seed_action_complete_is_a_tag_not_a_rating(plan):
    actions = list(iter_actions(plan))
    assert sum("complete" in a.tags for a in actions) == 65  # 61 "ACTION COMPLETE" and 4 "ACTION CONCLUDED"
    by_ref = _by_ref(plan)
    assert "complete" in by_ref["2.1"].tags  # "ACTION CONCLUDED" in the progress text
    assert "complete" in by_ref["1.1"].tags and "ACTION CONCLUDED" in by_ref["1.1"].extra["Impact RAG"]
    assert by_ref["1.1"].entries[0].rating == "GREEN"
    assert "complete" not in by_ref["11.1"].tags
    amber_yet_complete = _by_ref(plan)["4.7"]
    assert "complete" in amber_yet_complete.tags and amber_yet_complete.entries[0].rating == "AMBER"


def test_seed_nested_table_does_not_shift_cells(plan):
    actions = _by_ref(plan)
    nested = actions["5.2"]
    assert nested.lead == "Rose Hooper" and nested.due_date == "2018-02-01"
    assert nested.entries[0].rating == "GREEN"
    assert nested.measure.startswith("Audit")
    assert "Spring 2018" in nested.outcome  # the nested table's text stays in its own cell
    assert list(actions)[list(actions).index("5.2") + 1] == "5.3"


def test_other_families_seeds_are_not_read_as_this_family(seeds_dir):
    for stem in ("thurrock-cdp-2019-20", "thurrock-csc-development-plan-2018-19",
                 "southampton-ofsted-action-plan"):
        path = seeds_dir / f"{stem}.txt"
        if path.exists():
            assert family.find_plans(path.read_text(encoding="utf-8"), path.name) == []


HEADER = ("Ref\tActions\tExpected Impact/Outcome\tImpact Measure\tLead and Timescale\tProgress to date"
          "\tProgress RAG\tImpact RAG")


def _own_plan() -> str:
    nested = (
        "<ul><li>Clear plans</li></ul>"
        "<table><tr><td></td><td>Q1</td></tr><tr><td>Good</td><td>40%</td></tr></table>"
    )
    return "\n".join([
        "NORTHSHIRE CHILDREN'S SERVICES IMPROVEMENT ACTION PLAN",
        "",
        "March 2020",
        "",
        "Northshire Council wants every child to be safe.",
        "Plans and Planning",
        "RECOMMENDATION 1:",
        "",
        "Make sure every referral is checked",
        "within a day.",
        "",
        "Summary from Ofsted Inspection:",
        "- Checks were slow",
        "- Records were thin and",
        "",
        "often late",
        "",
        HEADER,
        "1.1\tWrite a checklist\tFaster checks\tAudit\tAnn Lee 01/06/2019"
        "\tChecklist in use. ACTION COMPLETE\tGREEN\t",
        "1.2\tTrain the team\tBetter records\tAudit\tBob Roe/Cat\tTraining booked\tAmber\tNone yet",
        "",
        HEADER.replace("Ref", "", 1),
        "\t\t\t\tPoe 15/07/2019\tfor autumn\t\t",
        "",
        "RECOMMENDATION 2:",
        "Improve plans for children.",
        "Summary from Ofsted Inspection:",
        "- Plans were vague",
        HEADER.replace("Actions", "Action"),
        "-----\t---\t---\t---\t---\t---\t---\t---",
        f"2.1\tNew template\t{nested}\t\tQ1\tGood\t40%"
        "\tAudit\tDan Ray 30/09/2019\tTemplate live\tCOMPLETED\t",
        "\tQ1\t\t\t\t\t\t\t\t\t\t",
        "Good\t40%\t\t\t\t\t\t\t\t\t\t",
        "2.2\tAudit plans\tKnow the quality\tAudit\tEve Fox Dec 2019\tNot started\tre\t",
        "",
        "Closing words about how the plan will be checked.",
    ])


@pytest.fixture
def own(tmp_path):
    path = tmp_path / "northshire-plan.txt"
    path.write_text(_own_plan(), encoding="utf-8")
    plans = read_plans(path)
    assert len(plans) == 1
    return plans[0]


def test_own_plan_sections(own):
    assert own.title == "NORTHSHIRE CHILDREN'S SERVICES IMPROVEMENT ACTION PLAN"
    assert own.authority == "Northshire Council" and own.doc_date == "2020-03-31"
    first, second = own.sections
    assert first.title == "Make sure every referral is checked within a day."
    assert first.body.splitlines() == ["- Checks were slow", "- Records were thin and often late"]
    assert second.ref == "RECOMMENDATION 2" and second.body == "- Plans were vague"


def test_own_plan_actions(own):
    actions = _by_ref(own)
    assert list(actions) == ["1.1", "1.2", "2.1", "2.2"]
    done = actions["1.1"]
    assert done.tags == ["complete"] and done.entries[0].rating == "GREEN"
    assert done.lead == "Ann Lee" and done.due_date == "2019-06-01"
    continued = actions["1.2"]
    assert continued.lead == "Bob Roe/Cat Poe" and continued.due_date == "2019-07-15"
    assert continued.entries[0].rating == "AMBER"
    assert continued.entries[0].note == "Training booked for autumn"
    assert continued.extra == {"Impact RAG": "None yet"}
    nested = actions["2.1"]
    assert nested.measure == "Audit" and nested.lead == "Dan Ray" and nested.due_date == "2019-09-30"
    assert nested.entries[0].rating == "COMPLETED"
    junk = actions["2.2"]
    assert junk.entries[0].rating is None and junk.entries[0].note == "Not started"
    assert junk.due_date == "2019-12-31" and junk.lead == "Eve Fox"


def test_recommendations_without_a_table_are_not_a_plan():
    text = "RECOMMENDATION 1:\nDo better.\nSummary from Ofsted Inspection:\n- Things were poor\n"
    assert family.find_plans(text, "letter.txt") == []


def test_lead_and_due_cell_split():
    assert family.lead_and_due("Ann Lee 01/06/2019") == ("Ann Lee", "01/06/2019")
    assert family.lead_and_due("Ann Lee\nTo start from 01/02/19") == ("Ann Lee", "To start from 01/02/19")
    assert family.lead_and_due("01/05/2018") == ("", "01/05/2018")
