"""A command line that never invents data: typos exit 2, missing databases are never created, rules in the store."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from planreview.cli.main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def first_action(capsys, db, **where) -> dict:
    _, out, _ = run(capsys, "actions", "--json", "--db", str(db))
    rows = json.loads(out)
    return next(r for r in rows if all(r[k] == v for k, v in where.items()))


def entry_count(db) -> int:
    return sqlite3.connect(db).execute("SELECT count(*) FROM entry").fetchone()[0]


# -- mistyped commands ------------------------------------------------------------------------------------------

def test_a_mistyped_command_exits_2_with_a_did_you_mean_and_creates_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.txt").write_text("Ref\tAction\tLead\tDue\n1\tOpen the hub\tLee Hart\tMay 2027\n")
    code, out, err = run(capsys, "improt", "plan.txt")
    assert code == 2 and out == ""
    assert err.startswith("planreview: error: unknown command 'improt'. Did you mean `planreview import`?")
    assert "Commands: import, list, actions" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", "plan.txt"]


def test_a_single_unknown_word_is_a_mistyped_command_not_a_database(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "lsit")
    assert code == 2 and "Did you mean `planreview list`?" in err
    assert not (tmp_path / "lsit").exists()


def test_a_word_close_to_nothing_gets_the_list_without_a_guess(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "zzzzzz", "x")
    assert code == 2 and "Did you mean" not in err and "Commands: import" in err


def test_a_mistyped_command_in_a_script_does_not_hang(tmp_path):
    before = sorted(tmp_path.iterdir())
    proc = subprocess.run([sys.executable, "-m", "planreview", "improt", "plan.txt"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert sorted(tmp_path.iterdir()) == before


def test_an_unknown_option_exits_2(demo_db, capsys):
    code, _, err = run(capsys, "list", "--jsno", "--db", str(demo_db))
    assert code == 2 and "unrecognized arguments: --jsno" in err


# -- read commands on a database that does not exist -----------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["list"], ["list", "--json"], ["actions"], ["actions", "--json"], ["history", "abc"],
    ["export", "-o", "out.csv"], ["meet"], ["backup", "copy.db"], ["merge", "other.db"],
    ["note", "abc", "--text", "x"],
])
def test_a_command_on_a_missing_database_exits_1_and_creates_nothing(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run(capsys, *argv, "--db", "typo.db")
    assert code == 1 and out == ""
    assert err.strip() == ("planreview: error: typo.db: no such database; check the path, or create it with: "
                           "planreview import FILE --db typo.db.")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_list_on_the_default_database_before_any_import_says_how_to_start(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "list")
    assert code == 1 and "plans.db: no such database; import a plan first: planreview import FILE." in err
    assert not (tmp_path / "plans.db").exists()


def test_opening_the_app_on_a_missing_database_other_than_the_default_creates_nothing(tmp_path, monkeypatch,
                                                                                         capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "typo.db")
    assert code == 1 and "typo.db: no such database" in err
    assert not (tmp_path / "typo.db").exists()


def test_only_the_default_database_is_created_with_the_demo(tmp_path, monkeypatch):
    from planreview.cli.opening import open_for_app

    monkeypatch.chdir(tmp_path)
    assert open_for_app("plans.db") is True  # first run: created with the fictional demo
    plans = sqlite3.connect(tmp_path / "plans.db").execute("SELECT authority, source FROM plan").fetchall()
    assert plans == [("Harrowfield Borough Council", "demo_plan.json")]
    assert open_for_app("plans.db") is False  # the second time it is just opened
    assert open_for_app(tmp_path / "plans.db") is False


def test_import_creates_a_new_database_without_the_demo(tmp_path, capsys):
    plan = tmp_path / "plan.csv"
    plan.write_text("Ref,Action,Lead,Due\nA1,Open the hub,Lee Hart,May 2027\n")
    code, _, _ = run(capsys, "import", str(plan), "--db", str(tmp_path / "new.db"))
    assert code == 0
    assert sqlite3.connect(tmp_path / "new.db").execute("SELECT count(*) FROM plan").fetchone()[0] == 1


# -- the rules of an entry hold for the command line too ---------------------------------------------------------

def test_a_rating_change_without_a_reason_is_refused(demo_db, capsys):
    target = first_action(capsys, demo_db, band="red")
    before = entry_count(demo_db)
    code, _, err = run(capsys, "note", target["id"], "--text", "", "--rating", "3", "--db", str(demo_db))
    assert code == 1 and "a rating change needs a reason" in err
    code, _, err = run(capsys, "note", target["id"], "--text", "   ", "--rating", "green", "--db", str(demo_db))
    assert code == 1 and "a rating change needs a reason" in err
    assert entry_count(demo_db) == before


def test_the_same_rating_again_is_no_change_a_bare_one_records_nothing(demo_db, capsys):
    # issue 12: an entry that does not change the rating records none (a "confirmation" written on a stale copy
    # would undo a newer rating when merged), so the same rating without words is refused and writes nothing
    target = first_action(capsys, demo_db, band="red")
    before = entry_count(demo_db)
    code, _, err = run(capsys, "note", target["id"], "--text", "", "--rating", "1", "--db", str(demo_db))
    assert code == 1 and "the rating is already 1 Not started; an entry that keeps it needs a note" in err
    assert entry_count(demo_db) == before
    code, out, _ = run(capsys, "note", target["id"], "--text", "Still not started", "--rating", "1",
                       "--db", str(demo_db))
    assert code == 0 and "now R 1 Not started" in out


@pytest.mark.parametrize(("typed", "message"), [
    ("2026-11-23", "2026-11-23 is after today (2026-11-22)"),  # the day after today
    ("23/11/2026", "is not a date"),  # day-first, and in the future
    ("2027-01-05", "is after today"),
    ("22/11/2026", "is not a date"),  # day-first today: refused as a form, not taken as a different day
])
def test_a_date_after_today_or_in_another_form_is_refused(demo_db, capsys, typed, message):
    target = first_action(capsys, demo_db, band="red")
    before = entry_count(demo_db)
    code, _, err = run(capsys, "note", target["id"], "--text", "x", "--date", typed, "--db", str(demo_db))
    assert code == 1 and message in err
    assert entry_count(demo_db) == before


def test_today_itself_is_accepted(demo_db, capsys):
    target = first_action(capsys, demo_db, band="red")
    code, _, _ = run(capsys, "note", target["id"], "--text", "x", "--date", "2026-11-22", "--db", str(demo_db))
    assert code == 0


def test_an_entry_needs_an_author(demo_db, capsys, monkeypatch):
    from planreview.store.db import StoreError, connect
    from planreview.store.writes import add_entry

    target = first_action(capsys, demo_db, band="red")
    with connect(demo_db) as conn, pytest.raises(StoreError, match="an entry needs an author"):
        add_entry(conn, target["id"], note="who wrote this?", author=" ")
    code, _, err = run(capsys, "note", target["id"], "--text", "x", "--author", "", "--db", str(demo_db))
    assert code == 1 and "an entry needs an author" in err


def test_the_store_refuses_a_rating_change_without_a_reason_from_any_front_end(demo_db, capsys):
    from planreview.store.db import StoreError, connect
    from planreview.store.writes import add_entry

    target = first_action(capsys, demo_db, band="red")
    with connect(demo_db) as conn, pytest.raises(StoreError, match="a rating change needs a reason"):
        add_entry(conn, target["id"], note="", rating="green", author="Tester")


# -- export to standard output and the format from the suffix ---------------------------------------------------

def test_export_to_standard_output(demo_db, capsysbinary):
    code = main(["export", "--format", "csv", "-o", "-", "--db", str(demo_db)])
    out, err = capsysbinary.readouterr()
    assert code == 0
    text = out.decode("utf-8-sig").splitlines()
    assert text[0].startswith("Plan,") and len(text) == 1 + 35
    assert b"standard output" in err


def test_export_takes_the_format_from_the_file_name(demo_db, tmp_path, capsys):
    code, out, _ = run(capsys, "export", "-o", str(tmp_path / "board.md"), "--db", str(demo_db))
    assert code == 0 and out.strip().endswith("(md)")
    assert (tmp_path / "board.md").read_text(encoding="utf-8").startswith("# Children's Services")


@pytest.mark.parametrize(("argv", "message"), [
    (["-o", "board.xlsx", "--format", "csv"], "--format csv does not match 'board.xlsx'"),
    (["-o", "board.txt"], "which format for 'board.txt'?"),
    (["-o", "-"], "which format for standard output (-o -)?"),
])
def test_export_refuses_an_unknown_or_mismatched_format(demo_db, tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "export", *argv, "--db", str(demo_db))
    assert code == 1 and message in err
    assert not any(p.name.startswith("board") for p in tmp_path.iterdir())


# -- version, help, config ----------------------------------------------------------------------------------------

def test_version_from_the_command_and_python_m(tmp_path, capsys):
    from planreview import __version__

    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"planreview {__version__}"
    proc = subprocess.run([sys.executable, "-m", "planreview", "--version"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == f"planreview {__version__}"


def test_every_option_of_every_command_has_help_text():
    from planreview.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    missing = [f"{name} {'/'.join(action.option_strings) or action.dest}"
               for name, command in sub.choices.items() for action in command._actions
               if not action.help and action.dest != "help"]
    assert missing == []
    assert all(command.epilog and "example" in command.epilog for command in sub.choices.values())


def test_a_config_file_with_a_syntax_error_is_reported_with_its_line(tmp_path, monkeypatch, capsys, demo_db):
    config = tmp_path / "broken.toml"
    config.write_text('author = "Sam"\nkeymap = [oops\n', encoding="utf-8")
    monkeypatch.setenv("PLANREVIEW_CONFIG", str(config))
    target = first_action(capsys, demo_db, band="red")
    code, _, err = run(capsys, "note", target["id"], "--text", "x", "--db", str(demo_db))
    assert code == 1 and f"{config}: not valid TOML" in err and "line 2" in err
    code, _, err = run(capsys, "config")
    assert code == 1 and "line 2" in err


def test_config_prints_its_path_and_the_settings_in_force(tmp_path, monkeypatch, capsys):
    config = tmp_path / "c.toml"
    config.write_text('author = "Sam Okafor"\n[keymap]\n"filter.overdue" = "O"\n', encoding="utf-8")
    monkeypatch.setenv("PLANREVIEW_CONFIG", str(config))
    code, out, _ = run(capsys, "config")
    assert code == 0
    assert out.splitlines()[0] == f"config file: {config}"
    assert 'author = "Sam Okafor"' in out and '"filter.overdue" = "O"' in out and "discussed_seconds = 20" in out


def test_without_the_environment_variable_the_config_lives_where_platformdirs_says(monkeypatch, tmp_path):
    from platformdirs import user_config_path

    from planreview.config import config_path

    monkeypatch.delenv("PLANREVIEW_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_path() == user_config_path("planreview", appauthor=False) / "config.toml"
    assert config_path() == tmp_path / "planreview" / "config.toml"


@pytest.mark.parametrize("value", ["tomorrow", "2026-13-01", "01/12/2026"])
def test_a_malformed_today_is_one_clear_line(demo_db, monkeypatch, capsys, value):
    monkeypatch.setenv("PLANREVIEW_TODAY", value)
    code, _, err = run(capsys, "list", "--db", str(demo_db))
    assert code == 1 and err.count("\n") == 1
    assert f"PLANREVIEW_TODAY={value!r} is not a date; use YYYY-MM-DD" in err
