"""The header: plan title, the 'as of' date, counts by band as letters and numbers, overdue count."""

from __future__ import annotations

from datetime import date

from planreview.store.records import PlanSummary
from planreview.tui.widgets.ratings import band_counts_text
from rich.text import Text
from textual.widgets import Static

from planreview.bands import HEADER_LETTERS


def as_of(day: str) -> str:
    """'2026-11-22' -> '22 Nov 2026' (unchanged when it is not an ISO date)."""
    try:
        return date.fromisoformat(day).strftime("%-d %b %Y")
    except ValueError:
        return day


def header_text(plan: PlanSummary | None, today: str, plans: int = 1, width: int = 200) -> Text:
    """Two lines: the title, then as-of date, 'R 5 · A 11 · G 11 · B 6 · – 2', overdue and action counts.

    Below 90 cells the groups are parted by one space less each side, so the line still fits at 80.
    """
    if plan is None:
        return Text("No plan in this database yet: import one with `planreview import FILE`.\n", style="bold")
    gap = "  ·  " if width >= 90 else " · "
    out = Text()
    if plan.is_demo:
        out.append("Fictional demo · ", style="italic")
    out.append(plan.title or "(untitled plan)", style="bold")
    if plan.authority and plan.authority not in plan.title:
        out.append(f" — {plan.authority}")
    if plan.is_demo and width >= 150:
        out.append("  (planreview import FILE adds a real plan)", style="italic")
    if plans > 1:
        out.append(f"  ({plans} plans: p switches)", style="dim")
    out.append("\n")
    out.append(f"as of {as_of(today)}{gap}")
    out.append_text(band_counts_text(plan.bands, sep=" · ", skip_zero=False, letters=HEADER_LETTERS))
    out.append(gap)
    out.append(f"{plan.overdue} overdue", style="bold #ff5f5f" if plan.overdue else "")
    out.append(f"{gap}{plan.actions} actions")
    return out


class PlanHeader(Static):
    """Plan title and counts at the top of the main screen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[PlanSummary | None, str, int] | None = None

    def show_title(self, title: str, today: str, plans: int = 1) -> None:
        """The title at once; the counts follow from the background count."""
        self._shown = None
        out = Text(title or "No plan in this database yet: import one with `planreview import FILE`.", style="bold")
        if plans > 1:
            out.append(f"  ({plans} plans: p switches)", style="dim")
        out.append(f"\nas of {as_of(today)}  ·  counting…")
        self.update(out, layout=False)  # two lines, always (app.tcss): no screen layout needed

    def show(self, plan: PlanSummary | None, today: str, plans: int = 1) -> None:
        """Show a plan's title and counts."""
        self._shown = (plan, today, plans)
        self.update(header_text(plan, today, plans, self.size.width or 200), layout=False)

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)
