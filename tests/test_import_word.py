"""Word plans: tables read with the shared vocabulary, headings before tables become sections."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from planreview.importers import read_plans
from planreview.importers.model import PlanFormatError, iter_actions


def shade(cell, rgb: str) -> None:
    """Give a Word table cell a solid background colour."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), rgb)
    cell._tc.get_or_add_tcPr().append(shd)


def add_table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


@pytest.fixture
def plan_docx(tmp_path):
    """Title, intro, two priorities each with its own table, a split table and a key table."""
    document = Document()
    document.add_heading("Harbourside Council Fostering Improvement Plan", level=0)
    document.add_paragraph("Harbourside City Council, Children and Families Directorate.")
    document.add_paragraph("Updated for the board of 14 October 2026.")
    document.add_heading("Priority 1: Recruit more foster carers", level=1)
    first = add_table(
        document,
        [
            ["Ref", "Action", "Lead", "Timescale", "RAG", "Progress"],
            [
                "1.1",
                "Run a spring recruitment campaign",
                "Mo Tarrant",
                "May 2027",
                "Green",
                "Leaflets printed",
            ],
            ["1.2", "Pay carers' fees on time", "Mo Tarrant", "01/03/2027", "", "Payroll moved"],
        ],
    )
    shade(first.cell(2, 4), "FFC000")  # empty but amber: the colour is the rating
    document.add_paragraph("Some narrative between the tables that is not a heading.")
    document.add_heading("Priority 2: Keep placements stable", level=1)
    add_table(
        document,
        [
            ["No.", "What we will do", "Responsible officer", "Lead Officer", "By When", "Status"],
            ["2.1", "Offer every carer a mentor", "Ivy Brand", "Ken Sole", "Ongoing", "Amber"],
        ],
    )
    document.add_page_break()
    add_table(
        document, [["2.2", "Review placements at six weeks", "Ivy Brand", "Ken Sole", "Dec 2026", "Red"]]
    )
    document.add_heading("Key", level=1)
    add_table(document, [["Red", "Off track, needs help"], ["Amber", "Some slippage"]])
    path = tmp_path / "fostering-plan.docx"
    document.save(path)
    return path


def test_docx_tables_and_headings_become_one_plan(plan_docx):
    plans = read_plans(plan_docx)
    assert len(plans) == 1
    plan = plans[0]
    assert plan.title == "Harbourside Council Fostering Improvement Plan"
    assert plan.authority == "Harbourside Council"
    assert plan.doc_date == "2026-10-14"
    assert [(s.kind, s.ref, s.title) for s in plan.sections] == [
        ("priority", "Priority 1", "Recruit more foster carers"),
        ("priority", "Priority 2", "Keep placements stable"),
    ]
    assert [[a.ref for a in s.actions] for s in plan.sections] == [["1.1", "1.2"], ["2.1", "2.2"]]


def test_docx_cells_map_through_the_shared_vocabulary(plan_docx):
    actions = {a.ref: a for a in iter_actions(read_plans(plan_docx)[0])}
    a = actions["1.1"]
    assert (a.text, a.lead, a.due_raw, a.due_date) == (
        "Run a spring recruitment campaign",
        "Mo Tarrant",
        "May 2027",
        "2027-05-31",
    )
    assert actions["1.2"].due_date == "2027-03-01"
    b = actions["2.1"]
    assert (b.owner, b.lead, b.due_raw, b.due_date) == ("Ivy Brand", "Ken Sole", "Ongoing", None)
    assert actions["2.2"].due_date == "2026-12-31"


def test_docx_ratings_from_words_and_shading_with_key_meanings(plan_docx):
    plan = read_plans(plan_docx)[0]
    scale = {level.code: (level.band, level.meaning) for level in plan.scale}
    current = {a.ref: a.entries[-1].rating for a in iter_actions(plan)}
    assert current == {"1.1": "Green", "1.2": "Amber", "2.1": "Amber", "2.2": "Red"}
    assert scale["Red"] == ("red", "Off track, needs help")
    assert scale["Amber"] == ("amber", "Some slippage")
    assert scale["Green"] == ("green", "")
    notes = {a.ref: a.entries[-1].note for a in iter_actions(plan)}
    assert notes["1.2"] == "Payroll moved"


def test_docx_without_a_plan_table(tmp_path):
    document = Document()
    document.add_heading("Minutes of the meeting", level=1)
    add_table(document, [["Item", "Minute"], ["1", "Apologies"]])
    path = tmp_path / "minutes.docx"
    document.save(path)
    with pytest.raises(PlanFormatError, match="minutes.docx: no action plan found"):
        read_plans(path)


def test_truncated_docx_is_one_clear_sentence(plan_docx, tmp_path):
    cut = tmp_path / "cut.docx"
    cut.write_bytes(plan_docx.read_bytes()[:3000])
    with pytest.raises(PlanFormatError) as err:
        read_plans(cut)
    assert str(err.value) == (
        "cut.docx: not a readable Word document (the file is damaged, truncated or not .docx)."
    )


def test_vertically_merged_section_cells_in_word(tmp_path):
    document = Document()
    table = add_table(
        document,
        [
            ["Theme", "Action", "Lead"],
            ["1 Early help", "Open two family hubs", "Ann Vale"],
            ["", "Join up health visiting", "Ann Vale"],
            ["2 Education", "Track children missing school", "Rob Kerr"],
        ],
    )
    table.cell(1, 0).merge(table.cell(2, 0))
    path = tmp_path / "themes.docx"
    document.save(path)
    plan = read_plans(path)[0]
    assert plan.title == "themes"
    assert [(s.kind, s.ref, s.title, len(s.actions)) for s in plan.sections] == [
        ("theme", "1", "Early help", 2),
        ("theme", "2", "Education", 1),
    ]


def test_agenda_pack_docx_imports_only_its_plan_appendix(tmp_path):
    document = Document()
    document.add_heading("Children's Scrutiny Committee, 3 March 2027", level=0)
    document.add_paragraph("Oakhurst District Council")
    document.add_heading("Minutes of the last meeting", level=1)
    add_table(document, [["Item", "Minute"], ["1", "Apologies from two members"], ["2", "Minutes agreed"]])
    document.add_heading("Performance scorecard", level=1)
    add_table(document, [["Measure", "Target", "Actual", "RAG"], ["Visits in time", "90%", "84%", "Amber"]])
    document.add_heading("Appendix B: Early Help Action Plan", level=1)
    document.add_heading("Priority 1: Families get help sooner", level=2)
    add_table(
        document,
        [
            ["Ref", "Action", "Lead", "Due", "RAG"],
            ["1.1", "Open a single front door for early help", "Nia Voss", "April 2027", "Amber"],
            ["1.2", "Train school staff to start assessments", "Nia Voss", "June 2027", "Green"],
        ],
    )
    path = tmp_path / "agenda-pack.docx"
    document.save(path)
    plans = read_plans(path)
    assert len(plans) == 1
    plan = plans[0]
    assert plan.title == "Early Help Action Plan"  # the pack's appendix letter is no part of the plan's name
    assert plan.authority == "Oakhurst District Council"
    assert [(s.ref, s.title, len(s.actions)) for s in plan.sections] == [
        ("Priority 1", "Families get help sooner", 2)
    ]
    # item numbers in the minutes are not rating levels: the scale holds only what the plan used
    assert [(level.code, level.band) for level in plan.scale] == [("Amber", "amber"), ("Green", "green")]


def test_a_heading_row_merged_across_the_top_of_a_word_table_is_its_section(tmp_path):
    document = Document()
    document.add_heading("Voice of the Child Plan", level=0)
    table = add_table(
        document,
        [
            ["Priority 3: Listen to children", "", ""],
            ["Action", "Lead", "Deadline"],
            ["Hold a children's panel each term", "Uma Bright", "July 2027"],
        ],
    )
    table.cell(0, 0).merge(table.cell(0, 2))
    path = tmp_path / "voice.docx"
    document.save(path)
    plan = read_plans(path)[0]
    assert plan.title == "Voice of the Child Plan"
    assert [(s.ref, s.title, len(s.actions)) for s in plan.sections] == [
        ("Priority 3", "Listen to children", 1)
    ]


def test_nested_headings_nest_sections_and_body_text_is_not_a_section(tmp_path):
    document = Document()
    document.add_heading("Theme 1: Practice", level=1)
    document.add_paragraph("Narrative about the theme.")
    document.add_heading("Objective 1.1 Supervision", level=2)
    add_table(document, [["Action", "Lead", "Due"], ["Supervise monthly", "Tia Lund", "May 2027"]])
    document.add_heading("Objective 1.2 Audit", level=2)
    add_table(document, [["Action", "Lead", "Due"], ["Audit ten files a month", "Tia Lund", "June 2027"]])
    document.add_heading("Theme 2: Workforce", level=1)
    add_table(document, [["Action", "Lead", "Due"], ["Cut agency use", "Raj Odum", "Sept 2027"]])
    path = tmp_path / "nested.docx"
    document.save(path)
    plan = read_plans(path)[0]
    tree = [
        (s.kind, s.ref, [(c.kind, c.ref, [a.text for a in c.actions]) for c in s.children], len(s.actions))
        for s in plan.sections
    ]
    assert tree == [
        (
            "theme",
            "Theme 1",
            [
                ("objective", "Objective 1.1", ["Supervise monthly"]),
                ("objective", "Objective 1.2", ["Audit ten files a month"]),
            ],
            0,
        ),
        ("theme", "Theme 2", [], 1),
    ]


def test_the_council_named_only_in_the_plan_heading_is_its_authority(tmp_path):
    document = Document()
    document.add_heading("Corporate Parenting Panel, 12 March 2027", level=0)
    document.add_paragraph("Minutes of the meeting. Apologies were received.")
    add_table(document, [["Indicator", "Target", "Actual"], ["Visits in time", "90%", "84%"]])
    document.add_heading("Appendix 2: Hartwell Council Improvement Action Plan", level=1)
    add_table(document, [["Ref", "Actions", "Lead Officer", "Timeframe"], ["1.1", "Publish the pledge", "Sam Ode",
                                                                           "Sept 27"]])
    path = tmp_path / "pack.docx"
    document.save(path)
    [plan] = read_plans(path)
    assert (plan.title, plan.authority) == ("Hartwell Council Improvement Action Plan", "Hartwell Council")
    assert [a.due_date for a in iter_actions(plan)] == ["2027-09-30"]
