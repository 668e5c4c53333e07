"""The shape of a planreview .json plan file, checked before anything is read: one sentence naming the field."""

from __future__ import annotations

import math
from datetime import date

from planreview.bands import BANDS

MAX_DEPTH = 12  # sections within sections; real plans have three or four levels
MAX_ITEMS = 200_000  # items in any one list
MAX_TEXT = 1_000_000  # characters in one string (the importer cuts cells to 64 KB with a marker)

TEXT, TEXT_OR_NUMBER, DATE, BAND, STATE, RATING = "text", "text or number", "date", "band", "state", "rating"

LEVEL = {"code": (TEXT_OR_NUMBER, True), "label": (TEXT, True), "band": (BAND, True), "meaning": (TEXT, False)}
ENTRY = {"on_date": (DATE, False), "rating": (RATING, False), "note": (TEXT, False), "author": (TEXT, False),
         "period": (TEXT, False)}
KPI = {"indicator": (TEXT, True), "polarity": (TEXT, False), "baseline": (TEXT_OR_NUMBER, False),
       "comparator": (TEXT_OR_NUMBER, False), "notes": (TEXT, False), "direction": (TEXT, False),
       "values": ("pairs", False)}
ACTION = {"ref": (TEXT_OR_NUMBER, False), "text": (TEXT, True), "outcome": (TEXT, False), "measure": (TEXT, False),
          "lead": (TEXT, False), "owner": (TEXT, False), "due": (TEXT_OR_NUMBER, False),
          "due_raw": (TEXT_OR_NUMBER, False), "due_date": (DATE, False), "tags": ([TEXT], False),
          "state": (STATE, False), "entries": ([ENTRY], False)}
SECTION = {"kind": (TEXT, False), "ref": (TEXT_OR_NUMBER, False), "title": (TEXT, False), "body": (TEXT, False),
           "actions": ([ACTION], False), "kpis": ([KPI], False)}
SECTION["children"] = ([SECTION], False)
PLAN = {"title": (TEXT, True), "authority": (TEXT, False), "doc_date": (DATE, False), "scale": ([LEVEL], False),
        "sections": ([SECTION], False), "kpis": ([KPI], False), "summary": ("summary", False)}


class SchemaProblem(ValueError):
    """The file does not have the shape of a plan; the message names the field."""


def check_plan_file(data) -> list[dict]:
    """The plans of a parsed .json file (one object or a list of them), or SchemaProblem naming the first bad
    field, e.g. 'sections[0].actions[2].due_date: "soon" is not a date (YYYY-MM-DD)'."""
    plans = data if isinstance(data, list) else [data]
    if not plans:
        raise SchemaProblem("the file holds an empty list, not a plan")
    if len(plans) > MAX_ITEMS:
        raise SchemaProblem(f"the file holds {len(plans):,} plans (at most {MAX_ITEMS:,})")
    for n, plan in enumerate(plans):
        where = f"plan {n + 1}: " if len(plans) > 1 else ""
        try:
            _object(plan, PLAN, "", 0)
            _ratings_on_scale(plan)
        except SchemaProblem as exc:
            raise SchemaProblem(f"{where}{exc}") from None
    return plans


def _name(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _object(value, spec: dict, path: str, depth: int) -> None:
    if not isinstance(value, dict):
        raise SchemaProblem(f"{path or 'the plan'}: expected an object with fields, found {_kind(value)}")
    if depth > MAX_DEPTH:
        raise SchemaProblem(f"{path}: sections nested more than {MAX_DEPTH} deep")
    for key, (kind, required) in spec.items():
        if key not in value or value[key] is None:
            if required:
                raise SchemaProblem(f"{_name(path, key)}: missing (it is required)")
            continue
        _value(value[key], kind, _name(path, key), depth)
    if spec is PLAN and not value["title"].strip():
        raise SchemaProblem("title: empty (a plan needs a title)")


def _value(value, kind, path: str, depth: int) -> None:
    if isinstance(kind, list):
        if not isinstance(value, list):
            raise SchemaProblem(f"{path}: expected a list, found {_kind(value)}")
        if len(value) > MAX_ITEMS:
            raise SchemaProblem(f"{path}: {len(value):,} items (at most {MAX_ITEMS:,})")
        item = kind[0]
        for n, element in enumerate(value):
            if isinstance(item, dict):
                _object(element, item, f"{path}[{n}]", depth + (item is SECTION))
            else:
                _value(element, item, f"{path}[{n}]", depth)
    elif kind in (TEXT, RATING, STATE, BAND):
        if not isinstance(value, str) and not (kind == RATING and _is_number(value)):
            raise SchemaProblem(f"{path}: expected text, found {_kind(value)}")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise SchemaProblem(f"{path}: {len(value):,} characters (at most {MAX_TEXT:,})")
        if kind == BAND and value not in BANDS:
            raise SchemaProblem(f"{path}: {value!r} is not a band (one of {', '.join(BANDS)})")
        if kind == STATE and value not in ("active", "removed"):
            raise SchemaProblem(f"{path}: {value!r} is not a state (active or removed)")
    elif kind == TEXT_OR_NUMBER:
        if not isinstance(value, str) and not _is_number(value):
            raise SchemaProblem(f"{path}: expected text or a number, found {_kind(value)}")
    elif kind == DATE:
        if not isinstance(value, str):
            raise SchemaProblem(f"{path}: expected a date (YYYY-MM-DD), found {_kind(value)}")
        try:
            date.fromisoformat(value)
        except ValueError:
            raise SchemaProblem(f"{path}: {value[:40]!r} is not a date (YYYY-MM-DD)") from None
    elif kind == "pairs":
        if not isinstance(value, list) or not all(
                isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) or _is_number(x) for x in p)
                for p in value):
            raise SchemaProblem(f"{path}: expected a list of [period, value] pairs")
    elif kind == "summary":
        if not isinstance(value, list) or not all(
                isinstance(row, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in row.items())
                for row in value):
            raise SchemaProblem(f"{path}: expected a list of objects of text")


def _ratings_on_scale(plan: dict) -> None:
    """Every entry's rating is one of the plan's own levels (by code), when the plan gives a scale."""
    codes = {str(level["code"]) for level in plan.get("scale") or []}
    if not codes:
        return

    def walk(sections, path):
        for n, section in enumerate(sections or []):
            here = f"{path}[{n}]"
            for a, action in enumerate(section.get("actions") or []):
                for e, entry in enumerate(action.get("entries") or []):
                    rating = entry.get("rating")
                    if rating is not None and str(rating) not in codes:
                        raise SchemaProblem(f"{here}.actions[{a}].entries[{e}].rating: {str(rating)[:20]!r} is "
                                            f"not one of the plan's levels ({', '.join(sorted(codes))})")
            walk(section.get("children"), f"{here}.children")

    walk(plan.get("sections"), "sections")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number" if math.isfinite(value) else "NaN or infinity"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"
