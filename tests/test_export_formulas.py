"""Text that starts like a formula is never a formula in an export (xlsx string cells, csv apostrophe), and the
plan imports back with the text exactly as written and no action marked removed."""

from __future__ import annotations

import csv

import pytest
from planreview.cli.main import main
from planreview.importers import read_plans
from planreview.store.db import connect
from planreview.store.queries import ActionFilter, find_actions, list_plans
from planreview.store.save_plan import save_plans
from planreview.store.writes import add_entry, edit_action_field

NOTES = ['=HYPERLINK("http://evil.example","click")', "= no change since March", "+44 team call booked",
         "-5 days behind", "@channel asked"]


@pytest.fixture
def formula_db(demo_db):
    conn = connect(demo_db)
    actions = find_actions(conn, ActionFilter())[: len(NOTES)]
    for action, note in zip(actions, NOTES, strict=True):
        add_entry(conn, action.id, note=note, author="Tester")
    edit_action_field(conn, actions[0].id, "lead", "=1+1 Lead", author="Tester")
    conn.close()
    return demo_db


def test_xlsx_cells_that_look_like_formulas_are_text_and_import_back_unchanged(formula_db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "plan.xlsx"
    assert main(["export", "-o", str(out), "--db", str(formula_db)]) == 0
    sheet = load_workbook(out).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula cell anywhere
    assert {c.value for c in cells} >= {*NOTES, "=1+1 Lead"}
    conn = connect(tmp_path / "fresh.db")
    save_plans(conn, read_plans(out))  # a colleague imports the tracker
    assert not [a for a in find_actions(conn, ActionFilter()) if a.state == "removed"]
    notes = [r[0] for r in conn.execute("SELECT note FROM entry")]
    assert all(notes.count(n) == 1 for n in NOTES)  # nothing read as empty, nothing doubled
    assert list_plans(conn)[0].actions == 35
    conn.close()


def test_csv_cells_that_look_like_formulas_get_an_apostrophe_and_import_back_without_it(formula_db, tmp_path):
    out = tmp_path / "plan.csv"
    assert main(["export", "-o", str(out), "--db", str(formula_db)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    written = {r["Progress update"] for r in rows}
    assert {f"'{n}" for n in NOTES} <= written
    assert not [v for r in rows for v in r.values() if v and v[0] in "=+-@"]
    plan = read_plans(out)[0]
    from planreview.importers.model import iter_actions

    read_back = {e.note for a in iter_actions(plan) for e in a.entries}
    assert set(NOTES) <= read_back
    assert "=1+1 Lead" in {a.lead for a in iter_actions(plan)}


def test_the_xlsx_tracker_has_filters_a4_landscape_print_setup_and_widths_by_content(formula_db, tmp_path):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    out = tmp_path / "plan.xlsx"
    assert main(["export", "-o", str(out), "--db", str(formula_db)]) == 0
    sheet = load_workbook(out).worksheets[0]
    header = [c.value for c in sheet[4]]
    assert sheet.auto_filter.ref == f"A4:{get_column_letter(len(header))}39"  # header + 35 actions
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    widths = {name: sheet.column_dimensions[get_column_letter(i)].width for i, name in enumerate(header, start=1)}
    assert widths["Action"] == 60 and widths["Ref"] < 20  # prose gets room; a short ref does not


def test_the_xlsx_keeps_the_key_and_a_summary_with_a_chart_on_sheets_of_their_own(formula_db, tmp_path):
    import zipfile

    import pandas as pd
    from openpyxl import load_workbook

    out = tmp_path / "plan.xlsx"
    assert main(["export", "-o", str(out), "--db", str(formula_db)]) == 0
    book = load_workbook(out)
    assert book.sheetnames[-2:] == ["Rating key", "Summary"]
    plan_sheet = book.sheetnames[0]
    frame = pd.read_excel(out, sheet_name=plan_sheet, header=3)
    assert len(frame) == 35  # only the actions: no key rows under the data
    summary = [[c.value for c in row] for row in book["Summary"].iter_rows(min_row=3)]
    assert sum(row[-1] for row in summary) == 35
    conn = connect(formula_db)
    reds = sum(a.band == "red" for a in find_actions(conn, ActionFilter()))
    conn.close()
    assert sum(row[1] for row in summary) == reds
    assert any(name.startswith("xl/charts/chart") for name in zipfile.ZipFile(out).namelist())
