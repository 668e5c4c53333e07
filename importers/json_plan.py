"""The planreview plan file (.json): the app's own interchange format, used for the demo plan."""

from __future__ import annotations

import json
from pathlib import Path

from planreview.importers.dates import parse_due
from planreview.importers.decoding import decode_text
from planreview.importers.json_schema import SchemaProblem, check_plan_file
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
    except RecursionError:
        raise PlanFormatError(f"{Path(path).name}: not a planreview plan file (nested too deep).") from None
    try:
        items = check_plan_file(data)
    except SchemaProblem as exc:
        raise PlanFormatError(f"{Path(path).name}: not a planreview plan file: {exc}.") from None
    return [_plan(item) for item in items]


def _text(d: dict, key: str, default: str = "") -> str:
    """A field as text (the schema allows numbers for refs and codes; null is the default)."""
    value = d.get(key)
    if value is None:
        return default
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _plan(d: dict) -> PlanDraft:
    return PlanDraft(
        title=_text(d, "title"),
        authority=_text(d, "authority"),
        doc_date=d.get("doc_date"),
        scale=[LevelDraft(_text(lv, "code"), _text(lv, "label"), lv["band"], _text(lv, "meaning"))
               for lv in d.get("scale") or []],
        sections=[_section(s) for s in d.get("sections") or []],
        kpis=[_kpi(k) for k in d.get("kpis") or []],
        summary=d.get("summary") or [],
    )


def _section(d: dict) -> SectionDraft:
    return SectionDraft(
        kind=_text(d, "kind", "priority"),
        ref=_text(d, "ref"),
        title=_text(d, "title"),
        body=_text(d, "body"),
        children=[_section(s) for s in d.get("children") or []],
        actions=[_action(a) for a in d.get("actions") or []],
        kpis=[_kpi(k) for k in d.get("kpis") or []],
    )


def _action(d: dict) -> ActionDraft:
    due_raw = _text(d, "due") or _text(d, "due_raw")
    return ActionDraft(
        ref=_text(d, "ref"),
        text=_text(d, "text"),
        outcome=_text(d, "outcome"),
        measure=_text(d, "measure"),
        lead=_text(d, "lead"),
        owner=_text(d, "owner"),
        due_raw=due_raw,
        due_date=d.get("due_date") or parse_due(due_raw),
        tags=list(d.get("tags") or []),
        state=_text(d, "state", "active"),
        entries=[EntryDraft(e.get("on_date"), _text(e, "rating") or None, _text(e, "note"), _text(e, "author"),
                            _text(e, "period")) for e in d.get("entries") or []],
    )


def _kpi(d: dict) -> KpiDraft:
    return KpiDraft(
        indicator=_text(d, "indicator"), polarity=_text(d, "polarity"), baseline=_text(d, "baseline"),
        comparator=_text(d, "comparator"), notes=_text(d, "notes"), direction=_text(d, "direction"),
        values=[(_text({"v": p}, "v"), _text({"v": v}, "v")) for p, v in d.get("values") or []],
    )
