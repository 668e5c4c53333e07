"""The planreview command line: open the app, or run one command (import, list, actions, note, ...)."""

from __future__ import annotations

import argparse
import difflib
import sqlite3
import sys
from pathlib import Path

from planreview.cli.errors import CliError
from planreview.cli.opening import DEFAULT_DB

from planreview import __version__
from planreview.text import inert

EXIT_ERROR, EXIT_USAGE = 1, 2
DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")

EPILOG = """\
examples:
  planreview                                   open the app on ./plans.db (a fictional demo plan on first run)
  planreview import report.txt plan.xlsx       import plans into ./plans.db
  planreview actions --band red --overdue      the red actions that are overdue
  planreview note 3f2a9c --text "Audit done" --rating green
  planreview export --plan ID -o board.xlsx    a spreadsheet for the committee papers
  planreview merge laptop.db                   bring a laptop copy's updates in

With no command, planreview [DB] opens the app on DB (default ./plans.db). Errors are one line and exit 1;
a mistyped command exits 2.
"""


class _Parser(argparse.ArgumentParser):
    """argparse with the usage errors told as one line and exit 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse's hook
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, metavar="DB",
                   help=f"the database file (default ./{DEFAULT_DB}); read commands never create it")


def _add(sub, name: str, help_: str, example: str) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=help_, description=help_, epilog=f"example:\n  {example}",
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (the contract scripts rely on; see DESIGN.md)."""
    parser = _Parser(prog="planreview", description="Review improvement action plans from the keyboard.",
                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"planreview {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = _add(sub, "import", "import plan documents (.txt extracted from PDF, .xlsx, .csv, .docx, .json)",
             "planreview import appendix-2.txt --dry-run")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="the documents to read")
    _db_arg(p)
    p.add_argument("--dry-run", action="store_true",
                   help="do the import, print what it would change action by action, and write nothing")
    p.add_argument("--json", action="store_true", help="print what the import did as a JSON array (one per plan)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--into", metavar="PLAN_ID",
                       help="the document is the next report of this stored plan (its id, or the start of it)")
    which.add_argument("--as-new", action="store_true",
                       help="a plan of its own, even if a stored plan has the same title")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="the date the document speaks for: dates its progress updates "
                        "(default: the date it prints, else the file's date)")

    p = _add(sub, "list", "the plans in the database, with their counts", "planreview list --json")
    _db_arg(p)
    p.add_argument("--json", action="store_true", help="print a JSON array (one object per plan)")

    p = _add(sub, "actions", "actions, filtered", "planreview actions --band red,amber --lead smith --csv")
    _db_arg(p)
    p.add_argument("--plan", metavar="ID", help="only this plan (ids from `planreview list`)")
    p.add_argument("--band", metavar="BANDS", help="comma-separated bands: red,amber,green,blue,none")
    p.add_argument("--overdue", action="store_true", help="only actions whose due date has passed")
    p.add_argument("--lead", metavar="TEXT", help="only actions whose lead contains TEXT")
    p.add_argument("--search", metavar="TEXT", help="only actions whose text, ref or lead contains TEXT")
    p.add_argument("--all", action="store_true", help="include actions removed from the plan")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print a JSON array (one object per action)")
    fmt.add_argument("--csv", action="store_true", help="print CSV with a header row")
    p.add_argument("--full", action="store_true",
                   help="print whole texts and leads, never cut (the default when the output is not a terminal)")

    p = _add(sub, "show", "one action in full, as labelled lines", "planreview show 3f2a9c")
    p.add_argument("action_id", metavar="ACTION_ID", help="the action's id, or its start (from `planreview actions`)")
    _db_arg(p)

    p = _add(sub, "note", "add a dated progress entry to an action",
             'planreview note 3f2a9c --text "Panel met; 4 of 6 done" --rating amber')
    p.add_argument("action_id", metavar="ACTION_ID", help="the action's id (from `planreview actions`)")
    p.add_argument("--text", required=True, help="the update; a rating change needs one (the reason)")
    p.add_argument("--rating", metavar="LEVEL", help="a level of the plan's scale (code or label) or a band name")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day the update speaks for (default today; not later)")
    p.add_argument("--author", metavar="NAME", help="who writes it (default: the config's author, else your name)")
    p.add_argument("--corrects", metavar="ENTRY_ID",
                   help="this entry corrects an earlier one (its id, or the start of it, from `history`)")
    p.add_argument("--settle", action="store_true",
                   help="this entry settles the action's rating conflict (it names both entries; give --rating)")
    _db_arg(p)

    p = _add(sub, "history", "an action's progress entries, decisions and flags, newest first",
             "planreview history 3f2a9c --json")
    p.add_argument("action_id", metavar="ACTION_ID", help="the action's id (from `planreview actions`)")
    _db_arg(p)
    p.add_argument("--json", action="store_true",
                   help="print a JSON array (one object per entry, decision or flag; see its kind)")
    p.add_argument("--full", action="store_true",
                   help="print every line of each note, never only the first (the default when the output is not a "
                        "terminal)")

    p = _add(sub, "conflicts", "ratings and fields two copies changed from the same starting point, unsettled",
             "planreview conflicts --json")
    p.add_argument("--plan", metavar="ID", help="only this plan (ids from `planreview list`)")
    p.add_argument("--json", action="store_true", help="print a JSON array (one object per conflict)")
    _db_arg(p)

    p = _add(sub, "backup", "copy the database safely, even while the app is open (SQLite backup API)",
             "planreview backup plans-2026-12-01.db")
    p.add_argument("dest", type=Path, metavar="DEST", help="the new file to write (must not exist)")
    _db_arg(p)

    p = _add(sub, "export", "write a plan as a spreadsheet, CSV, markdown or HTML report",
             "planreview export --plan ID -o board.xlsx   (or --format csv -o - for standard output)")
    p.add_argument("--plan", metavar="ID", help="plan id (default: every plan)")
    p.add_argument("--format", choices=("xlsx", "csv", "md", "html"),
                   help="the format (default: from the suffix of -o)")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the file to write, or - for standard output")
    _db_arg(p)

    p = _add(sub, "merge", "bring another copy's changes in (running it both ways makes the two equal)",
             "planreview merge /media/usb/plans.db")
    p.add_argument("other", type=Path, metavar="OTHER_DB", help="the other copy (read, never written)")
    _db_arg(p)

    p = _add(sub, "meet", "open the app in meeting mode: walk the exceptions, leave with minutes",
             "planreview meet --plan ID")
    p.add_argument("--plan", metavar="ID", help="plan id or the start of it (default: the only plan)")
    _db_arg(p)
    p.add_argument("--plain", action="store_true",
                   help="line mode for screen readers and plain terminals: one command per line from standard input, "
                        "plain text out (type help for the commands; the end of input pauses the meeting)")
    p.add_argument("--new", action="store_true",
                   help="with --plain: end the plan's unfinished meeting (its minutes are written) and start another")
    p.add_argument("--title", default="Improvement board", help="with --plain: a new meeting's title")
    p.add_argument("--date", metavar="DATE", help="with --plain: a new meeting's date (default today; not later)")
    p.add_argument("--chair", metavar="NAME", help="with --plain: who chairs a new meeting (default: the config's "
                                                     "author); the notes are written in the chair's name")
    p.add_argument("--minutes", default=".", metavar="DIR",
                   help="with --plain: the folder the minutes are written into when the meeting ends (default: here)")

    p = _add(sub, "review", "review a plan: the app, or with --plain a line mode for screen readers",
             "planreview review --plain --plan ID")
    p.add_argument("--plain", action="store_true",
                   help="one command per line from standard input, plain text out (type help for the commands)")
    p.add_argument("--plan", metavar="ID", help="with --plain: plan id or the start of it (default: the only plan)")
    p.add_argument("--author", metavar="NAME",
                   help="with --plain: who writes the entries (default: the config's author, else your name)")
    _db_arg(p)

    p = _add(sub, "meetings", "past and open meetings, newest first, with their counts", "planreview meetings --json")
    p.add_argument("--json", action="store_true", help="print a JSON array (one object per meeting)")
    _db_arg(p)

    p = _add(sub, "minutes", "write a meeting's minutes (again): Markdown, Word and HTML files",
             "planreview minutes 3f2a9c -o minutes/")
    p.add_argument("meeting_id", metavar="MEETING_ID", help="the meeting's id, or its start (from `meetings`)")
    p.add_argument("-o", "--output", default=".", metavar="DIR", help="the folder to write into (default: here)")
    p.add_argument("--template", metavar="FILE.docx",
                   help="write the Word minutes in this Word template (the council's styles, header and page setup)")
    _db_arg(p)

    p = _add(sub, "check", "check the database: SQLite's integrity check, orphans, impossible dates, ratings, copies",
             "planreview check --db laptop.db")
    p.add_argument("--json", action="store_true", help="print a JSON array (one object per problem found)")
    _db_arg(p)

    _add(sub, "config", "print where the config file is and the settings in force", "planreview config")
    return parser


COMMANDS = ("import", "list", "actions", "show", "note", "history", "conflicts", "backup", "export", "merge", "meet",
            "review", "meetings", "minutes", "check", "config")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `planreview` console script and of `python -m planreview`."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
            return _open_or_refuse(argv)
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return EXIT_USAGE
        return _run(args)
    except SystemExit as done:  # --help, --version and usage errors
        return done.code if isinstance(done.code, int) else EXIT_ERROR if done.code else 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - every known failure becomes one sentence
        message = explain(exc)
        if message is None:
            raise
        print(f"planreview: error: {inert(message)}", file=sys.stderr)
        return EXIT_ERROR


def _open_or_refuse(argv: list[str]) -> int:
    """`planreview [DB]`: open the app; anything else that is not a command is a mistyped command (exit 2)."""
    if len(argv) <= 1 and (not argv or _looks_like_db(argv[0])):
        return _open_app(argv[0] if argv else DEFAULT_DB)
    word = argv[0]
    close = difflib.get_close_matches(word, COMMANDS, n=1)
    hint = f" Did you mean `planreview {close[0]}`?" if close else ""
    print(f"planreview: error: unknown command {word!r}.{hint} Commands: {', '.join(COMMANDS)} "
          "(`planreview --help` explains them; `planreview DB.db` opens the app on a database).", file=sys.stderr)
    return EXIT_USAGE


def _looks_like_db(word: str) -> bool:
    """A word that names a database file: one that exists, or a name with a database suffix."""
    path = Path(word)
    return path.exists() or path.suffix.lower() in DB_SUFFIXES


def explain(exc: BaseException) -> str | None:
    """One sentence for a known failure (None: a bug, which keeps its traceback)."""
    from planreview.exporters import ExportError
    from planreview.importers.model import PlanFormatError
    from planreview.store.db import StoreError
    from planreview.store.scale import UnknownRating

    from planreview.config import ConfigError

    if isinstance(exc, (CliError, StoreError, PlanFormatError, UnknownRating, ConfigError, ExportError)):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        from planreview.store.db_errors import is_transient, write_problem

        return write_problem(exc) + ("; try again in a moment." if is_transient(exc) else ".")
    if isinstance(exc, OSError):
        return f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
    return None


def _open_app(db: str) -> int:
    from planreview.cli.opening import open_for_app

    created_demo = open_for_app(db)
    from planreview.tui.app import run_app

    return run_app(db, first_run=created_demo) or 0


def _run(args: argparse.Namespace) -> int:
    """Run one command, then close its database with the log folded in (so a copy of the file is complete)."""
    from planreview.cli.opening import close_opened
    from planreview.cli.safe_output import inert_stdout
    from planreview.store.db import checkpoint_file

    opens_app = args.command in ("meet", "review") and not getattr(args, "plain", False)
    try:
        if opens_app:
            return _dispatch(args)
        with inert_stdout():
            return _dispatch(args)
    finally:
        close_opened()
        if getattr(args, "db", None):
            checkpoint_file(args.db)


def _dispatch(args: argparse.Namespace) -> int:
    """Run one command (each family's module is imported only when its command runs)."""
    command = args.command
    if command == "import":
        from planreview.cli.importing import cmd_import

        return cmd_import(args)
    if command in ("list", "actions", "history", "show"):
        from planreview.cli import reading

        return {"list": reading.cmd_list, "actions": reading.cmd_actions, "history": reading.cmd_history,
                "show": reading.cmd_show}[command](args)
    if command == "review":
        if not args.plain:
            return _open_app(args.db)
        from planreview.cli.meet import cmd_review_plain

        return cmd_review_plain(args)
    if command == "note":
        from planreview.cli.recording import cmd_note

        return cmd_note(args)
    if command in ("export", "merge", "backup"):
        from planreview.cli import files

        return {"export": files.cmd_export, "merge": files.cmd_merge, "backup": files.cmd_backup}[command](args)
    if command in ("meet", "meetings", "minutes"):
        from planreview.cli import meet

        return {"meet": meet.cmd_meet, "meetings": meet.cmd_meetings, "minutes": meet.cmd_minutes}[command](args)
    if command == "conflicts":
        from planreview.cli.conflicts import cmd_conflicts

        return cmd_conflicts(args)
    if command == "check":
        from planreview.cli.checking import cmd_check

        return cmd_check(args)
    if command == "config":
        from planreview.cli.settings import cmd_config

        return cmd_config(args)
    raise CliError(f"unknown command {command!r}.")  # argparse refuses these first


if __name__ == "__main__":
    sys.exit(main())
