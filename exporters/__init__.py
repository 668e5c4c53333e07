"""Documents out: xlsx, csv, md, html and meeting minutes, read through the store. No Textual."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planreview.store.export_rows import ExportPlan

FORMATS = ("xlsx", "csv", "md", "html")


class ExportError(Exception):
    """An export that cannot be written, explained in one sentence."""


def writer_for(fmt: str) -> Callable[[list[ExportPlan], Path], None]:
    """The function that writes a format (its library is imported only when that format is asked for)."""
    if fmt == "xlsx":
        from planreview.exporters.xlsx import write_xlsx

        return write_xlsx
    if fmt == "csv":
        from planreview.exporters.csv_file import write_csv

        return write_csv
    if fmt == "md":
        from planreview.exporters.markdown import write_md

        return write_md
    if fmt == "html":
        from planreview.exporters.html_page import write_html

        return write_html
    raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")


def export_file(plans: list[ExportPlan], output: str | Path, fmt: str) -> str:
    """Write the plans to output in a format; return the line that says what was written."""
    output = Path(output)
    write = writer_for(fmt)
    if not output.parent.exists():
        raise ExportError(f"{output.parent}: no such folder.")
    from planreview.exporters.atomic import replacing

    with replacing(output) as partial:
        write(plans, partial)
    actions = sum(len(p.rows) for p in plans)
    return f"exported {len(plans)} plan{'s' if len(plans) != 1 else ''}, {actions} actions to {output} ({fmt})"
