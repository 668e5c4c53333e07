"""The export and merge commands of the command line."""

from __future__ import annotations

import argparse


def cmd_merge(args: argparse.Namespace) -> int:
    """Bring another copy's changes into the database in one transaction and say what came in."""
    from store.db import connect
    from store.merge import merge_file

    conn = connect(args.db, create=False)
    try:
        report = merge_file(conn, args.other)
    finally:
        conn.close()
    print(report.line())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write a plan (or every plan) as xlsx, csv, markdown or html."""
    from store.db import connect
    from store.export_rows import export_file

    conn = connect(args.db, create=False, readonly=True)
    try:
        written = export_file(conn, args.output, args.format, plan_id=args.plan)
    finally:
        conn.close()
    print(written)
    return 0
