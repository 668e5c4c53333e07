"""The two Thurrock seeds read exactly: themes, priorities, actions, ratings, dates, leads, KPIs."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planreview.importers import read_plans, text_objectives, text_rag_history
from planreview.importers.model import PlanDraft, iter_actions

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


# --- Children's Social Care Development Plan (agenda pack) ------------------------------------


@pytest.fixture
def dev(seed):
    plans = read_plans(seed(DEV))
    assert len(plans) == 1
    return plans[0]


def find_text(plan: PlanDraft, words: str):
    """The one action whose text or measure holds words."""
    found = [a for a in iter_actions(plan) if words in a.text or words in a.measure]
    assert len(found) == 1, [a.source_line for a in found]
    return found[0]


def test_dev_plan_only_the_plan_tables_of_the_pack(dev):
    assert [s.kind for s in dev.sections] == ["priority"] * 8
    assert [s.ref for s in dev.sections] == [f"Priority {n}" for n in range(1, 9)]
    assert dev.sections[0].title.startswith("Recruiting, retaining")
    # rule: a row with its own rating is an action; the one unrated text row merges into the action above
    assert [len(s.actions) for s in dev.sections] == [8, 8, 21, 29, 3, 2, 9, 19]
    assert len(list(iter_actions(dev))) == 99
    first_line = min(a.source_line for a in iter_actions(dev))
    assert first_line > 150  # nothing from the covering report, narrative or minutes


def test_dev_plan_title_authority_date_and_numeric_key(dev):
    assert "Development Plan" in dev.title
    assert dev.authority == "Thurrock Council"
    assert dev.doc_date == "2018-07-03"
    assert [(level.code, level.band) for level in dev.scale] == [
        ("1", "red"), ("2", "amber"), ("3", "green"), ("4", "blue"), ("5", "blue"),
    ]
    assert all(level.meaning for level in dev.scale)


def test_dev_plan_current_bands_come_from_rag_01_18(dev):
    counts = band_counts(dev)
    assert counts["red"] == 3
    assert 38 <= counts["amber"] <= 40
    assert 37 <= counts["green"] <= 38
    assert counts["blue"] == 18
    assert counts["none"] == 0
    latest = Counter(next(e for e in reversed(a.entries) if e.rating).period for a in iter_actions(dev))
    assert latest == Counter({"RAG 01/18": 99})


def test_dev_plan_history_entries_are_dated_oldest_first(dev):
    action = find_text(dev, "CAF")
    assert current_band(dev, action) == "red"
    assert [(e.period.lower(), e.on_date, e.rating) for e in action.entries] == [
        ("rag initial", "2017-12-31", "1"),
        ("rag 01/18", "2018-01-31", "1"),
    ]
    assert action.entries[-1].note  # the progress update belongs to the latest rated entry
    assert action.lead == "Clare Moore"
    assert action.due_raw == "Apr-18" and action.due_date == "2018-04-30"


def test_dev_plan_junk_and_zero_cells_are_not_ratings(dev):
    codes = {e.rating for a in iter_actions(dev) for e in a.entries}
    assert codes <= {"1", "2", "3", "4", "5", None}
    periods = {e.period.lower() for a in iter_actions(dev) for e in a.entries if e.rating}
    assert periods == {"rag initial", "rag 01/18"}


def test_dev_plan_due_dates_tags_and_shifted_rows(dev):
    actions = list(iter_actions(dev))
    assert 85 <= sum(1 for a in actions if a.due_date) <= 89
    assert any("ofsted-14" in a.tags for a in actions)
    # rows that lost their leading cells still put lead, date and rating in their columns
    shifted = [a for a in actions if a.source_line in {177, 313, 345}]
    assert [a.due_raw for a in shifted] == ["Jun-18", "Jun-17", "Feb-18"]
    assert all(a.lead and len(a.entries) >= 2 for a in shifted)


def test_dev_plan_kpis_and_rag_summary(dev):
    kpis = {s.ref: len(s.kpis) for s in dev.sections}
    assert kpis == {"Priority 1": 2, "Priority 2": 3, "Priority 3": 3, "Priority 4": 5, "Priority 5": 3,
                    "Priority 6": 2, "Priority 7": 3, "Priority 8": 0}
    months = [period for period, _ in dev.sections[2].kpis[0].values]
    assert months == ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    seen = {k.indicator: k for k in dev.sections[1].kpis}["% children seen within 15 days of referral"]
    assert seen.values[-1] == ("Dec", "96.7%") and seen.notes == ""  # printed one column right, put back
    assert {k.indicator: k for k in dev.sections[2].kpis}["Plans graded good at audit %"].notes.startswith("Data")
    assert [row["priority"] for row in dev.summary] == ["all", "1", "2", "3", "4", "5", "6", "7", "8"]
    assert dev.summary[0]["Previous period"] == "2.0" and dev.summary[0]["Current period"] == "2.6"


@pytest.mark.parametrize("stem", [CDP, *OTHERS])
def test_history_family_ignores_other_documents(seed, stem):
    path = seed(stem)
    assert text_rag_history.find_plans(path.read_text(encoding="utf-8"), path.name) == []


# --- the same families on documents written here (an invented council, invented plans) ----------


def _tsv(*rows) -> str:
    return "\n".join("\t".join(row) if isinstance(row, tuple) else row for row in rows) + "\n"


HISTORY_HEADER = ("Priority {n}", "Outcome", "Action", "Success measure(s)", "Lead", "Responsible Officer",
                  "Time", "RAG initial", "RAG 01/21", "RAG 03/21", "Progress update")


def _header(n: int) -> tuple:
    return tuple(cell.format(n=n) for cell in HISTORY_HEADER)


def agenda_pack() -> str:
    """A committee pack: minutes, a scorecard, a plan appendix with key, KPIs and summary, a work programme."""
    return _tsv(
        ("12 March 2021", "", "ITEM: 4"),
        "Widgetshire Roads Scrutiny Committee",
        "Minutes of the previous meeting",
        "1. Apologies were received from two members.",
        "2. The minutes were agreed.",
        "Performance scorecard",
        ("Indicator", "Target", "Jan", "Feb", "RAG"),
        ("Widgets made", "100", "90", "95", "Amber"),
        "Page 3",
        "Widgetshire - Road Services",
        "Improvement Plan 2020-22",
        ("", "Previous period", "Current period"),
        ("1. Mend the roads", "1.5", "2.5"),
        ("2. Light the streets", "2.0", "3.0"),
        ("1", "Nothing has happened yet."),
        ("2", "Started but running late."),
        ("3", "On track for the date agreed."),
        ("4", "Done and holding."),
        ("5", "Done; can leave the plan."),
        ("Priority", "Indicator", "Polarity", "2019/20", "SN Average", "Jul", "Aug", "Notes", "YTD", "DOT"),
        ("P1", "Potholes filled in time %", "High", "80%", "75%", "81%", "83%", "", "0", ""),
        _header(1),
        ("", "Roads are safe", "Fill potholes quickly", "Filled within two days", "Ann Bee", "Carl Dee",
         "Apr-21", "1", "2", "0", "Crews doubled."),
        ("", "", "", "Fewer complaints", "Ann Bee", "", "May-21", "2", "3", "re", "Complaints fell."),
        ("", "", "", "and fewer claims", "", "", "", "", "", "", ""),
        ("", "", "", "This action repeated the first one and has been removed.", "", "", "", "", "", "", ""),
        "Page 4",
        "This page is intentionally left blank",
        _header(1),
        ("", "Resurface main roads", "Ed Fox", "", "Jun-21", "2", "2", "3", "Half done.", "", ""),
        ("Previous period", "1"),
        ("Current period", "2"),
        _header(2),
        ("", "Streets are lit", "Replace bulbs", "All lamps work", "Gil Hay", "", "Sep-21", "3", "4", "0",
         "All replaced."),
        ("", "", "", "Dark spots mapped", "Gil Hay Jan-22", "", "", "2", "Jan-00", "0", ""),
        "Work programme",
        ("Date", "Item", "Officer"),
        ("June 2021", "Budget", "Ann Bee"),
    )


def test_history_family_reads_only_the_plan_of_an_agenda_pack():
    found = text_rag_history.find_plans(agenda_pack(), "pack.txt")
    assert len(found) == 1
    line, plan = found[0]
    assert line == 22
    assert plan.title == "Road Services Improvement Plan 2020-22"
    assert plan.authority == "Widgetshire Council"
    assert plan.doc_date == "2021-03-12"
    assert [s.title for s in plan.sections] == ["Mend the roads", "Light the streets"]
    assert [a.source_line for a in iter_actions(plan)] == [23, 24, 26, 30, 34, 35]
    assert [s.kpis[0].indicator for s in plan.sections[:1]] == ["Potholes filled in time %"]
    assert plan.sections[0].kpis[0].values == [("Jul", "81%"), ("Aug", "83%")]
    assert [row["priority"] for row in plan.summary] == ["1", "2"]


def test_history_family_entries_ratings_continuations_and_shifted_rows():
    plan = text_rag_history.find_plans(agenda_pack(), "pack.txt")[0][1]
    fill, fewer, removed, resurface, bulbs, dark = iter_actions(plan)
    assert [(e.period, e.on_date, e.rating) for e in fill.entries] == [
        ("RAG initial", "2020-12-31", "1"), ("RAG 01/21", "2021-01-31", "2"),
    ]
    assert fill.entries[-1].note == "Crews doubled."
    assert (fill.lead, fill.owner, fill.due_date) == ("Ann Bee", "Carl Dee", "2021-04-30")
    assert fewer.measure == "Fewer complaints and fewer claims"  # the unrated row continues it
    assert [e.rating for e in fewer.entries] == ["2", "3"]  # "re" is junk, not a rating
    assert removed.state == "removed" and removed.entries == []
    assert (resurface.lead, resurface.due_raw) == ("Ed Fox", "Jun-21")
    assert [e.rating for e in resurface.entries] == ["2", "2", "3"]
    assert resurface.entries[-1].on_date == "2021-03-31" and resurface.entries[-1].note == "Half done."
    assert [e.rating for e in bulbs.entries] == ["3", "4"]
    assert (dark.lead, dark.due_raw, dark.due_date) == ("Gil Hay", "Jan-22", "2022-01-31")
    assert [(e.period, e.rating) for e in dark.entries] == [("RAG initial", "2")]  # "Jan-00", "0" are junk


def objectives_doc() -> str:
    """A themed objective plan with a four-level key, continuation rows and a removed action."""
    header = ("{n}", "Objective", "Action", "Outcome", "Progress", "By When", "Lead", "RAG")
    return _tsv(
        "Widgetshire Council Roads Continuous Plan",
        "Our priorities this year:",
        "1. Fewer holes in the roads.",
        "2. More light at night.",
        "Key:",
        ("", "Not begun"),
        ("", "Some progress"),
        ("", "Delivered, not yet consistent"),
        ("", "Delivered and consistent"),
        "1. Safer Roads",
        tuple(c.format(n=1) for c in header),
        ("1.1", "Fewer potholes", "Fill them", "Smoother roads", "Crews hired", "May 2021", "ann bee", "green"),
        ("1.2 Ofsted 4", "Safer crossings", "Paint lines", "Fewer accidents", "", "Sept 21", "Carl Dee", ""),
        ("--", "---", "--", "--", "--", "--", "--", "--"),
        "Page 2",
        ("", "", "and in the", "Lines kept fresh", "Half done", "", "Ed Fox", ""),
        tuple(c.format(n=1) for c in header),
        ("", "", "school lanes too", "", "", "", "", ""),
        "2. Brighter Streets",
        ("2", "Objective", "Actions", "Outcome", "Progress", "By When", "Lead", "RAG"),
        ("2.1", "Lamps", "This action has been removed.", "", "", "Ongoing", "Gil Hay", ""),
    )


def test_objectives_family_on_a_document_written_here():
    found = text_objectives.find_plans(objectives_doc(), "roads.txt")
    assert len(found) == 1
    _, plan = found[0]
    assert plan.title == "Widgetshire Council Roads Continuous Plan"
    assert plan.authority == "Widgetshire Council"
    assert [(s.ref, s.title) for s in plan.sections] == [("1", "Safer Roads"), ("2", "Brighter Streets")]
    assert [level.meaning for level in plan.scale][0] == "Not begun"
    first, second, third = iter_actions(plan)
    assert first.entries[0].rating == "Green" and current_band(plan, first) == "green"
    assert first.due_date == "2021-05-31"
    assert second.ref == "1.2 Ofsted 4" and second.tags == ["ofsted-4"]
    assert second.text == "Paint lines and in the school lanes too"
    assert second.lead == "Carl Dee; Ed Fox"
    assert second.due_date == "2021-09-30"
    assert second.entries[0].rating is None and second.entries[0].note == "Half done"
    assert third.state == "removed" and third.due_raw == "Ongoing" and third.due_date is None


def test_families_find_nothing_in_prose():
    prose = "A report about roads.\n1. A numbered point.\n2. Another point.\nPage 2\n"
    assert text_objectives.find_plans(prose, "x.txt") == []
    assert text_rag_history.find_plans(prose, "x.txt") == []


WORDS = ["Priority 1", "Priority 2", "Action", "Actions", "Lead", "Time", "RAG initial", "RAG 01/18",
         "RAG 03/18", "Objective", "Outcome", "Progress", "By When", "RAG", "1", "2", "3", "0", "re", "",
         "Key:", "1. Roads", "Apr-18", "Page 2", "--", "P1", "Indicator", "Polarity", "Jul", "has been removed"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), max_size=30))
def test_families_never_raise_on_odd_tables(rows):
    text = "\n".join("\t".join(row) for row in rows)
    for family in (text_objectives, text_rag_history):
        for line, plan in family.find_plans(text, "odd.txt"):
            assert line >= 1 and plan.sections
