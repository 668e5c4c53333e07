"""The plan switcher: a list of the database's plans with their counts; enter opens one."""

from __future__ import annotations

from planreview.store.records import PlanSummary
from planreview.tui.widgets.marked_options import MarkedOptionList
from planreview.tui.widgets.ratings import band_counts_text
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


def plan_prompt(plan: PlanSummary, current: bool) -> Text:
    """'Title  (authority)  · open now / 35 actions  R5 A11 …  7 overdue' as Text (the list marks the highlighted
    plan with ▶)."""
    out = Text(plan.title or "(untitled)", style="bold")
    if plan.authority and plan.authority not in plan.title:
        out.append(f"  ({plan.authority})")
    if current:
        out.append("  · open now", style="italic")
    out.append(f"\n  {plan.actions} actions  ")
    out.append_text(band_counts_text(plan.bands))
    out.append(f"  {plan.overdue} overdue")
    return out


class PlanSwitcher(ModalScreen[str | None]):
    """Choose a plan; dismisses with its id, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Keep the current plan", id="plans.cancel")]
    DEFAULT_CSS = """
    PlanSwitcher { align: center middle; }
    PlanSwitcher > Vertical { width: 90%; max-width: 100; height: auto; max-height: 90%; border: thick $accent;
        border-title-style: bold reverse; background: $surface; }
    PlanSwitcher OptionList, PlanSwitcher OptionList:focus { height: auto; max-height: 30; border: none; }
    """

    def __init__(self, plans: list[PlanSummary], current: str | None) -> None:
        super().__init__()
        self.plans = plans
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Switch plan"
            box.border_subtitle = "enter opens · escape cancels"
            options = [Option(plan_prompt(p, p.id == self.current), id=p.id) for p in self.plans]
            yield MarkedOptionList(*options, id="plan-list")
            if not self.plans:
                yield Static("No plans in this database.")

    def on_mount(self) -> None:
        plan_list = self.query_one(OptionList)
        ids = [p.id for p in self.plans]
        plan_list.highlighted = ids.index(self.current) if self.current in ids else 0
        plan_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without switching."""
        self.dismiss(None)
