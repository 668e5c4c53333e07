"""Any text extract, CSV or workbook gives either plans whose every field is clean text, or one clear sentence:
never a traceback, never a control character kept."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planreview.importers import read_plans
from planreview.importers.model import PlanFormatError, iter_actions, iter_sections

WORDS = ["Ref", "Action", "Actions", "Lead", "Responsible", "Deadline", "Timescale", "RAG", "Progress", "Status",
         "Priority 1", "1.1", "2", "Green", "Amber", "R", "A", "G", "Complete", "31/03/2027", "2027-02-28",
         "March 2027", "Ongoing", "Jo Rees", "", " ", "Key", "=SUM(A1)", "[/]", "\x1b[2J", "a\tb", "\u200b",
         "Theme 2 Safety", "Outcome", "Evidence of impact", "x" * 300]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
rows = st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=7), min_size=0, max_size=12)


def _plan_or_sentence(path) -> None:
    try:
        plans = read_plans(path)
    except PlanFormatError as exc:
        said = str(exc)
        assert said.startswith(f"{path.name}: ") and "\n" not in said and not CONTROL.search(said)
        return
    for plan in plans:
        assert plan.title.strip()
        for section in iter_sections(plan):
            assert not CONTROL.search(section.title + section.ref)
        for action in iter_actions(plan):
            texts = [action.text, action.ref, action.lead, action.due_raw, *(e.note for e in action.entries)]
            assert not any(CONTROL.search(t.replace("\n", "")) for t in texts), texts
            assert "\t" not in action.text
            codes = {level.code for level in plan.scale}
            assert all(e.rating is None or e.rating in codes for e in action.entries)


@FUZZ
@given(rows)
def test_a_text_extract_of_any_tab_table_gives_plans_or_one_sentence(tmp_path, grid):
    path = tmp_path / "extract.txt"
    path.write_text("\n".join("\t".join(row) for row in grid), encoding="utf-8")
    _plan_or_sentence(path)


@FUZZ
@given(rows)
def test_a_csv_of_any_cells_gives_plans_or_one_sentence(tmp_path, grid):
    import csv

    path = tmp_path / "table.csv"
    with open(path, "w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(grid)
    _plan_or_sentence(path)


cells = st.one_of(st.sampled_from(WORDS), st.none(), st.integers(-5, 2030), st.floats(allow_nan=False, width=32),
                  st.dates().map(lambda d: d))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cells, min_size=0, max_size=6), min_size=0, max_size=10))
def test_a_workbook_of_any_cells_gives_plans_or_one_sentence(tmp_path, grid):
    from openpyxl import Workbook

    book = Workbook()
    for row in grid:
        book.active.append([c.replace("\x1b", "") if isinstance(c, str) else c for c in row])  # openpyxl refuses ESC
    path = tmp_path / "book.xlsx"
    book.save(path)
    _plan_or_sentence(path)
