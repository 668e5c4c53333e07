"""Excel and CSV trackers read with the shared column vocabulary (fixtures: a fictional council)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Color, PatternFill
from planreview.importers import read_plans
from planreview.importers.model import PlanFormatError, iter_actions, iter_sections
from planreview.importers.ratings import band_of_colour, rating_of
from planreview.importers.vocab import field_for, find_header_row, rating_period

RED, AMBER, GREEN = "FFFF0000", "FFFFC000", "FF00B050"


def solid(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor=rgb)


def actions_by_ref(plan):
    return {a.ref: a for a in iter_actions(plan)}


def bands(plan):
    scale = {level.code: level.band for level in plan.scale}
    out = {}
    for action in iter_actions(plan):
        rated = [e for e in action.entries if e.rating]
        out[action.ref] = scale[rated[-1].rating] if rated else "none"
    return out


@pytest.fixture
def tracker(tmp_path):
    """A two-plan workbook: title rows above the header, merged priorities, dates, fills, a key sheet."""
    book = Workbook()
    ws = book.active
    ws.title = "Improvement plan"
    ws["A1"] = "Eastmere Borough Council"
    ws["A2"] = "Children's Services Improvement Plan 2026-27"
    ws.merge_cells("A2:H2")
    ws["A3"] = "Position at 31 October 2026"
    header = [
        "Priority",
        "Ref",
        "Action",
        "Lead Officer",
        "By When",
        "RAG Sep 2026",
        "RAG",
        "Progress to date",
    ]
    ws.append([])
    ws.append(header)  # row 5
    rows = [
        [
            "Priority 1: Children are safe",
            "1.1",
            "Audit front door referrals",
            "Dana Quill",
            datetime(2026, 12, 31),
            "Amber",
            "Green",
            "Audit done in two teams",
        ],
        [
            None,
            "1.2",
            "Recruit permanent social workers",
            "Ray Oduya",
            "March 2027",
            "Red",
            None,
            "Campaign launched",
        ],
        [None, "1.3", "Refresh threshold guidance", "Dana Quill", "Ongoing", None, "Complete", None],
        [
            "Priority 2: Care leavers thrive",
            "2.1",
            "Open a drop-in hub",
            "Sam Ilves",
            datetime(2027, 4, 1),
            "Green",
            "Blue",
            None,
        ],
        [
            None,
            "2.2",
            "Review every pathway plan",
            "Sam Ilves / Dana Quill",
            "31/01/2027",
            None,
            None,
            "Not started yet",
        ],
    ]
    for row in rows:
        ws.append(row)
    ws.merge_cells("A6:A8")
    ws["E6"].number_format = "dd/mm/yyyy"
    ws["E9"].number_format = "mmm yyyy"
    ws["G7"].fill = solid(RED)  # empty but coloured: the colour is the rating

    yj = book.create_sheet("Youth justice")
    yj.append(["Youth Justice Action Plan"])
    yj.append(["No", "Actions", "Responsible", "Timescale", "Status", "Update"])
    yj.append(["YJ1", "Cut first-time entrants", "Lee Marr", "Sept 27", "On track", "Panel meets monthly"])
    yj.append(["YJ2", "Train staff in trauma-informed practice", "Lee Marr", "6 months", "Off track", ""])
    yj.append(
        ["YJ3", "Share data with the police", "Lee Marr", "Jan 27", "On track - data agreement signed", ""]
    )

    key = book.create_sheet("Key")
    key.append(["Red", "Not on track and needs the board's help"])
    key.append(["Green", "On track to meet the due date"])
    path = tmp_path / "eastmere-tracker.xlsx"
    book.save(path)
    return path


def test_every_sheet_with_a_plan_table_is_a_plan(tracker):
    plans = read_plans(tracker)
    assert [p.title for p in plans] == [
        "Children's Services Improvement Plan 2026-27",
        "Youth Justice Action Plan",
    ]
    assert plans[0].authority == "Eastmere Borough Council"
    assert plans[0].doc_date == "2026-10-31"
    assert all(p.source == "eastmere-tracker.xlsx" and len(p.sha256) == 64 for p in plans)


def test_merged_and_blank_priority_cells_are_forward_filled(tracker):
    plan = read_plans(tracker)[0]
    assert [(s.kind, s.ref, s.title) for s in plan.sections] == [
        ("priority", "Priority 1", "Children are safe"),
        ("priority", "Priority 2", "Care leavers thrive"),
    ]
    assert [[a.ref for a in s.actions] for s in plan.sections] == [["1.1", "1.2", "1.3"], ["2.1", "2.2"]]
    assert [a.source_line for a in iter_actions(plan)] == [6, 7, 8, 9, 10]  # sheet row numbers


def test_excel_dates_keep_shown_text_and_real_date(tracker):
    actions = actions_by_ref(read_plans(tracker)[0])
    assert (actions["1.1"].due_raw, actions["1.1"].due_date) == ("31/12/2026", "2026-12-31")
    assert (actions["2.1"].due_raw, actions["2.1"].due_date) == ("Apr 2027", "2027-04-01")
    assert (actions["1.2"].due_raw, actions["1.2"].due_date) == ("March 2027", "2027-03-31")
    assert (actions["1.3"].due_raw, actions["1.3"].due_date) == ("Ongoing", None)
    assert actions["2.2"].due_date == "2027-01-31"
    assert actions["2.2"].lead == "Sam Ilves / Dana Quill"


def test_rating_history_column_is_a_dated_entry_and_progress_goes_on_the_latest(tracker):
    actions = actions_by_ref(read_plans(tracker)[0])
    first = actions["1.1"].entries
    assert [(e.on_date, e.rating, e.period) for e in first] == [
        ("2026-09-30", "Amber", "RAG Sep 2026"),
        (None, "Green", "RAG"),
    ]
    assert first[0].note == "" and first[1].note == "Audit done in two teams"
    # the current RAG cell is empty but red-filled: the fill is the rating
    assert [(e.on_date, e.rating) for e in actions["1.2"].entries] == [("2026-09-30", "Red"), (None, "Red")]
    # no rating at all: the progress text is an unrated entry of the document's date
    assert [(e.on_date, e.rating, e.note) for e in actions["2.2"].entries] == [
        (None, None, "Not started yet")
    ]


def test_scale_is_built_from_values_seen_with_the_key_sheet_meanings(tracker):
    plans = read_plans(tracker)
    scale = [(lvl.code, lvl.band, lvl.meaning) for lvl in plans[0].scale]
    assert scale == [
        ("Red", "red", "Not on track and needs the board's help"),
        ("Amber", "amber", ""),
        ("Green", "green", "On track to meet the due date"),
        ("Blue", "blue", ""),
        ("Complete", "blue", ""),
    ]
    assert bands(plans[0]) == {"1.1": "green", "1.2": "red", "1.3": "blue", "2.1": "blue", "2.2": "none"}
    assert bands(plans[1]) == {"YJ1": "green", "YJ2": "red", "YJ3": "green"}


def test_header_variants_on_the_second_sheet(tracker):
    yj = read_plans(tracker)[1]
    a = actions_by_ref(yj)["YJ1"]
    assert (a.text, a.lead, a.due_raw, a.due_date) == (
        "Cut first-time entrants",
        "Lee Marr",
        "Sept 27",
        "2027-09-30",
    )
    assert a.entries[-1].note == "Panel meets monthly"
    assert actions_by_ref(yj)["YJ2"].due_date is None
    yj3 = actions_by_ref(yj)["YJ3"].entries  # a status that tells the story is kept as the note
    assert [(e.rating, e.note) for e in yj3] == [("On track", "On track - data agreement signed")]


def test_fill_colours_rate_empty_cells_but_row_banding_does_not(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["Ref", "Action", "Lead", "RAG"])
    ws.append(["1", "Publish the new offer", "Kim Ade", None])
    ws.append(["2", "Hold a parents' forum", "Kim Ade", None])
    ws.append(["3", "Map the waiting list", "Kim Ade", None])
    ws.append(["4", "Close the old database", "Kim Ade", None])
    ws.append(["5", "Banded row, no rating", "Kim Ade", None])
    ws["D2"].fill = solid(AMBER)
    ws["D3"].fill = solid("FF92D050")
    ws["D4"].fill = PatternFill(
        fill_type="solid", fgColor=Color(theme=5)
    )  # accent 2 of the default theme: red
    ws["D5"].fill = solid("FF0070C0")
    for cell in ws[6]:
        cell.fill = solid("FF00B050")  # the whole row is green: banding, not a rating
    path = tmp_path / "fills.xlsx"
    book.save(path)
    plan = read_plans(path)[0]
    assert bands(plan) == {"1": "amber", "2": "green", "3": "red", "4": "blue", "5": "none"}
    assert plan.title == "fills"


def test_history_columns_are_dated_by_period_oldest_first_with_numbers(tmp_path):
    book = Workbook()
    ws = book.active
    ws.title = "Tracker"
    ws.append(["Westly Council Early Help Plan"])
    ws.append(["ID", "What we will do", "Who", "RAG initial", "RAG 01/26", "RAG 04/26", "Progress update"])
    ws.append(["EH1", "Launch a single request form", "Ola Penn", 1, 2, 3, "Form live in March"])
    ws.append(["EH2", "Hire two family coaches", "Ola Penn", 2, "0", "junk", "Advert out. ACTION COMPLETE"])
    path = tmp_path / "early-help.xlsx"
    book.save(path)
    plan = read_plans(path)[0]
    assert plan.authority == "Westly Council"
    eh1 = actions_by_ref(plan)["EH1"].entries
    assert [(e.on_date, e.rating) for e in eh1] == [
        ("2025-12-31", "1"),
        ("2026-01-31", "2"),
        ("2026-04-30", "3"),
    ]
    assert eh1[-1].note == "Form live in March" and eh1[0].note == ""
    eh2 = actions_by_ref(plan)["EH2"].entries  # "0" and junk are not rated: the note goes on the initial 2
    assert [(e.rating, e.note) for e in eh2] == [("2", "Advert out. ACTION COMPLETE")]
    assert actions_by_ref(plan)["EH2"].tags == ["complete"]  # a flag; the written rating stays
    assert [(lvl.code, lvl.band) for lvl in plan.scale] == [("1", "red"), ("2", "amber"), ("3", "green")]


def test_truncated_workbook_is_one_clear_sentence(tracker, tmp_path):
    data = tracker.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(PlanFormatError) as err:
        read_plans(cut)
    message = str(err.value)
    assert message.startswith("cut.xlsx: not a readable Excel workbook")
    assert "\n" not in message and "Traceback" not in message


def test_workbook_without_a_plan_table_says_what_was_looked_for(tmp_path):
    book = Workbook()
    book.active.append(["Month", "Referrals", "Re-referrals"])
    book.active.append(["April", 120, 14])
    path = tmp_path / "scorecard.xlsx"
    book.save(path)
    with pytest.raises(PlanFormatError, match=r"scorecard.xlsx: no action plan table found .*action column"):
        read_plans(path)


def test_csv_with_title_rows_and_continuation_row(tmp_path):
    path = tmp_path / "send-plan.csv"
    path.write_text(
        "Northfold County Council SEND Written Statement of Action,,,,\n"
        "Covering April 2026 to March 2028,,,,\n"
        "Area for improvement,Ref,Actions,Lead,Deadline,Progress RAG,Comments\n"
        "Theme 1 Identification of needs,A1,Agree one assessment pathway,Jo Rees,01/06/2027,G,Draft agreed\n"
        ",,,,,,Consultation closes in May\n"
        ",A2,Publish the local offer again,Jo Rees,30/04/2027,A,\n"
        "Theme 2 Joint commissioning,B1,Commission speech therapy jointly,Pat Ng,Summer 2027,R,\n",
        encoding="utf-8",
    )
    plan = read_plans(path)[0]
    assert plan.title == "Northfold County Council SEND Written Statement of Action"
    assert plan.authority == "Northfold County Council"
    assert plan.doc_date != "2028-03-31"  # a period covered is not the document's date
    assert [(s.ref, s.title) for s in plan.sections] == [
        ("Theme 1", "Identification of needs"),
        ("Theme 2", "Joint commissioning"),
    ]
    actions = actions_by_ref(plan)
    assert actions["A1"].due_date == "2027-06-01"  # day first
    assert actions["A1"].entries[-1].note == "Draft agreed\nConsultation closes in May"
    assert bands(plan) == {"A1": "green", "A2": "amber", "B1": "red"}


def test_completion_words_in_progress_or_other_columns_are_a_tag_and_multi_line_due_cells_parse(tmp_path):
    path = tmp_path / "care-leavers.csv"
    path.write_text(
        "Ref,Action,Lead,Timescale,RAG,Progress update,Assurance\n"
        'C1,Open a drop-in hub,Lee Hart,"Immediately\nMay 27",Green,Hub open. Action concluded,\n'
        "C2,Train personal advisers,Lee Hart,Ongoing Jan 27,Amber,Half trained,ACTION COMPLETE for this plan\n"
        "C3,Review the local offer,Lee Hart,3 months,Red,Not started,\n",
        encoding="utf-8",
    )
    actions = actions_by_ref(read_plans(path)[0])
    assert [actions[r].tags for r in ("C1", "C2", "C3")] == [["complete"], ["complete"], []]
    assert bands(read_plans(path)[0]) == {"C1": "green", "C2": "amber", "C3": "red"}  # the written rating stays
    assert [actions[r].due_date for r in ("C1", "C2", "C3")] == ["2027-05-31", "2027-01-31", None]


def test_csv_without_a_plan_table(tmp_path):
    path = tmp_path / "minutes.csv"
    path.write_text("Item,Minute\n1,Apologies were received\n", encoding="utf-8")
    with pytest.raises(PlanFormatError, match="minutes.csv: no action plan table found in the file"):
        read_plans(path)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Ref", "ref"),
        ("No.", "ref"),
        ("ID", "ref"),
        ("Number", "ref"),
        ("Priority", "section"),
        ("Theme", "section"),
        ("Objective", "section"),
        ("Recommendation", "section"),
        ("Area", "section"),
        ("Action", "text"),
        ("Actions", "text"),
        ("What we will do", "text"),
        ("Outcome", "outcome"),
        ("Expected impact", "outcome"),
        ("Impact", "outcome"),
        ("Success measure", "measure"),
        ("Impact measure", "measure"),
        ("Performance indicator", "measure"),
        ("KPI", "measure"),
        ("Lead", "lead"),
        ("Lead Officer", "lead"),
        ("Responsible", "lead"),
        ("Owner", "lead"),
        ("Who", "lead"),
        ("Responsible officer", "owner"),
        ("By When", "due"),
        ("By\nwhen", "due"),
        ("Timescale", "due"),
        ("Timeframe", "due"),
        ("Due date", "due"),
        ("Deadline", "due"),
        ("Target date", "due"),
        ("RAG", "rating"),
        ("Status", "rating"),
        ("Progress RAG", "rating"),
        ("RAG status", "rating"),
        ("RAG 01/18", "rating_at"),
        ("RAG Sep 2026", "rating_at"),
        ("RAG initial", "rating_at"),
        ("Progress", "progress"),
        ("Update", "progress"),
        ("Progress to date", "progress"),
        ("Comments", "progress"),
        ("Progress update", "progress"),
        ("Page 3", None),
        ("", None),
    ],
)
def test_header_vocabulary(header, field):
    assert field_for(header) == field


def test_header_row_needs_an_action_and_a_lead_due_or_rating_column():
    assert find_header_row([["Plan"], ["Action", "Outcome"], ["Action", "Timescale"]]) == 2
    assert find_header_row([["Ref", "Lead", "RAG"]]) is None
    assert rating_period("RAG 01/18") == "01/18"


@pytest.mark.parametrize(
    ("cell", "band"),
    [
        ("GREEN", "green"),
        ("Amber", "amber"),
        ("R", "red"),
        ("b", "blue"),
        ("COMPLETED", "blue"),
        ("On track", "green"),
        ("1", "red"),
        ("4", "blue"),
        ("0", None),
        ("", None),
        ("Jan-00", None),
        ("re", None),
    ],
)
def test_rating_cells(cell, band):
    rating = rating_of(cell)
    assert (rating.band if rating else None) == band


def test_sections_from_two_section_columns_nest(tmp_path):
    path = tmp_path / "nested.csv"
    path.write_text(
        "Priority,Objective,Action,Lead\n"
        "1 Safe,1.1 Front door,Answer calls faster,Al Dee\n"
        ",,Triage within a day,Al Dee\n"
        ",1.2 Assessments,Finish on time,Bo Fay\n",
        encoding="utf-8",
    )
    plan = read_plans(path)[0]
    tree = [(s.ref, [(c.kind, c.ref, len(c.actions)) for c in s.children]) for s in plan.sections]
    assert tree == [("1", [("objective", "1.1", 2), ("objective", "1.2", 1)])]
    assert len(list(iter_sections(plan))) == 3


def test_banner_rows_start_sections_and_repeated_headers_are_skipped(tmp_path):
    book = Workbook()
    ws = book.active
    ws.title = "Plan"
    ws.append([None, "Ref", "Action", "Timescale", "Rating", "Notes"])  # the table starts in column B
    ws.append([None, "Objective 1 - Hear the child"])
    ws.merge_cells("B2:F2")
    ws.append([None, "1a", "Record the child's words in every plan (Ofsted rec 4)", "Dec 2026", "G", ""])
    ws.append([None, "1b", "Audit twenty plans a month", "Monthly", "A", "This action has been removed"])
    ws.append([None, "Ref", "Action", "Timescale", "Rating", "Notes"])  # printed again on page two
    ws.append([None, "Objective 2 - Plan for permanence"])
    ws.merge_cells("B7:F7")
    ws.append([None, "2a", "Track every child in care proceedings", "Feb 2027", "R", "Tracker built"])
    hidden = book.create_sheet("Old copy")
    hidden.append(["Ref", "Action", "Lead"])
    hidden.append(["X", "A superseded action", "Nobody"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "permanence.xlsx"
    book.save(path)
    plans = read_plans(path)
    assert len(plans) == 1  # the hidden sheet is not a plan of its own
    plan = plans[0]
    assert [(s.ref, s.title, [a.ref for a in s.actions]) for s in plan.sections] == [
        ("Objective 1", "Hear the child", ["1a", "1b"]),
        ("Objective 2", "Plan for permanence", ["2a"]),
    ]
    assert [s.kind for s in plan.sections] == ["objective", "objective"]
    actions = actions_by_ref(plan)
    assert actions["1a"].tags == ["ofsted-4"]
    assert (actions["1b"].state, actions["1a"].state) == ("removed", "active")
    assert actions["2a"].entries[-1].note == "Tracker built"


def test_tsv_and_authority_shared_by_every_sheet_of_a_workbook(tmp_path, tracker):
    assert read_plans(tracker)[1].authority == "Eastmere Borough Council"
    path = tmp_path / "tracker.tsv"
    path.write_text(
        "Ref\tAction\tOwner\tStatus\n7\tMeet every new carer\tMo Tarrant\tDone\n", encoding="utf-8"
    )
    plan = read_plans(path)[0]
    assert (plan.title, [a.lead for a in iter_actions(plan)], bands(plan)) == (
        "tracker",
        ["Mo Tarrant"],
        {"7": "blue"},
    )
    assert plan.doc_date is None and plan.file_date  # the file's date dates its imported entries


def test_two_row_header_with_periods_under_a_merged_rag_cell(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["Ref", "Action", "Lead", "RAG rating", None, None, "Progress"])
    ws.merge_cells("D1:F1")
    ws.append([None, None, None, "Jan 26", "Apr 26", "Current"])
    ws.append(["Q1", "Cut agency staff", "Vi Hale", "Red", "Amber", "Green", "Agency use down a third"])
    path = tmp_path / "two-row-header.xlsx"
    book.save(path)
    entries = actions_by_ref(read_plans(path)[0])["Q1"].entries
    assert [(e.period, e.on_date, e.rating) for e in entries] == [
        ("RAG rating Jan 26", "2026-01-31", "Red"),
        ("RAG rating Apr 26", "2026-04-30", "Amber"),
        ("RAG rating Current", None, "Green"),
    ]
    assert entries[-1].note == "Agency use down a third"


def test_semicolon_csv_in_windows_1252_with_a_multi_line_cell(tmp_path):
    path = tmp_path / "export.csv"
    text = (
        'Ref;Action;Lead;Due\n1;"Write the plan\nand share it";Zoë Hart;30/09/2027\n'
        "2;Fund it £5k;Zoë Hart;TBC\n"
    )
    path.write_bytes(text.encode("cp1252"))
    plan = read_plans(path)[0]
    actions = actions_by_ref(plan)
    assert actions["1"].text == "Write the plan\nand share it"
    assert (actions["1"].lead, actions["1"].due_date) == ("Zoë Hart", "2027-09-30")
    assert (actions["2"].text, actions["2"].due_raw, actions["2"].due_date) == ("Fund it £5k", "TBC", None)


def test_a_short_data_row_is_not_taken_for_a_repeated_header(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(
        "Ref,Action,Lead,Timescale,Outcome\n"
        "1,Review actions,Service Lead,June 2027,Outcome measures agreed\n"
        "Ref,Actions,Lead,Timescale,Outcome\n"
        "2,Publish the review,Service Lead,July 2027,\n",
        encoding="utf-8",
    )
    actions = actions_by_ref(read_plans(path)[0])
    assert sorted(actions) == ["1", "2"]
    assert (actions["1"].text, actions["1"].lead) == ("Review actions", "Service Lead")


def test_heading_rows_inside_the_action_column_become_sections(tmp_path):
    path = tmp_path / "numbered.csv"
    path.write_text(
        "Ref,Action,Lead,Due,RAG\n"
        "1,Leadership and governance,,,\n"
        "1.1,Set up an improvement board,Cal Byrne,Jan 2027,G\n"
        "1.2,Publish board minutes,Cal Byrne,Feb 2027,A\n"
        ",Priority 2 - Workforce,,,\n"
        "2.1,Cut caseloads to twenty,Eve Stroud,Mar 2027,R\n"
        "3,Write a recruitment plan,Eve Stroud,Apr 2027,G\n",
        encoding="utf-8",
    )
    plan = read_plans(path)[0]
    assert [(s.ref, s.title, [a.ref for a in s.actions]) for s in plan.sections] == [
        ("1", "Leadership and governance", ["1.1", "1.2"]),
        ("Priority 2", "Workforce", ["2.1", "3"]),  # "3" has a lead and a date: an action, not a heading
    ]


_WORDS = [
    "Ref",
    "Action",
    "Lead",
    "By when",
    "RAG",
    "RAG 01/26",
    "Priority",
    "1",
    "1.1",
    "Green",
    "R",
    "0",
    "Ongoing",
    "31/02/2027",
    "March 2027",
    "",
    "",
    "",
    "Key",
    "Progress",
    "x",
    "Theme 2 Safety",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=7), min_size=0, max_size=12))
def test_odd_csv_tables_give_plans_or_one_clear_sentence(tmp_path, rows):
    path = tmp_path / "odd.csv"
    path.write_text("\n".join(",".join(row) for row in rows), encoding="utf-8")
    try:
        plans = read_plans(path)
    except PlanFormatError as exc:
        assert str(exc).startswith("odd.csv: ") and "\n" not in str(exc)
        return
    for plan in plans:
        codes = {level.code for level in plan.scale}
        for action in iter_actions(plan):
            assert action.text
            assert all(e.rating is None or e.rating in codes for e in action.entries)


def test_stacked_tables_each_under_its_own_heading_line(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["Ashby Borough Council Corporate Peer Challenge Action Plan"])
    ws.append(["Recommendation 1: Set a clear vision"])
    ws.append(["Ref", "Action", "Owner", "Target date"])
    ws.append(["R1.1", "Agree the vision with members", "Chief Executive", "Dec 2026"])
    ws.append([])
    ws.append(["Recommendation 2: Fix the finances"])
    ws.append(["Ref", "Action", "Owner", "Target date"])
    ws.append(["R2.1", "Close the budget gap", "Section 151 Officer", "Mar 2027"])
    path = tmp_path / "peer.xlsx"
    book.save(path)
    plan = read_plans(path)[0]
    assert plan.title == "Ashby Borough Council Corporate Peer Challenge Action Plan"
    assert [(s.kind, s.ref, s.title, [a.ref for a in s.actions]) for s in plan.sections] == [
        ("recommendation", "Recommendation 1", "Set a clear vision", ["R1.1"]),
        ("recommendation", "Recommendation 2", "Fix the finances", ["R2.1"]),
    ]


@pytest.mark.parametrize(
    ("number_format", "shown"),
    [
        ("d mmmm yyyy", "1 April 2027"),
        ("mmm-yy", "Apr-27"),
        ("mm-dd-yy", "01/04/2027"),
        ("yyyy-mm-dd", "2027-04-01"),
        ("yyyy-mm-dd h:mm:ss", "2027-04-01"),  # what openpyxl and many exports write for a datetime
        ("dd/mm/yyyy hh:mm AM/PM", "01/04/2027"),
    ],
)
def test_excel_dates_show_as_formatted(tmp_path, number_format, shown):
    book = Workbook()
    ws = book.active
    ws.append(["Action", "Deadline", "Done"])
    ws.append(["Sign the new contract", datetime(2027, 4, 1), 0.75])
    ws["B2"].number_format = number_format
    ws["C2"].number_format = "0%"
    path = tmp_path / "dates.xlsx"
    book.save(path)
    action = next(iter_actions(read_plans(path)[0]))
    assert (action.due_raw, action.due_date) == (shown, "2027-04-01")
    assert action.extra == {"Done": "75%"}


def test_a_priority_column_of_high_medium_low_is_kept_as_a_grade_not_a_section(tmp_path):
    path = tmp_path / "graded.csv"
    path.write_text(
        "Issue identified,Priority,Action,Start date,End date,BRAG,Direction of travel\n"
        "Supervision is irregular,High,Audit supervision monthly,01/01/2027,31/03/2027,B,Up\n"
        ",Low,Refresh the supervision policy,01/02/2027,30/06/2027,A,Same\n",
        encoding="utf-8",
    )
    plan = read_plans(path)[0]
    assert [(s.title, len(s.actions)) for s in plan.sections] == [("Supervision is irregular", 2)]
    first = next(iter_actions(plan))
    assert first.extra == {"Priority": "High", "Start date": "01/01/2027", "Direction of travel": "Up"}
    assert (first.due_raw, first.due_date) == ("31/03/2027", "2027-03-31")
    assert [e.rating for a in iter_actions(plan) for e in a.entries] == ["Blue", "Amber"]


@pytest.mark.parametrize(
    ("fill", "band"),
    [
        ("FFFF0000", "red"),
        ("FFC7CE", "red"),
        ("FFC000", "amber"),
        ("FFFF00", "amber"),
        ("FFEB9C", "amber"),
        ("00B050", "green"),
        ("C6EFCE", "green"),
        ("0070C0", "blue"),
        ("00B0F0", "blue"),
        ("FFFFFF", None),
        ("D9D9D9", None),
        ("000000", None),
        ("DDEBF7", None),
        ("not a colour", None),
        (None, None),
    ],
)
def test_fill_colours_map_to_the_nearest_band_and_neutral_fills_to_none(fill, band):
    assert band_of_colour(fill) == band
