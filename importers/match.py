"""Re-import matching, free of any store: which action of a newer document is which stored action."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from planreview.importers.model import ActionDraft

SIMILAR_TEXT = 85  # rapidfuzz ratio (0-100) above which two action texts are the same action


def _key(text: str) -> str:
    return " ".join((text or "").lower().split())


def match_actions(old: Sequence[tuple[str, str, str]], new: Sequence[ActionDraft]) -> dict[int, str]:
    """Map each new action's index to an old action id: same ref first, then the most similar text."""
    from rapidfuzz import fuzz

    matched: dict[int, str] = {}
    old_refs = Counter(_key(ref) for _, ref, _ in old if _key(ref))
    new_refs = Counter(_key(a.ref) for a in new if _key(a.ref))
    by_ref = {_key(ref): oid for oid, ref, _ in old if _key(ref) and old_refs[_key(ref)] == 1}
    for index, action in enumerate(new):
        key = _key(action.ref)
        if key and new_refs[key] == 1 and key in by_ref:
            matched[index] = by_ref[key]
    taken = set(matched.values())
    pairs = []
    for index, action in enumerate(new):
        if index in matched:
            continue
        for oid, _, text in old:
            if oid in taken:
                continue
            score = fuzz.ratio(_key(action.text), _key(text))
            if score >= SIMILAR_TEXT:
                pairs.append((score, -index, oid))
    for _score, neg_index, oid in sorted(pairs, reverse=True):
        index = -neg_index
        if index not in matched and oid not in taken:
            matched[index] = oid
            taken.add(oid)
    return matched
