"""The planreview plan file (.json): the app's own interchange format, used for the demo plan."""

from __future__ import annotations

import json
from pathlib import Path

from planreview.importers.dates import parse_due
from planreview.importers.decoding import decode_text
from planreview.importers.model import (
    ActionDraft,
    EntryDraft,
    KpiDraft,
    LevelDraft,
    PlanDraft,
    PlanFormatError,
    SectionDraft,
)


def read(path: Path) -> list[PlanDraft]:
    """Read a planreview .json plan file (one plan object or a list of them)."""
    try:
        data = json.loads(decode_text(Path(path).read_bytes(), Path(path).name, "a planreview plan file"))
    except json.JSONDecodeError as exc:
        raise PlanFormatError(f"{Path(path).name}: not a planreview plan file ({exc}).") from None
    items = data if isinstance(data, list) else [data]
    try:
        return [_plan(item) for item in items]
    except (KeyError, TypeError, AttributeError) as exc:
        raise PlanFormatError(f"{Path(path).name}: not a planreview plan file (missing {exc}).") from None


def _plan(d: dict) -> PlanDraft:
    return PlanDraft(
        title=d["title"],
        authority=d.get("authority", ""),
        doc_date=d.get("doc_date"),
        scale=[LevelDraft(**level) for level in d.get("scale", [])],
        sections=[_section(s) for s in d.get("sections", [])],
        kpis=[_kpi(k) for k in d.get("kpis", [])],
        summary=d.get("summary", []),
    )


def _section(d: dict) -> SectionDraft:
    return SectionDraft(
        kind=d.get("kind", "priority"),
        ref=str(d.get("ref", "")),
        title=d.get("title", ""),
        body=d.get("body", ""),
        children=[_section(s) for s in d.get("children", [])],
        actions=[_action(a) for a in d.get("actions", [])],
        kpis=[_kpi(k) for k in d.get("kpis", [])],
    )


def _action(d: dict) -> ActionDraft:
    due_raw = str(d.get("due", d.get("due_raw", "")))
    return ActionDraft(
        ref=str(d.get("ref", "")),
        text=d["text"],
        outcome=d.get("outcome", ""),
        measure=d.get("measure", ""),
        lead=d.get("lead", ""),
        owner=d.get("owner", ""),
        due_raw=due_raw,
        due_date=d.get("due_date") or parse_due(due_raw),
        tags=list(d.get("tags", [])),
        state=d.get("state", "active"),
        entries=[EntryDraft(**e) for e in d.get("entries", [])],
    )


def _kpi(d: dict) -> KpiDraft:
    values = [(str(p), str(v)) for p, v in d.get("values", [])]
    return KpiDraft(**{**d, "values": values})
