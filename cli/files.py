"""File commands: export, merge and backup."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from planreview.cli.errors import CliError
from planreview.cli.opening import open_existing
from planreview.exporters import FORMATS

SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def export_format(output: str, given: str | None) -> str:
    """The format to write: --format, else the one the suffix of -o names; a mismatch is refused."""
    implied = None if output == "-" else SUFFIXES.get(Path(output).suffix.lower())
    if given and implied and given != implied:
        raise CliError(f"--format {given} does not match {output!r} (a .{Path(output).suffix.lstrip('.')} file); "
                       f"drop --format or name the file .{given}.")
    fmt = given or implied
    if fmt is None:
        where = "standard output (-o -)" if output == "-" else repr(output)
        raise CliError(f"which format for {where}? give --format ({', '.join(FORMATS)}) "
                       "or a file name ending in .xlsx, .csv, .md or .html.")
    return fmt


def cmd_export(args: argparse.Namespace) -> int:
    """Write a plan (or every plan) as xlsx, csv, markdown or html, to a file or standard output."""
    from planreview.exporters import export_file
    from planreview.store.export_rows import export_plans
    from planreview.store.queries import plan_titles

    fmt = export_format(args.output, args.format)
    conn = open_existing(args.db, readonly=True)
    try:
        if args.plan and args.plan not in plan_titles(conn):
            raise CliError(f"no plan with id {args.plan!r}; `planreview list` shows the plan ids.")
        plans = export_plans(conn, args.plan)
    finally:
        conn.close()
    if args.output != "-":
        print(export_file(plans, args.output, fmt))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        written = Path(folder) / f"export.{fmt}"
        line = export_file(plans, written, fmt)
        sys.stdout.flush()
        sys.stdout.buffer.write(written.read_bytes())
        sys.stdout.buffer.flush()
    print(line.replace(str(written), "standard output"), file=sys.stderr)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    """Bring another copy's changes into the database in one transaction and say what came in."""
    from planreview.store.merge import merge_file

    conn = open_existing(args.db)
    try:
        report = merge_file(conn, args.other)
    finally:
        conn.close()
    print(report.line())
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the database with the backup API and check the copy."""
    from planreview.store.backup import backup

    conn = open_existing(args.db)
    try:
        result = backup(conn, args.dest)
    finally:
        conn.close()
    print(f"backed up {args.db} to {args.dest} (integrity_check: {result})")
    return 0
