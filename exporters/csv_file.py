"""The csv export: one table of every plan's actions, UTF-8 with a BOM so that Excel reads it."""

from __future__ import annotations

import csv
from pathlib import Path

from planreview.exporters.cells import csv_text
from planreview.store.export_rows import ExportPlan, extra_keys, table_header, table_row


def write_csv(plans: list[ExportPlan], output: Path) -> None:
    """One table: a Plan column, then the spreadsheet's columns (UTF-8 with BOM so Excel reads it)."""
    depth = max(p.depth for p in plans)
    periods = sorted({p for plan in plans for p in plan.periods}, key=lambda p: (p[3:], p[:2]))
    others = extra_keys([row for p in plans for row in p.rows])
    wide = [ExportPlan(p.id, p.title, p.authority, p.doc_date, p.scale, periods, p.rows, depth, others) for p in plans]
    with output.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Plan", *table_header(wide[0])])
        for plan in wide:
            for row in plan.rows:
                writer.writerow([csv_text(plan.title), *(csv_text(v) for v in table_row(plan, row))])
