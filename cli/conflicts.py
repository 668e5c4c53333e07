"""`planreview conflicts`: the ratings and fields that two copies changed from the same base, not yet settled."""

from __future__ import annotations

import argparse
import json

from planreview.cli.errors import CliError
from planreview.cli.opening import open_existing
from planreview.store.conflicts import open_conflicts
from planreview.store.db import replica_id
from planreview.store.queries import plan_titles


def cmd_conflicts(args: argparse.Namespace) -> int:
    """List the open conflicts: the action, both values with their authors, dates and copies, and which stands."""
    conn = open_existing(args.db)
    if args.plan and args.plan not in plan_titles(conn):
        raise CliError(f"no plan with id {args.plan!r}; `planreview list` shows the plan ids.")
    found = open_conflicts(conn, plan_id=args.plan)
    mine = replica_id(conn)
    if args.json:
        print(json.dumps([c.as_json(mine) for c in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("no conflicts: every rating and field has one standing value.")
        return 0
    for c in found:
        name = c.ref or (" ".join(c.action_text.split())[:40] or c.action_id)
        what = "rating" if c.kind == "rating" else c.field
        print(f"{c.action_id}  {name}: the {what} was changed twice from the same starting point "
              "(neither writer saw the other's change)")
        for side in c.sides:
            copy = "this copy" if side.replica_id == mine else f"copy {side.replica_id[:8]}"
            standing = "  <- stands for now (the later)" if side.id == c.standing.id else ""
            print(f"    {side.value or '(empty)'}  by {side.author or '-'} on {side.date} ({copy}){standing}"
                  f"  #{side.id[:12]}")
        if c.standing_is_newer:
            now = c.standing
            print(f"    stands now: {now.value or '(empty)'}  by {now.author or '-'} on {now.date}, written since on"
                  f" one side, without seeing the other  #{now.id[:12]}")
    how = ("settle a rating with: planreview note ACTION_ID --rating LEVEL --text WHY --settle; "
           "a field by editing it in the app (key e)")
    print(f"{len(found)} conflict{'s' if len(found) != 1 else ''}; {how}")
    return 0
