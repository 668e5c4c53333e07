"""A .json plan file of the wrong shape is refused with one sentence naming the field, never a traceback, and
nothing is written."""

from __future__ import annotations

import json

import pytest
from planreview.cli.main import main
from planreview.importers import read_plans
from planreview.importers.model import PlanFormatError, iter_actions

GOOD = {
    "title": "Northfold improvement plan",
    "doc_date": "2026-10-01",
    "scale": [{"code": 1, "label": "Red", "band": "red"}, {"code": "2", "label": "Green", "band": "green"}],
    "sections": [{"ref": 1, "title": "Leadership", "actions": [
        {"ref": 1.1, "text": "Agree the board's terms", "due_date": "2027-03-31",
         "entries": [{"on_date": "2026-09-30", "rating": 2, "note": "Agreed"}]}]}],
}


def _with(path: list, value):
    plan = json.loads(json.dumps(GOOD))
    target = plan
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return plan


CASES = [
    (_with(["title"], 42), "title: expected text, found a number"),
    (_with(["title"], "  "), "title: empty (a plan needs a title)"),
    (_with(["doc_date"], "soon"), "doc_date: 'soon' is not a date (YYYY-MM-DD)"),
    (_with(["sections", 0, "actions", 0, "due_date"], "31/03/2027"),
     "sections[0].actions[0].due_date: '31/03/2027' is not a date (YYYY-MM-DD)"),
    (_with(["sections", 0, "actions", 0, "text"], float("nan")),
     "sections[0].actions[0].text: expected text, found NaN or infinity"),
    (_with(["sections"], {"a": 1}), "sections: expected a list, found an object"),
    (_with(["sections", 0, "actions", 0, "entries", 0, "rating"], 7),
     "sections[0].actions[0].entries[0].rating: '7' is not one of the plan's levels (1, 2)"),
    (_with(["scale", 0, "band"], "purple"), "scale[0].band: 'purple' is not a band"),
    (_with(["sections", 0, "actions", 0, "state"], "gone"), "sections[0].actions[0].state: 'gone' is not a state"),
    (_with(["sections", 0, "actions", 0, "tags"], "urgent"), "sections[0].actions[0].tags: expected a list"),
    ([], "the file holds an empty list, not a plan"),
    ([1, 2], "plan 1: the plan: expected an object with fields, found a number"),
    ("a plan", "the plan: expected an object with fields, found text"),
    ({"sections": []}, "title: missing (it is required)"),
    (_with(["sections", 0, "actions", 0], {"ref": "x"}), "sections[0].actions[0].text: missing (it is required)"),
]


@pytest.mark.parametrize(("data", "said"), CASES, ids=[said[:40] for _, said in CASES])
def test_a_wrongly_typed_plan_file_is_refused_naming_the_field(tmp_path, capsys, data, said):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PlanFormatError) as refused:
        read_plans(path)
    assert str(refused.value).startswith("plan.json: not a planreview plan file: ")
    assert said in str(refused.value)
    db = tmp_path / "p.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not db.exists()


def test_sections_nested_without_end_are_refused(tmp_path):
    nested = '{"title": "s", "children": [' * 5000 + '{"title": "x"}' + "]}" * 5000
    path = tmp_path / "deep.json"
    path.write_text('{"title": "Deep plan", "sections": [' + nested + "]}", encoding="utf-8")
    with pytest.raises(PlanFormatError, match="deep.json: not a planreview plan file"):
        read_plans(path)
    shallow = '{"title": "s", "children": [' * 20 + '{"title": "x"}' + "]}" * 20
    path.write_text('{"title": "Deep plan", "sections": [' + shallow + "]}", encoding="utf-8")
    with pytest.raises(PlanFormatError, match=r"sections nested more than 12 deep"):
        read_plans(path)


def test_numbers_where_the_schema_allows_them_are_read_as_text(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    plan = read_plans(path)[0]
    action = next(iter_actions(plan))
    assert (plan.sections[0].ref, action.ref, action.entries[0].rating) == ("1", "1.1", "2")
    assert [lv.code for lv in plan.scale] == ["1", "2"]
    assert action.due_date == "2027-03-31" and plan.doc_date == "2026-10-01"
