"""The html report: a standalone page, ratings as letter and label with colour as a second signal."""

from __future__ import annotations

import html
from pathlib import Path

from planreview.exporters.html_summary import summary_html
from planreview.exporters.minutes import long_date
from planreview.store.clock import today
from planreview.store.export_rows import ExportPlan

# print: A4, a plan per page run, table headers repeated on every page, rows not split
CSS = ("body{font-family:sans-serif}table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #999;"
       "padding:4px;vertical-align:top;text-align:left}.rating{font-weight:bold}.as-at{font-weight:bold}"
       "@page{size:A4;margin:15mm}@media print{section.plan{break-before:page}section.plan:first-child"
       "{break-before:auto}thead{display:table-header-group}tr{break-inside:avoid}figure{break-inside:avoid}}")
BAND_CSS = {"red": "#c00000", "amber": "#b36b00", "green": "#2e7d32", "blue": "#1f5fa8", "none": "#555555"}


def write_html(plans: list[ExportPlan], output: Path) -> None:
    """A standalone page: per plan a table; ratings shown as letter and label, with colour as a second signal."""
    e = html.escape
    as_at = long_date(today())
    parts = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8"><title>Action plans</title>',
             f"<style>{CSS}</style></head><body>"]
    for plan in plans:
        parts.append(f'<section class="plan"><h1>{e(plan.title)}</h1>')
        if plan.authority:
            parts.append(f"<p>{e(plan.authority)}</p>")
        parts.append(summary_html(plan, as_at))
        parts.append("<h2>All actions</h2>")
        parts.append("<table><thead><tr><th>Section</th><th>Ref</th><th>Action</th><th>Rating</th><th>Lead</th>"
                     "<th>Due</th><th>Latest update</th><th>Decisions and flags</th></tr></thead><tbody>")
        for row in plan.rows:
            rating = f"{row.letter} {row.rating}" if row.rating else "- not rated"
            colour = BAND_CSS.get(row.band, BAND_CSS["none"])
            due = e(row.due) + (" <strong>(overdue)</strong>" if row.overdue else "")
            note = e(row.note).replace("\n", "<br>")
            if row.note and row.last_update:
                note = f"{e(row.last_update)}: {note}"
            if row.disputed:
                rating += " (disputed)"
            record = "<br>".join(e(line) for line in row.record)
            parts.append(
                f"<tr><td>{e(' > '.join(row.sections))}</td><td>{e(row.ref)}</td><td>{e(row.text)}</td>"
                f'<td class="rating band-{e(row.band)}" style="color:{colour}">{e(rating)}</td>'
                f"<td>{e(row.lead)}</td><td>{due}</td><td>{note}</td><td>{record}</td></tr>"
            )
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    output.write_text("\n".join(parts), encoding="utf-8")
