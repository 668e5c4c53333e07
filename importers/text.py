"""Text extracted from published PDFs: find every action-plan table, whatever the family."""

from __future__ import annotations

from pathlib import Path

from planreview.importers import text_objectives, text_rag_history, text_recommendation_blocks, text_recommendations
from planreview.importers.decoding import decode_text
from planreview.importers.model import PlanDraft

# One module per document family; each offers find_plans(text, name) -> list[(first_line, PlanDraft)].
FAMILIES = (text_objectives, text_rag_history, text_recommendations, text_recommendation_blocks)


def read(path: Path) -> list[PlanDraft]:
    """Every plan found in a text extract, in document order."""
    text = decode_text(Path(path).read_bytes(), Path(path).name, "text extracted from a plan")
    found: list[tuple[int, PlanDraft]] = []
    for family in FAMILIES:
        found.extend(family.find_plans(text, Path(path).name))
    return [plan for _, plan in sorted(found, key=lambda pair: pair[0])]
