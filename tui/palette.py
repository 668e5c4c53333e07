"""The command palette: every action of the app by name (a Provider), plus one command per plan and per sort."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher


@dataclass(frozen=True, slots=True)
class Command:
    """A palette entry: its name, a line of help, and the action string it runs ('screen.x' or 'app.x')."""

    name: str
    help: str
    action: str


# Other parts of the app add their commands here (one line each).
COMMANDS: list[Command] = [
    Command("Filter: toggle red", "Show red actions (key 1); combine with other bands", "screen.toggle_band('red')"),
    Command("Filter: toggle amber", "Show amber actions (key 2)", "screen.toggle_band('amber')"),
    Command("Filter: toggle green", "Show green actions (key 3)", "screen.toggle_band('green')"),
    Command("Filter: toggle blue (complete)", "Show blue, complete actions (key 4)", "screen.toggle_band('blue')"),
    Command("Filter: toggle unrated", "Show actions with no rating (key 5)", "screen.toggle_band('none')"),
    Command("Filter: overdue only", "Toggle overdue actions only (key o)", "screen.toggle_overdue"),
    Command("Filter: by lead…", "Pick a lead, with completion (key l)", "screen.lead_filter"),
    Command("Filter: clear all", "Clear bands, overdue, search, lead and the tree narrowing (key 0)",
            "screen.clear_filters"),
    Command("Search actions", "Live search over text, refs and leads (key /)", "screen.search"),
    Command("Sort: next order", "Cycle the table's sort order (key s)", "screen.cycle_sort"),
    Command("Sort by plan order", "Table in the plan's own order", "screen.sort_by('position')"),
    Command("Sort by ref", "Table by action ref", "screen.sort_by('ref')"),
    Command("Sort by rating", "Red first, then amber, green, blue, unrated", "screen.sort_by('rating')"),
    Command("Sort by due date", "Earliest due first; undated last", "screen.sort_by('due')"),
    Command("Sort by lead", "Table by lead name", "screen.sort_by('lead')"),
    Command("Sort by last update", "Most recently updated first", "screen.sort_by('last_update')"),
    Command("Sort by action text", "Table by action text", "screen.sort_by('text')"),
    Command("Sort by overdue", "Overdue first, longest overdue at the top; then by due date",
            "screen.sort_by('overdue')"),
    Command("Sort by direction of travel", "Worsened first, then unchanged, then improved",
            "screen.sort_by('direction')"),
    Command("Switch plan…", "Choose another plan in this database (key p)", "screen.switch_plan"),
    Command("Progress note", "Write a progress entry for the selected action (key n)", "screen.new_note"),
    Command("Correct an entry…", "Correct an earlier progress entry of the selected action (key c)",
            "screen.correct_entry"),
    Command("Undo last entry", "Retract the entry just saved (key u)", "screen.undo_entry"),
    Command("Edit action fields", "Edit the selected action's lead, due date, text… (key e)", "screen.edit_fields"),
    Command("Meeting mode", "Walk the filtered actions one at a time (key m)", "screen.meeting"),
    Command("Meeting: next item", "The next agenda item (right or space)", "screen.next"),
    Command("Meeting: previous item", "The previous agenda item (left)", "screen.previous"),
    Command("Meeting: note", "A progress note tagged with the meeting (key n)", "screen.note"),
    Command("Meeting: decision", "Record a decision or agreed action (key d)", "screen.decision"),
    Command("Meeting: flag", "Flag for escalation or follow-up (key f)", "screen.flag"),
    Command("Meeting: skip item", "Skip this item (key x)", "screen.skip"),
    Command("Meeting: agenda", "The whole agenda with each item's status; jump to one (key a)", "screen.agenda"),
    Command("Meeting: add to the agenda…", "The next band, the overdue, or one action by search (key +)",
            "screen.add_to_agenda"),
    Command("Meeting: decision done…", "Record an earlier decision on this action as done (key c)",
            "screen.close_decision"),
    Command("Meeting: pause", "Leave the meeting unfinished; m resumes it (escape)", "screen.pause"),
    Command("Meeting: end and write minutes", "End the meeting, write the minutes (key q)", "screen.end"),
    Command("Meeting: write minutes to…", "Write the minutes into another folder (key w)", "screen.write_elsewhere"),
    Command("Focus: priority tree", "Move focus to the tree", "screen.focus_pane('tree')"),
    Command("Focus: action table", "Move focus to the table", "screen.focus_pane('table')"),
    Command("Focus: detail", "Move focus to the detail pane", "screen.focus_pane('detail')"),
    Command("Theme: high contrast", "Black and white with bright accents", "app.use_theme('planreview-high-contrast')"),
    Command("Theme: default", "The default dark theme", "app.use_theme('textual-dark')"),
    Command("Theme: light", "A light theme", "app.use_theme('textual-light')"),
    Command("Help: keys", "Every key of this screen (key ?)", "app.help"),
    Command("Refresh", "Read the database again now", "app.refresh_data"),
    Command("Quit", "Leave planreview (key q)", "app.quit"),
]


def literal_highlight(matcher: Matcher, candidate: str) -> Content:
    """The candidate with its matched letters bold, never read as markup (plan titles are user text)."""
    content = Content(candidate)
    _, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content


_KEY_NOTE = re.compile(r" \(key [^)]*\)")


def bound_actions(app, screen) -> dict[str, Binding]:
    """'screen.x' / 'app.x' -> the Binding that runs it (the screen's and its widgets' bindings, and the app's)."""
    out: dict[str, Binding] = {}
    for namespace, owners in (("screen", [screen, *screen.query("*")]), ("app", [app])):
        for owner in owners:
            for b in getattr(owner, "BINDINGS", ()):
                if isinstance(b, Binding):
                    out.setdefault(f"{namespace}.{b.action}", b)
    return out


def with_current_key(app, help_text: str, binding: Binding | None) -> str:
    """A command's help with its '(key x)' as the user presses it now (after a keymap remap)."""
    if binding is None or not _KEY_NOTE.search(help_text):
        return help_text
    from planreview.tui.screens.help_screen import key_label

    return _KEY_NOTE.sub(f" (key {key_label(app, binding)})", help_text)


def _target_has(app, screen, action: str) -> bool:
    """Whether the action's target (the screen the palette was opened on, or the app) has that action."""
    namespace, _, call = action.partition(".")
    target = screen if namespace == "screen" else app
    name = call.split("(", 1)[0]
    return hasattr(target, f"action_{name}")


class PlanReviewCommands(Provider):
    """Every command of the app by name, one 'Open plan: …' per plan and one 'Narrow to: …' per section."""

    def _entries(self) -> list[tuple[Text, str, str]]:
        bound = bound_actions(self.app, self.screen)
        out = [(Text(c.name), with_current_key(self.app, c.help, bound.get(c.action)), c.action)
               for c in COMMANDS if _target_has(self.app, self.screen, c.action)]
        plans = getattr(self.app, "plan_titles", None)
        if plans and _target_has(self.app, self.screen, "screen.open_plan('x')"):
            for plan_id, title in plans().items():
                out.append((Text(f"Open plan: {title}"), "Show this plan", f"screen.open_plan({plan_id!r})"))
        choices = getattr(self.screen, "section_choices", None)
        if choices and _target_has(self.app, self.screen, "screen.narrow_to('x')"):
            out.append((Text("Narrow to: whole plan"), "Show every action of the plan (tree root)",
                        "screen.narrow_to('')"))
            for path, title in choices():
                out.append((Text(f"Narrow to: {title}"), "Show only this part of the plan (as enter on the tree)",
                            f"screen.narrow_to({path!r})"))
        return out

    async def discover(self) -> Hits:
        """Every command, in list order."""
        for name, help_text, action in self._entries():
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose name matches what was typed."""
        matcher = self.matcher(query)
        for name, help_text, action in self._entries():
            score = matcher.match(name.plain)
            if score > 0:
                run = partial(self.app.run_action, action)
                yield Hit(score, literal_highlight(matcher, name.plain), run, text=name.plain, help=help_text)
