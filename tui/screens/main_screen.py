"""The main screen: header, filter bar, priority tree, windowed action table, detail pane."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from planreview.store.counts import moved, moved_sections, moved_summary, one_row_change
from planreview.store.queries import (
    SORTS,
    ActionFilter,
    action_rank,
    band_counts,
    count_actions,
    get_action,
    leads,
    levels,
    list_plans,
    longest_ref,
    plan_summary,
    plan_titles,
    section_counts,
    section_paths,
)
from planreview.store.records import Action, PlanSummary, Section
from planreview.tui.messages import DataChanged, HelpWanted
from planreview.tui.view_filter import ViewFilter
from planreview.tui.widgets.action_table import SORT_TITLES, ActionTable, rating_width
from planreview.tui.widgets.detail_pane import DetailPane
from planreview.tui.widgets.filter_bar import FilterBar, SearchInput
from planreview.tui.widgets.key_footer import KeyFooter
from planreview.tui.widgets.plan_header import PlanHeader
from planreview.tui.widgets.plan_tree import PlanTree
from planreview.tui.widgets.type_ahead import TypeAhead
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker, WorkerState, get_current_worker

BAND_KEYS = (("1", "red"), ("2", "amber"), ("3", "green"), ("4", "blue"), ("5", "none"))
PANES = ("tree", "table", "detail")
TYPING_DELAY = 0.03  # seconds: while typing a search, letters pasted or repeated in one burst are counted once
SYNC_COUNT_LIMIT = 2000  # plans up to this many actions are counted at once (measured: < 5 ms at 1,000)
PANE_TITLES = {"tree": "Priorities", "table": "Actions", "detail": "Detail"}
LEGEND = [
    ("R A G B -", "a rating's band: red, amber, green, blue (complete), - not rated; the plan's own label follows"),
    ("R1 A4 U2", "counts by band in the tree and the plan list (U: unrated)"),
    ("!", "overdue: the due date has passed and the action is not complete"),
    ("↑ ↓ →", "direction of travel since the previous review: improved, worsened, unchanged (blank: not rated)"),
    ("▶", "the selected action; a heavy border and a reversed title mark the pane that has the focus"),
    ("Due", "the date read from the plan, or its own words when there is no date ('Ongoing', '3 months')"),
]


@dataclass(frozen=True, slots=True)
class ViewCounts:
    """What the background count brings back for one refresh."""

    matches: int
    rank: int | None
    sections: list[Section]
    tree_total: dict[str, int]
    plan: PlanSummary | None
    plans: int


def read_counts(conn, flt: ActionFilter, sort: str, find_id: str | None, header: bool) -> ViewCounts:
    """The numbers around the table: match count, tree roll-ups, the header summary, a moved selection's row."""
    plan_id = flt.plan_id
    plan = plan_summary(conn, plan_id, flt.day()) if header and plan_id else None
    plans = len(plan_titles(conn)) if header else 0
    rank = action_rank(conn, flt, find_id, sort=sort) if find_id else None
    tree_flt = replace(flt, section_path="")
    secs, total = section_counts(conn, plan_id, tree_flt) if plan_id else ([], band_counts(conn, tree_flt))
    narrowed = next((s.bands for s in secs if s.path == flt.section_path), None)
    if not flt.section_path:
        matches = sum(total.values())
    elif narrowed is not None:  # the section's roll-up is the narrowed table's count: no third scan
        matches = sum(narrowed.values())
    else:
        matches = count_actions(conn, flt)
    return ViewCounts(matches, rank, secs, total, plan, plans)


def _band_binding(key: str, band: str) -> Binding:
    name = {"none": "unrated"}.get(band, band)
    return Binding(key, f"toggle_band('{band}')", f"{name.capitalize()}", show=False,
                   tooltip=f"Toggle the {name} band filter", id=f"filter.{name}")


class MainScreen(Screen):
    """Browse one plan: narrow by tree, bands, overdue, lead and search; read an action's detail.

    What the table shows is one value, `view` (a ViewFilter): a key assigns a new value and watch_view reloads once.
    """

    AUTO_FOCUS = "#table"
    BINDINGS = [
        *(_band_binding(k, b) for k, b in BAND_KEYS),
        Binding("o", "toggle_overdue", "Overdue", tooltip="Show overdue actions only (toggle)", id="filter.overdue"),
        Binding("slash", "search", "Search", tooltip="Live search over text, refs and leads", id="filter.search"),
        Binding("l", "lead_filter", "Lead", show=False, tooltip="Filter by lead (with completion)", id="filter.lead"),
        Binding("0", "clear_filters", "Clear", tooltip="Clear every filter", id="filter.clear"),
        Binding("s", "cycle_sort", "Sort", show=False, tooltip="Next sort order for the table", id="table.sort"),
        Binding("p", "switch_plan", "Plans", show=False, tooltip="Switch to another plan", id="plan.switch"),
        # priority: these open a form or dialog and act on arrival, so the keys typed right after them go there
        Binding("n", "new_note", "Note", tooltip="Write a progress entry for the selected action", id="entry.new",
                priority=True),
        Binding("c", "correct_entry", "Correct", show=False, priority=True,
                tooltip="Correct an earlier entry (a new entry supersedes it)",
                id="entry.correct"),
        Binding("u", "undo_entry", "Undo", show=False, id="entry.undo",
                tooltip="Retract the entry just saved (asks before retracting an older one)"),
        Binding("e", "edit_fields", "Edit", show=False, tooltip="Edit the selected action's own fields",
                id="action.edit", priority=True),
        Binding("m", "meeting", "Meeting", tooltip="Walk the filtered actions one at a time", id="meeting.start"),
        Binding("tab", "cycle_focus(1)", "Next pane", show=False, tooltip="Tree -> table -> detail",
                id="focus.next"),
        Binding("shift+tab", "cycle_focus(-1)", "Previous pane", show=False, tooltip="Detail -> table -> tree",
                id="focus.previous"),
    ]

    view: reactive[ViewFilter] = reactive(ViewFilter, init=False)

    def __init__(self, plan_id: str | None = None) -> None:
        super().__init__()
        self._first_plan = plan_id  # None: the most recently imported plan
        self.total: int | None = None  # the plan's actions, once counted
        self._generation = 0
        self._header_due = True
        self._detail_due: str | None = None
        self._count_timer: Timer | None = None
        self._counts_pending = False
        self._shown: tuple[ActionFilter, ViewCounts] | None = None  # the counts on screen and the filter they are of

    class Counted(Message):
        """The background counts of a refresh have been shown (tests and benchmarks wait for it)."""

    # layout -----------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        app = self.app
        yield PlanHeader(id="header")
        yield FilterBar(id="filter-bar")
        with Horizontal(id="body"):
            yield PlanTree(id="tree")
            with Vertical(id="right"):
                yield ActionTable(app.conn, id="table")
                yield DetailPane(app.conn, app.today, id="detail")
        yield TypeAhead(id="type-ahead")
        yield KeyFooter()

    def on_mount(self) -> None:
        tree = self.query_one(PlanTree)
        tree.auto_expand = False
        for pane in PANES:
            self.query_one(f"#{pane}").border_title = PANE_TITLES[pane]
        titles = plan_titles(self.app.conn)
        plan_id = self._first_plan or next(reversed(titles), None)
        self._enter_plan(plan_id)
        self.set_reactive(MainScreen.view, ViewFilter(plan_id=plan_id))
        self.reload()  # the first load (from here on, every change of `view` reloads through watch_view)
        self.query_one(ActionTable).focus()

    # the seams other parts of the app use -----------------------------------------------------------------
    @property
    def table(self) -> ActionTable:
        """The action table."""
        return self.query_one(ActionTable)

    @property
    def detail(self) -> DetailPane:
        """The detail pane (with #editor-slot)."""
        return self.query_one(DetailPane)

    @property
    def selected_action_id(self) -> str | None:
        """The action under the table's cursor."""
        return self.table.selected_action_id

    def expect_form(self) -> None:
        """A form is opening in the detail pane: the keys typed until its field has the focus wait for it."""
        self.query_one(TypeAhead).wait_for_form(back_to=self.table)

    def watch_focused(self, old: Widget | None, new: Widget | None) -> None:
        """The form's field takes the focus: it gets the keys typed while it opened, before any typed after."""
        if isinstance(old, TypeAhead) and new is not None:
            old.hand_to(new)

    def current_filter(self) -> ActionFilter:
        """What the table shows, as a store filter."""
        return self.view.actions(self.app.today)

    def watch_view(self, old: ViewFilter, new: ViewFilter) -> None:
        """A new view: another plan is set up first; then one reload (counts a moment later while typing)."""
        if new.plan_id != old.plan_id:
            self._enter_plan(new.plan_id)
        self.reload(counts=new.plan_id != old.plan_id, typing=new.search != old.search)

    def reload(self, select_action_id: str | None = None, *, counts: bool = True, typing: bool = False,
               changed: Action | None = None) -> None:
        """Query the store again and refresh every view, keeping (or moving to) the selected action.

        The table's first page and the detail are read at once (indexed, a few ms at any size). The counts, the
        tree roll-ups, the header and the selection's row when it is off the first page are read at once too for
        a plan of up to SYNC_COUNT_LIMIT actions, else on a thread after the rows have painted. After a change to one
        action (`changed`: it as the table showed it) the counts on screen are moved from its old band to its new
        one instead (DataChanged from a save): no recount.
        """
        flt, sort = self.current_filter(), self.view.sort
        keep = select_action_id or self.table.selected_action_id
        had_selection = self.table.selected_action_id is not None
        self._generation += 1
        self._header_due = self._header_due or counts
        found = self.table.load(flt, sort, keep)
        self.detail.show_action(self.table.selected_action_id)
        self._show_filter_bar()
        if self._count_timer is not None:
            self._count_timer.stop()
        find_id = None if found else keep
        if changed is not None and self._moved_counts(flt, sort, find_id, changed):
            if had_selection != (self.table.selected_action_id is not None):
                self.refresh_bindings()
            return
        if self.total is not None and self.total <= SYNC_COUNT_LIMIT:  # small plan: a few ms, one frame
            self._apply_counts(self._generation, read_counts(self.app.conn, flt, sort, find_id, self._header_due))
            if had_selection != (self.table.selected_action_id is not None):
                self.refresh_bindings()
            return
        # after the rows have painted; while typing a search, a moment later, so a burst of letters is counted once
        count = partial(self._count_in_background, self._generation, flt, sort, find_id, self._header_due)
        self._counts_pending = True
        if typing:
            self._count_timer = self.set_timer(TYPING_DELAY, count)
        else:
            self.call_after_refresh(count)
        if had_selection != (self.table.selected_action_id is not None):
            self.refresh_bindings()  # n and e apply only with a selected action (the footer recomposes: not free)

    def _moved_counts(self, flt: ActionFilter, sort: str, find_id: str | None, before: Action) -> bool:
        """Counts after one action changed: the ones on screen moved from its old band to its new one (no recount);
        False when they must be read again (other counts pending, another filter, the change moves it otherwise)."""
        if self._shown is None or self._counts_pending or self._shown[0] != flt:
            return False
        conn = self.app.conn
        change = one_row_change(before, get_action(conn, before.id, self.app.today), flt)
        if change is None:
            return False
        shown = self._shown[1]
        rank = action_rank(conn, flt, find_id, sort=sort) if find_id else None
        counts = ViewCounts(shown.matches + change.now_listed - change.was_listed, rank,
                            moved_sections(shown.sections, change), moved(shown.tree_total, change),
                            moved_summary(shown.plan, change), shown.plans)
        self._apply_counts(self._generation, counts)
        return True

    def _show_filter_bar(self) -> None:
        table = self.table
        matches = table.count if table.count_exact else None
        self.query_one(FilterBar).show(table.filter, matches, self.total, table.sort, self._section_title())
        self.table.border_title = f"Actions ({table.count})" if table.count_exact else "Actions (counting…)"

    @work(thread=True, exclusive=True, group="view-counts", exit_on_error=False)
    def _count_in_background(self, generation: int, flt: ActionFilter, sort: str, find_id: str | None,
                             header: bool) -> None:
        """Counts, roll-ups, the header summary and a moved selection's row, read on a thread."""
        worker = get_current_worker()
        if generation != self._generation:
            return
        with self.app.reader() as conn:
            counts = read_counts(conn, flt, sort, find_id, header)
        if not worker.is_cancelled:
            try:
                self.app.call_from_thread(self._apply_counts, generation, counts)
            except RuntimeError:  # the app is closing
                pass

    @property
    def counts_pending(self) -> bool:
        """Whether the counts of the last refresh are still to come (tests wait on this)."""
        return self._counts_pending

    def _apply_counts(self, generation: int, counts: ViewCounts) -> None:
        if generation != self._generation or not self.is_mounted:
            return
        self._counts_pending = False
        if counts.plans:
            self._header_due = False
            self.total = counts.plan.actions if counts.plan else 0
            self.query_one(PlanHeader).show(counts.plan, self.app.today, counts.plans)
        elif self._shown is not None:  # the header's summary stays what it was
            counts = replace(counts, plan=self._shown[1].plan, plans=self._shown[1].plans)
        self._shown = (self.table.filter, counts)
        self.table.set_count(counts.matches)
        self.table.select_rank(counts.rank)
        plan_id = self.view.plan_id
        if plan_id:
            self.query_one(PlanTree).show_sections(plan_id, counts.sections, counts.tree_total)
        self._show_filter_bar()
        self.post_message(self.Counted())

    def _section_title(self) -> str:
        path = self.table.filter.section_path
        return self.query_one(PlanTree).section_title(path) if path else ""

    def _enter_plan(self, plan_id: str | None) -> None:
        """Set the views up for another plan (its title, scale and ref widths; an empty tree) before its rows load."""
        titles = plan_titles(self.app.conn)
        self.total = None
        self.query_one(PlanHeader).show_title(titles.get(plan_id, ""), self.app.today, len(titles))
        self.query_one(PlanTree).forget()
        self.table.rating_cells = rating_width([lv.label for lv in levels(self.app.conn, plan_id)] if plan_id else [])
        self.table.ref_cells = longest_ref(self.app.conn, plan_id) if plan_id else 0
        self.table.set_reactive(ActionTable.cursor, 0)
        self.detail.forget_titles()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self._counts_pending = False
            self.notify(f"Could not read the counts: {event.worker.error}", severity="error", timeout=8)

    # messages ---------------------------------------------------------------------------------------------
    @on(ActionTable.Highlighted)
    def _highlighted(self, event: ActionTable.Highlighted) -> None:
        """The detail follows the cursor one frame later, so a key paints the table's new row first."""
        had_one = self.detail.action_id is not None
        self._detail_due = event.action_id
        self.call_after_refresh(self._show_due_detail)
        if had_one != (event.action_id is not None):
            self.refresh_bindings()

    def _show_due_detail(self) -> None:
        if self._detail_due != self.detail.action_id:
            self.detail.show_action(self._detail_due)

    @on(DataChanged)
    def _data_changed(self, event: DataChanged) -> None:
        """A write here or elsewhere: read everything again (section titles too), keeping the selection."""
        self.detail.forget_titles()
        changed = self.table.cached_row(event.select_action_id) if event.select_action_id else None
        self.reload(event.select_action_id, changed=changed)

    @on(HelpWanted)
    def _help_wanted(self, event: HelpWanted) -> None:
        event.stop()
        self.action_help()

    @on(PlanTree.NodeSelected)
    def _narrow(self, event: PlanTree.NodeSelected) -> None:
        event.stop()
        self.view = replace(self.view, section_path=event.node.data or "")

    def action_narrow_to(self, path: str) -> None:
        """Show only one section's subtree in the table ('' = the whole plan); the tree's cursor goes there."""
        tree = self.query_one(PlanTree)
        node = tree.node_for(path)
        if node is not None:  # (not yet there in the first moment after start)
            parent = node.parent
            while parent is not None:
                parent.expand()
                parent = parent.parent
            tree.move_cursor(node)
        self.view = replace(self.view, section_path=path)

    def section_choices(self) -> list[tuple[str, str]]:
        """(path, 'ref title') of the plan's sections, for the palette."""
        plan_id = self.view.plan_id
        return section_paths(self.app.conn, plan_id) if plan_id else []

    @on(SearchInput.Changed)
    def _search_changed(self, event: SearchInput.Changed) -> None:
        self.view = replace(self.view, search=event.value.strip())

    def leave_search(self) -> None:
        """Back from the search box to the table (the search stays active)."""
        self.table.focus()
        self.query_one(FilterBar).set_class(bool(self.view.search), "-searching")

    # filter actions ---------------------------------------------------------------------------------------
    def action_toggle_band(self, band: str) -> None:
        """Add or remove a band from the filter."""
        self.view = replace(self.view, bands=self.view.bands ^ {band})

    def action_toggle_overdue(self) -> None:
        """Overdue only, on or off."""
        self.view = replace(self.view, overdue=not self.view.overdue)

    def action_search(self) -> None:
        """Open the live search box."""
        self.query_one(FilterBar).open_search()

    def action_clear_filters(self) -> None:
        """Clear bands, overdue, lead, search and the tree narrowing."""
        box = self.query_one(SearchInput)
        with box.prevent(SearchInput.Changed):
            box.value = ""
        self.query_one(FilterBar).remove_class("-searching")
        if self.focused is box:
            self.table.focus()
        tree = self.query_one(PlanTree)
        tree.move_cursor(tree.root)
        self.view = self.view.cleared()

    def action_lead_filter(self) -> None:
        """Pick a lead (with completion) to filter by."""
        from planreview.tui.screens.lead_picker import LeadPicker

        def chosen(name: str | None) -> None:
            if name is not None:
                self.view = replace(self.view, lead=name)

        self.app.push_screen(LeadPicker(leads(self.app.conn, self.view.plan_id), self.view.lead), chosen)

    def action_cycle_sort(self) -> None:
        """Next sort order."""
        order, sort = list(SORTS), self.view.sort
        self.action_sort_by(order[(order.index(sort) + 1) % len(order)] if sort in order else order[0])

    def action_sort_by(self, sort: str) -> None:
        """Sort the table by one column."""
        self.view = replace(self.view, sort=sort if sort in SORTS else "position")
        self.notify(f"Sorted by {SORT_TITLES.get(self.view.sort, self.view.sort)}", timeout=2)

    def action_switch_plan(self) -> None:
        """Choose another plan in this database."""
        from planreview.tui.screens.plan_switcher import PlanSwitcher

        def chosen(plan_id: str | None) -> None:
            if plan_id:
                self.action_open_plan(plan_id)

        self.app.push_screen(PlanSwitcher(list_plans(self.app.conn, self.app.today), self.view.plan_id), chosen)

    def action_open_plan(self, plan_id: str) -> None:
        """Show another plan from its root (bands, overdue, lead, search and the sort stay)."""
        if plan_id != self.view.plan_id:
            self.view = replace(self.view, plan_id=plan_id, section_path="")

    # focus ------------------------------------------------------------------------------------------------
    def action_cycle_focus(self, step: int) -> None:
        """Tree -> table -> detail (inside a form in the detail pane, tab moves between its fields)."""
        focused = self.focused
        slot = self.query_one("#editor-slot")
        if focused is not None and slot in focused.ancestors:
            self.focus_next() if step > 0 else self.focus_previous()
            return
        current = next((i for i, p in enumerate(PANES) if focused is self.query_one(f"#{p}")), 1)
        self.action_focus_pane(PANES[(current + step) % len(PANES)])

    def action_focus_pane(self, pane: str) -> None:
        """Focus one pane by name."""
        widget: Widget = self.query_one(f"#{pane}")
        widget.focus()

    # the keys other parts of the app provide ---------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that need a selected action are greyed out when there is none."""
        needs_one = ("new_note", "correct_entry", "edit_fields")
        if action in needs_one and self.is_mounted and self.table.selected_action_id is None:
            return None
        return True

    def action_new_note(self) -> None:
        """Write a progress entry for the selected action (tui.note_editor)."""
        from planreview.tui.note_editor import open_note_editor

        open_note_editor(self)

    def action_correct_entry(self) -> None:
        """Correct an earlier entry of the selected action (tui.note_editor)."""
        from planreview.tui.note_editor import open_correction

        open_correction(self)

    def action_undo_entry(self) -> None:
        """Retract the entry just saved (tui.note_editor)."""
        from planreview.tui.note_editor import undo_last_entry

        undo_last_entry(self)

    def action_edit_fields(self) -> None:
        """Edit the selected action's own fields (tui.note_editor)."""
        from planreview.tui.note_editor import open_field_editor

        open_field_editor(self)

    def action_meeting(self) -> None:
        """Start meeting mode on the current filter (tui.meeting)."""
        from planreview.tui.meeting import start_meeting

        start_meeting(self.app, self.current_filter())

    def help_groups(self) -> list[tuple[str, list[Binding]]]:
        """Every key of this screen, grouped by where it works (for the help screen)."""
        return [
            ("Everywhere on this screen", [*self.BINDINGS, *self.app.BINDINGS, *_palette_bindings(self.app)]),
            ("Priority tree", list(PlanTree.BINDINGS)),
            ("Action table", list(ActionTable.BINDINGS)),
            ("Detail pane", list(DetailPane.BINDINGS)),
            ("Search box", list(SearchInput.BINDINGS)),
        ]

    def action_help(self) -> None:
        """Show every key of this screen."""
        from planreview.tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen("main screen", self.help_groups(), LEGEND))


def _palette_bindings(app) -> list[Binding]:
    return [Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Command palette",
                    tooltip="Every action of the app by name", id="app.palette")]
