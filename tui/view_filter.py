"""ViewFilter: what the main screen shows, as one value (plan, narrowing, search and sort)."""

from __future__ import annotations

from dataclasses import dataclass

from planreview.store.queries import ActionFilter


@dataclass(frozen=True, slots=True)
class ViewFilter:
    """The main screen's plan, filters and sort; a new value is a new view (the screen reloads once per change)."""

    plan_id: str | None = None
    bands: frozenset[str] = frozenset()
    overdue: bool = False
    lead: str = ""
    search: str = ""
    section_path: str = ""  # '/id1/id2/': that section's subtree ('' = the whole plan)
    sort: str = "position"

    def actions(self, today: str) -> ActionFilter:
        """The store filter for the table's rows (overdue judged on `today`)."""
        return ActionFilter(plan_id=self.plan_id, bands=self.bands, overdue=self.overdue, lead=self.lead,
                            search=self.search, section_path=self.section_path, today=today)

    def cleared(self) -> ViewFilter:
        """The same plan and sort with no narrowing."""
        return ViewFilter(plan_id=self.plan_id, sort=self.sort)
