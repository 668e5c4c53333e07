"""The check command: is this database sound? Says what it found; exit 0 when nothing, 1 when something."""

from __future__ import annotations

import argparse
import json


def cmd_check(args: argparse.Namespace) -> int:
    """Check the database read-only and print each finding (or that it is sound)."""
    from planreview.store.check import check_database
    from planreview.store.clock import today
    from planreview.store.db import connect

    conn = connect(args.db, readonly=True)
    try:
        found = check_database(conn, args.db, today())
    finally:
        conn.close()
    if args.json:
        print(json.dumps([{"kind": f.kind, "found": f.said} for f in found], indent=2, ensure_ascii=False))
    elif not found:
        print(f"{args.db}: sound (SQLite integrity check ok, no orphans, no impossible dates, ratings consistent).")
    else:
        print(f"{args.db}: {len(found)} problem{'s' if len(found) != 1 else ''} found:")
        for f in found:
            print(f"  {f.kind}: {f.said}")
    return 1 if found else 0
