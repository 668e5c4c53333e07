"""Importers: turn documents into PlanDraft records. No SQL and no Textual here."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from planreview.importers.model import PlanDraft, PlanFormatError

__all__ = ["read_plans", "PlanFormatError", "PlanDraft"]


def read_plans(path: str | Path) -> list[PlanDraft]:
    """Read every plan in a document; raise PlanFormatError with one clear sentence if there is none."""
    path = Path(path)
    if not path.exists():
        raise PlanFormatError(f"{path}: no such file.")
    if not path.is_file():
        raise PlanFormatError(f"{path}: not a file.")
    suffix = path.suffix.lower()
    if suffix == ".json":
        from planreview.importers import json_plan as reader
    elif suffix in {".xlsx", ".xlsm", ".xls", ".csv", ".tsv"}:
        from planreview.importers import spreadsheet as reader
    elif suffix == ".docx":
        from planreview.importers import word as reader
    elif suffix in {".txt", ".text", ".md", ""}:
        from planreview.importers import text as reader
    else:
        raise PlanFormatError(
            f"{path.name}: unsupported file type {suffix!r}; "
            "planreview reads .txt (text extracted from a PDF), .xlsx, .csv, .docx and .json plans."
        )
    plans = reader.read(path)
    if not plans:
        raise PlanFormatError(
            f"{path.name}: no action plan found (looked for a table with action, lead and "
            "timescale or rating columns)."
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    file_date = date.fromtimestamp(path.stat().st_mtime).isoformat()
    from planreview.importers.clean import CELL_LIMIT, clean_plan

    for plan in plans:
        if cut := clean_plan(plan):
            plan.notices.append(f"{cut} cell{'s' if cut != 1 else ''} longer than {CELL_LIMIT:,} characters cut "
                                "(marked in the text)")
        plan.source = plan.source or path.name
        plan.sha256 = digest
        plan.file_date = plan.file_date or file_date
    return plans
