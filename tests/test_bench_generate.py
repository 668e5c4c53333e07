"""The benchmark generator makes valid plans of the size asked for (bench/generate.py)."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def _generate():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_small_database_has_the_asked_counts(tmp_path):
    gen = _generate()
    db = gen.write_db(60, tmp_path / "plan.db")
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM action WHERE state = 'active'").fetchone()[0] == 60
    assert conn.execute("SELECT count(*) FROM plan").fetchone()[0] == 1
    per_action = [n for (n,) in conn.execute("SELECT count(*) FROM entry GROUP BY action_id")]
    assert len(per_action) == 60 and min(per_action) >= 4 and max(per_action) <= 12
    lengths = [n for (n,) in conn.execute("SELECT length(text) FROM action")]
    assert min(lengths) >= 60 and max(lengths) <= 300
    kinds = dict(conn.execute("SELECT kind, count(*) FROM section GROUP BY kind"))
    assert kinds["priority"] >= 3 and kinds["objective"] >= kinds["priority"]
    assert conn.execute("SELECT count(*) FROM action WHERE lead = ''").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM action WHERE due_date IS NOT NULL").fetchone()[0] > 30
    # the cached current rating comes from the entries, so every action is rated and bands vary
    bands = dict(conn.execute("SELECT band, count(*) FROM action GROUP BY band"))
    assert "none" not in bands and len(bands) >= 3


def test_same_size_gives_the_same_plan(tmp_path):
    gen = _generate()
    first, second = gen.build_plan(25), gen.build_plan(25)
    assert [a.text for s in first.sections for o in s.children for a in o.actions] == [
        a.text for s in second.sections for o in s.children for a in o.actions
    ]


def test_xlsx_tracker_imports_with_every_row(tmp_path):
    from planreview.importers import read_plans
    from planreview.importers.model import iter_actions

    gen = _generate()
    path = gen.write_xlsx(40, tmp_path / "tracker.xlsx")
    plans = read_plans(path)
    assert sum(1 for p in plans for _ in iter_actions(p)) == 40
