"""Text extracted from published PDFs: find every action-plan table, whatever the family."""

from __future__ import annotations

from pathlib import Path

from planreview.importers import text_objectives, text_rag_history, text_recommendation_blocks, text_recommendations
from planreview.importers.model import PlanDraft, PlanFormatError

# One module per document family; each offers find_plans(text, name) -> list[(first_line, PlanDraft)].
FAMILIES = (text_objectives, text_rag_history, text_recommendations, text_recommendation_blocks)


def read(path: Path) -> list[PlanDraft]:
    """Every plan found in a text extract, in document order."""
    raw = Path(path).read_bytes()
    if b"\x00" in raw[:4096]:
        raise PlanFormatError(f"{Path(path).name}: a binary file, not text extracted from a plan.")
    text = raw.decode("utf-8", errors="replace")
    found: list[tuple[int, PlanDraft]] = []
    for family in FAMILIES:
        found.extend(family.find_plans(text, Path(path).name))
    return [plan for _, plan in sorted(found, key=lambda pair: pair[0])]
