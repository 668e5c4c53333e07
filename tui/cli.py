"""The planreview command line: open the app, or run one command (import, list, actions, note, ...)."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from tui.errors import CliError
from tui.opening import DEFAULT_DB, open_db

COMMANDS = ("import", "list", "actions", "note", "history", "backup", "export", "merge", "meet")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planreview", description="Review improvement action plans.")
    sub = parser.add_subparsers(dest="command", required=True)

    def db_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=DEFAULT_DB, help=f"database file (default ./{DEFAULT_DB})")

    p = sub.add_parser("import", help="import plan documents (.txt extracted from PDF, .xlsx, .csv, .docx, .json)")
    p.add_argument("files", nargs="+", type=Path)
    db_arg(p)
    p.add_argument("--dry-run", action="store_true", help="show what would be imported; change nothing")
    p.add_argument("--date", help="the date the document speaks for, YYYY-MM-DD: dates its progress updates "
                   "(default: the date it prints, else the file's date)")

    p = sub.add_parser("list", help="plans with their counts")
    db_arg(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("actions", help="actions, filtered")
    db_arg(p)
    p.add_argument("--plan", help="plan id")
    p.add_argument("--band", help="comma-separated bands: red,amber,green,blue,none")
    p.add_argument("--overdue", action="store_true")
    p.add_argument("--lead")
    p.add_argument("--search")
    p.add_argument("--all", action="store_true", help="include actions removed from the plan")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--csv", action="store_true")

    p = sub.add_parser("note", help="add a dated progress entry to an action")
    p.add_argument("action_id")
    p.add_argument("--text", required=True)
    p.add_argument("--rating", help="a level of the plan's scale (code or label) or a band name")
    p.add_argument("--date", help="the date the update speaks for, YYYY-MM-DD (default today)")
    p.add_argument("--author")
    p.add_argument("--corrects", metavar="ENTRY_ID",
                   help="this entry corrects an earlier one (its id, or the start of it, from `history`)")
    db_arg(p)

    p = sub.add_parser("history", help="an action's progress entries, newest first")
    p.add_argument("action_id")
    db_arg(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("backup", help="copy the database safely (SQLite backup API)")
    p.add_argument("dest", type=Path)
    db_arg(p)

    p = sub.add_parser("export", help="write a plan as a spreadsheet, CSV, markdown or HTML report")
    p.add_argument("--plan", help="plan id (default: every plan)")
    p.add_argument("--format", required=True, choices=("xlsx", "csv", "md", "html"))
    p.add_argument("-o", "--output", required=True, type=Path, help="the file to write")
    db_arg(p)

    p = sub.add_parser("merge", help="bring another copy's changes in (running it both ways makes them equal)")
    p.add_argument("other", type=Path, metavar="OTHER_DB")
    db_arg(p)

    p = sub.add_parser("meet", help="open the app in meeting mode: walk the exceptions, leave with minutes")
    p.add_argument("--plan", help="plan id (default: the only plan)")
    db_arg(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `planreview` console script."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        if not argv or argv[0] not in COMMANDS and not argv[0].startswith("-"):
            return _open_app(argv[0] if argv else DEFAULT_DB)
        if argv[0] in ("-h", "--help"):
            _parser().print_help()
            print("\nWith no command: planreview [DB] opens the app on DB (default ./plans.db).")
            return 0
        args = _parser().parse_args(argv)
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - every failure becomes one sentence
        message = _explain(exc)
        if message is None:
            raise
        print(f"planreview: error: {message}", file=sys.stderr)
        return 1


def _explain(exc: Exception) -> str | None:
    from importers.model import PlanFormatError
    from store.db import StoreError
    from store.scale import UnknownRating

    if isinstance(exc, (CliError, StoreError, PlanFormatError, UnknownRating)):
        return str(exc)
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return "the database is busy (another program is writing to it); try again."
    if isinstance(exc, sqlite3.DatabaseError):
        return f"database problem: {exc}."
    if isinstance(exc, OSError):
        return f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
    return None


def _open_app(db: str) -> int:
    conn = open_db(db)
    conn.close()
    from tui.app import run_app

    return run_app(db) or 0


def _run(args: argparse.Namespace) -> int:
    if args.command == "meet":
        from tui.commands_meet import cmd_meet

        return cmd_meet(args)
    if args.command in ("export", "merge"):
        from tui import commands_export

        return getattr(commands_export, f"cmd_{args.command}")(args)
    from tui import commands

    return getattr(commands, f"cmd_{args.command}")(args)


if __name__ == "__main__":
    sys.exit(main())
