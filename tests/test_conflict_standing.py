"""A conflict names what stands now, also when one side has since been re-rated on its own copy."""

from __future__ import annotations

import json
import shutil

from planreview.cli.main import main
from planreview.cli.opening import open_db
from planreview.store.conflicts import open_conflicts
from planreview.store.db import connect
from planreview.store.merge import merge_file
from planreview.store.queries import ActionFilter, find_actions, get_action
from planreview.store.writes import add_entry
from planreview.tui.widgets.detail_pane import conflicts_text


def _levels(conn, action):
    """The plan's level codes other than the action's current rating, so that each entry below is a change."""
    codes = [r[0] for r in conn.execute("SELECT code FROM level WHERE plan_id = ? ORDER BY position",
                                        (action.plan_id,))]
    return [c for c in codes if c != action.rating]


def test_a_later_rating_on_one_side_is_what_stands(tmp_path, capsys):
    office, laptop = tmp_path / "office.db", tmp_path / "laptop.db"
    conn = open_db(office)
    action = find_actions(conn, ActionFilter())[0]
    conn.close()
    shutil.copy(office, laptop)
    a = connect(office)
    b = connect(laptop)
    one, two, three = _levels(a, action)[:3]
    add_entry(a, action.id, note="office re-rates", rating=one, author="Office")
    add_entry(b, action.id, note="laptop re-rates", rating=two, author="Laptop")
    latest = add_entry(a, action.id, note="office again, not having seen the laptop", rating=three, author="Office")
    b.close()
    merge_file(a, laptop)
    [conflict] = open_conflicts(a, action_id=action.id)
    assert conflict.standing.id == latest and conflict.standing_is_newer
    assert get_action(a, action.id).rating == three
    shown = conflicts_text([conflict]).plain  # the detail pane
    assert "stands for now" not in shown and f"Stands now: {conflict.standing.value}  Office" in shown
    a.close()

    assert main(["conflicts", "--db", str(office)]) == 0
    out = capsys.readouterr().out
    assert "stands for now" not in out  # neither side stands: the office's later entry does
    assert f"stands now: {conflict.standing.value}  by Office" in out and f"#{latest[:12]}" in out
    assert main(["conflicts", "--db", str(office), "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["standing"] == latest and listed["standing_value"] == conflict.standing.value


def test_the_later_side_stands_when_nothing_was_written_since(tmp_path, capsys):
    office, laptop = tmp_path / "office.db", tmp_path / "laptop.db"
    conn = open_db(office)
    action = find_actions(conn, ActionFilter())[0]
    conn.close()
    shutil.copy(office, laptop)
    a, b = connect(office), connect(laptop)
    one, two = _levels(a, action)[:2]
    add_entry(a, action.id, note="office re-rates", rating=one, author="Office")
    later = add_entry(b, action.id, note="laptop re-rates", rating=two, author="Laptop")
    b.close()
    merge_file(a, laptop)
    [conflict] = open_conflicts(a, action_id=action.id)
    assert conflict.standing.id == later and not conflict.standing_is_newer
    a.close()
    assert main(["conflicts", "--db", str(office)]) == 0
    out = capsys.readouterr().out
    assert "<- stands for now (the later)" in out and "stands now:" not in out
