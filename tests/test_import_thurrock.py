"""The two Thurrock seeds read exactly: themes, priorities, actions, ratings, dates, leads, KPIs."""

from __future__ import annotations

from collections import Counter

import pytest

from importers import read_plans, text_objectives
from importers.model import PlanDraft, iter_actions

CDP = "thurrock-cdp-2019-20"
DEV = "thurrock-csc-development-plan-2018-19"
OTHERS = ("southampton-ofsted-action-plan", "shropshire-post-ofsted-action-plan")


def current_band(plan: PlanDraft, action) -> str:
    """The band of the scale level of the action's last entry with a rating ('none' when unrated)."""
    bands = {level.code: level.band for level in plan.scale}
    rated = [entry for entry in action.entries if entry.rating]
    return bands[rated[-1].rating] if rated else "none"


def band_counts(plan: PlanDraft) -> Counter:
    """Actions per current band."""
    return Counter(current_band(plan, action) for action in iter_actions(plan))


def by_ref(plan: PlanDraft, ref: str):
    """The one action whose ref starts with ref."""
    found = [a for a in iter_actions(plan) if a.ref.split()[0] == ref]
    assert len(found) == 1, [a.ref for a in found]
    return found[0]


# --- Continuous Development Plan 2019-20 -------------------------------------------------------


@pytest.fixture
def cdp(seed):
    plans = read_plans(seed(CDP))
    assert len(plans) == 1
    return plans[0]


def test_cdp_is_one_plan_with_seven_themes_and_41_actions(cdp):
    assert [s.kind for s in cdp.sections] == ["theme"] * 7
    assert [s.ref for s in cdp.sections] == ["1", "2", "3", "4", "5", "6", "7"]
    assert cdp.sections[2].title.startswith("Keep getting the Basics")
    assert [len(s.actions) for s in cdp.sections] == [3, 3, 17, 4, 1, 2, 11]
    assert len(list(iter_actions(cdp))) == 41


def test_cdp_title_authority_and_descriptive_key(cdp):
    assert "Continuous Development Plan" in cdp.title
    assert cdp.authority == "Thurrock Council"
    assert [level.band for level in cdp.scale] == ["red", "amber", "green", "blue"]
    assert all(level.meaning for level in cdp.scale)


def test_cdp_ratings_are_lost_so_every_action_is_unrated(cdp):
    assert band_counts(cdp) == Counter({"none": 41})


def test_cdp_due_dates_and_spot_check_3_2(cdp):
    assert sum(1 for a in iter_actions(cdp) if a.due_date) == 40
    action = by_ref(cdp, "3.2")
    assert action.ref == "3.2 Ofsted 2"
    assert action.due_raw == "July 2020"
    assert action.due_date == "2020-07-31"
    assert action.lead.startswith("J Tynan")
    assert action.tags == ["ofsted-2"]


def test_cdp_continuation_rows_merge_into_their_action(cdp):
    # 3.3 continues over a page break and a dash separator: its second timescale and progress line join it
    action = by_ref(cdp, "3.3")
    assert action.due_date == "2020-10-31"
    assert action.tags == ["ofsted-3"]
    assert len(action.entries) == 1 and action.entries[0].rating is None
    assert action.entries[0].note.count("\n") >= 2
    assert by_ref(cdp, "7.11").due_date is None


@pytest.mark.parametrize("stem", [DEV, *OTHERS])
def test_objectives_family_ignores_other_documents(seed, stem):
    path = seed(stem)
    assert text_objectives.find_plans(path.read_text(encoding="utf-8"), path.name) == []
