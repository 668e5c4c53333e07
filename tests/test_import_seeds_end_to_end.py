"""The four real seeds through the command line into one database: the figures a chair would see."""

from __future__ import annotations

import json

from planreview.cli.main import main

DUE_DATES = {  # actions whose timescale holds a date (the rest are relative, "3 months", or blank)
    "thurrock-cdp-2019-20.txt": 40,
    "thurrock-csc-development-plan-2018-19.txt": 88,
    "southampton-ofsted-action-plan.txt": 28,
    "shropshire-post-ofsted-action-plan.txt": 77,
}
EXPECTED = {
    # source file: (sections, active actions, bands)
    "thurrock-cdp-2019-20.txt": (7, 41, {"red": 0, "amber": 0, "green": 0, "blue": 0, "none": 41}),
    "thurrock-csc-development-plan-2018-19.txt": (8, 99, {"red": 3, "amber": 40, "green": 38, "blue": 18, "none": 0}),
    "southampton-ofsted-action-plan.txt": (3, 32, {"red": 0, "amber": 0, "green": 0, "blue": 0, "none": 32}),
    "shropshire-post-ofsted-action-plan.txt": (12, 77, {"red": 0, "amber": 6, "green": 71, "blue": 0, "none": 0}),
}


def test_all_four_seeds_import_with_their_figures(seeds_dir, tmp_path, capsys):
    db = tmp_path / "seeds.db"
    files = [str(seeds_dir / name) for name in EXPECTED]
    assert main(["import", *files, "--db", str(db)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("imported ") for line in lines)
    assert main(["list", "--json", "--db", str(db)]) == 0
    plans = {p["source"]: p for p in json.loads(capsys.readouterr().out)}
    assert set(plans) == set(EXPECTED)
    for source, (sections, actions, bands) in EXPECTED.items():
        assert (plans[source]["sections"], plans[source]["actions"], plans[source]["bands"]) == (
            sections, actions, bands), source
    assert main(["actions", "--json", "--all", "--db", str(db)]) == 0
    rows = json.loads(capsys.readouterr().out)
    source = {p["id"]: p["source"] for p in plans.values()}
    dated = {name: sum(1 for r in rows if source[r["plan_id"]] == name and r["due_date"]) for name in DUE_DATES}
    assert dated == DUE_DATES
    removed = [(source[r["plan_id"]], r["ref"]) for r in rows if r["state"] == "removed"]
    assert removed == [("southampton-ofsted-action-plan.txt", "18")]
    cdp = next(r for r in rows if r["ref"] == "3.2 Ofsted 2")
    assert (cdp["due_raw"], cdp["due_date"], cdp["lead"], cdp["tags"]) == ("July 2020", "2020-07-31", "J Tynan AD",
                                                                           ["ofsted-2"])


def test_reimporting_the_seeds_changes_nothing(seeds_dir, tmp_path, capsys):
    db = tmp_path / "seeds.db"
    files = [str(seeds_dir / name) for name in EXPECTED]
    main(["import", *files, "--db", str(db)])
    capsys.readouterr()
    main(["import", *files, "--db", str(db)])
    for line in capsys.readouterr().out.strip().splitlines():
        assert "added 0, changed 0, removed 0, 0 entries added" in line


def test_spot_checks_through_the_store(seeds_dir, tmp_path, capsys):
    db = tmp_path / "seeds.db"
    main(["import", str(seeds_dir / "shropshire-post-ofsted-action-plan.txt"),
          str(seeds_dir / "thurrock-csc-development-plan-2018-19.txt"), "--db", str(db)])
    capsys.readouterr()
    main(["actions", "--json", "--db", str(db), "--search", "11.1"])
    row = next(r for r in json.loads(capsys.readouterr().out) if r["ref"] == "11.1")
    assert (row["rating"], row["band"], row["due_date"]) == ("Amber", "amber", "2018-06-01")
    assert "Elaine Storey" in row["lead"]
    main(["actions", "--json", "--db", str(db), "--search", "CAF Health Visitors"])
    row = json.loads(capsys.readouterr().out)[0]
    assert row["band"] == "red" and "Clare Moore" in row["lead"] and row["due_date"] == "2018-04-30"
    main(["history", row["id"], "--json", "--db", str(db)])
    history = json.loads(capsys.readouterr().out)
    assert [e["band"] for e in history if e["rating"]] == ["red", "red"]
    assert [e["on_date"] for e in history] == ["2018-01-31", "2017-12-31"]
