"""The import command: read documents into plans, in one transaction."""

from __future__ import annotations

import argparse

from planreview.cli.recording import iso_date


def cmd_import(args: argparse.Namespace) -> int:
    """Read every file, then save every plan found in one transaction."""
    from planreview.importers import read_plans
    from planreview.store.db import connect
    from planreview.store.save_plan import save_plans
    from rich.progress import Progress

    as_of = iso_date(args.date)
    drafts = []
    files = list(args.files)
    console = _stderr_console()
    # reading a large workbook takes seconds: a bar with the file being read, then the save (terminals only)
    with Progress(transient=True, console=console, disable=not console.is_terminal) as progress:
        task = progress.add_task("reading", total=len(files) + (0 if args.dry_run else 1))
        for path in files:
            progress.update(task, description=f"reading {path.name}")
            drafts.extend(read_plans(path))
            progress.advance(task)
        if as_of:
            for d in drafts:
                d.doc_date = as_of
        if not args.dry_run:
            progress.update(task, description=f"saving {len(drafts)} plan{'s' if len(drafts) != 1 else ''}")
            conn = connect(args.db)
            try:
                reports = save_plans(conn, drafts)
            finally:
                conn.close()
    if args.dry_run:
        from planreview.importers.model import iter_actions, iter_sections

        for d in drafts:
            acts = list(iter_actions(d))
            print(f"would import {d.title!r} ({d.authority or 'no authority'}, {d.source}): "
                  f"{len(list(iter_sections(d)))} sections, {len(acts)} actions")
        return 0
    for report in reports:
        print(report.line())
    return 0


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
