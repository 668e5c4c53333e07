"""`planreview review --plain`: read and update a plan one command per line, in plain text, through the same store
functions as the app (filters, notes, ratings, corrections, undo of this session's entries)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from planreview.cli.errors import CliError
from planreview.cli.plain_session import PlainSession, Stop, entry_day, split_rating
from planreview.cli.plain_text import entry_said, history_lines, item_lines, rating_said, scale_lines
from planreview.store.conflicts import conflicting_rows
from planreview.store.meetings import short_text
from planreview.store.queries import ActionFilter, entries, find_actions, get_action, levels, plan_titles
from planreview.store.scale import resolve_rating
from planreview.store.writes import add_entry, entry_owner, find_entry, retract_entry, today_or_earlier

from planreview.bands import BAND_NAMES, BANDS
from planreview.text import one_line

MEETING_ONLY = "decisions and flags are recorded in a meeting; start one with: planreview meet --plain"


class PlainReview(PlainSession):
    """Walk a plan's actions, filtered, and write entries from typed commands."""

    name = "review"

    def __init__(self, conn: sqlite3.Connection, today: str, plan_id: str, *, author: str, **kwargs) -> None:
        super().__init__(conn, today, **kwargs)
        self.plan_id = plan_id
        self.author = author
        self.day = today  # the day new entries speak for (date changes it)
        self.flt = ActionFilter(plan_id=plan_id, today=today)
        self.ids: list[str] = []
        self.index = 0
        self.session_entries: list[str] = []  # saved in this session, newest last: undo retracts these
        self.saved = self.undone = 0
        self.last_shown: str | None = None
        for word, alias, takes, does, run in (
            ("next", "n", "", "go to the next action", self.cmd_next),
            ("back", "b", "", "go back one action", self.cmd_back),
            ("show", "s", "", "say the action again", self.cmd_show),
            ("go", "g", "REF or NUMBER", "go to an action by its ref, or by its number in list (#5: always the "
             "number)", self.cmd_go),
            ("list", "", "", "the actions the filter shows, numbered", self.cmd_list),
            ("agenda", "a", "", "the same as list", self.cmd_list),
            ("filter", "", "red,amber", "show only these bands (red, amber, green, blue, unrated); filter alone "
             "shows every band", self.cmd_filter),
            ("overdue", "o", "", "show only the overdue actions, or every action again (a toggle)", self.cmd_overdue),
            ("search", "/", "TEXT", "show only actions whose text, ref or lead has these words; search alone "
             "ends the search", self.cmd_search),
            ("clear", "0", "", "clear every filter", self.cmd_clear),
            ("note", "", "TEXT", "write a progress note on this action", self.cmd_note),
            ("rate", "r", "LEVEL REASON", "write a new rating (a level's code, label or band) with the reason",
             self.cmd_rate),
            ("date", "", "DATE", "the day the next entries speak for (default today; never later), e.g. "
             "12/11/2026", self.cmd_date),
            ("history", "h", "", "every entry of this action, whole and numbered, then decisions and flags",
             self.cmd_history),
            ("correct", "c", "ENTRY TEXT", "correct an entry (its number in history, or its id) with new text; "
             "its rating and date stay", self.cmd_correct),
            ("undo", "u", "", "retract the entry saved last in this session (asks before anything older)",
             self.cmd_undo),
            ("levels", "l", "", "the plan's rating levels", self.cmd_levels),
            ("author", "", "NAME", "who writes the entries from now on", self.cmd_author),
            ("decide", "d", "", "(in a meeting only: planreview meet --plain)", self.cmd_meeting_only),
            ("flag", "f", "", "(in a meeting only: planreview meet --plain)", self.cmd_meeting_only),
            ("skip", "x", "", "the same as next (nothing is recorded outside a meeting)", self.cmd_next),
            ("end", "q", "", "stop reviewing", self.cmd_end),
            ("help", "?", "", "this list", self.cmd_help),
        ):
            self.add(word, alias, takes, does, run)

    # what is shown -------------------------------------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        """Read the filtered actions again, staying on `keep` (the current action) when it still matches."""
        keep = keep if keep is not None else self.current_id or self.last_shown
        self.ids = [a.id for a in find_actions(self.conn, self.flt)]
        self.index = self.ids.index(keep) if keep in self.ids else 0

    @property
    def current_id(self) -> str | None:
        """The current action's id (None when the filter shows none)."""
        return self.ids[self.index] if self.ids else None

    def current(self):
        """The current action, or an error saying none is shown."""
        action = get_action(self.conn, self.current_id, self.today) if self.current_id else None
        if action is None:
            raise CliError(f"no action is shown ({self.filter_said()}: none match); clear shows every action.")
        return action

    def filter_said(self) -> str:
        """The filter in words."""
        parts = []
        if self.flt.bands:
            parts.append(" and ".join(BAND_NAMES[b] for b in BANDS if b in self.flt.bands))
        if self.flt.overdue:
            parts.append("overdue only")
        if self.flt.search:
            parts.append(f"search '{self.flt.search}'")
        return "filter: " + "; ".join(parts) if parts else "no filter"

    def show_item(self) -> None:
        """The current action as labelled lines."""
        if not self.ids:
            self.say(f"No action matches ({self.filter_said()}); clear shows every action.")
            return
        action = self.current()
        self.last_shown = action.id  # a filter that shows none, then one that shows it again, comes back here
        self.say(f"Action {self.index + 1} of {len(self.ids)} ({self.filter_said()})",
                 *item_lines(self.conn, action, self.today))

    def after_filter(self) -> None:
        """Say how many actions the new filter shows, then the current one (kept when it still matches)."""
        self.reload()
        self.say(f"Showing {len(self.ids)} action{'' if len(self.ids) == 1 else 's'} ({self.filter_said()}).")
        self.show_item()

    # the session ---------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Say which plan this is and the first action."""
        self.reload()
        title = plan_titles(self.conn).get(self.plan_id, "")
        self.say(f"Reviewing {one_line(title)}: {len(self.ids)} actions. Entries are written by "
                 f"{one_line(self.author) or 'nobody named yet (author NAME)'}, dated {self.day}. "
                 "Type help for the commands.")
        self.show_item()

    def at_end_of_input(self) -> None:
        """The input ended: everything typed is saved already."""
        self.say(f"End of input; {self.saved_said()}")

    def saved_said(self) -> str:
        """How many entries this session saved."""
        n = self.saved
        undone = f", {self.undone} of them undone" if self.undone else ""
        return f"{n} entr{'y' if n == 1 else 'ies'} saved in this session{undone}."

    def cmd_next(self, _rest: str) -> None:
        """The next action."""
        self.current()
        if self.index + 1 >= len(self.ids):
            self.say("That was the last action.")
            return
        self.index += 1
        self.show_item()

    def cmd_back(self, _rest: str) -> None:
        """The previous action."""
        self.current()
        if self.index == 0:
            self.say("This is the first action.")
            return
        self.index -= 1
        self.show_item()

    def cmd_show(self, _rest: str) -> None:
        """Say the action again."""
        self.show_item()

    def cmd_go(self, rest: str) -> None:
        """Go to an action by ref (among those shown), or by its number in list (#5 is always a number)."""
        want = rest.strip()
        if not want:
            raise CliError("go needs a ref or a number, e.g.: go 1.2 or go 5.")
        found = [] if want.startswith("#") else self._by_ref(want, self.flt)
        number = want.lstrip("#")
        if not found and number.isdigit():
            n = int(number)
            if not 1 <= n <= len(self.ids):
                raise CliError(f"there is no action {n} in the list; it has {len(self.ids)}.")
            self.index = n - 1
            self.show_item()
            return
        if not found:
            if self._by_ref(want, ActionFilter(plan_id=self.plan_id, today=self.today)):
                raise CliError(f"{want} is not among the actions shown ({self.filter_said()}); clear shows them all.")
            raise CliError(f"no action has the ref {want!r}; list shows the refs.")
        self.index = self.ids.index(found[0])
        self.show_item()

    def _by_ref(self, ref: str, flt: ActionFilter) -> list[str]:
        """The ids of the actions a filter shows whose ref is `ref` (any case)."""
        return [a.id for a in find_actions(self.conn, flt) if one_line(a.ref).casefold() == ref.casefold()]

    def cmd_list(self, _rest: str) -> None:
        """The actions shown, numbered, one line each."""
        found = find_actions(self.conn, self.flt)
        lines = [f"{len(found)} action{'' if len(found) == 1 else 's'} ({self.filter_said()}); go NUMBER goes to one:"]
        for n, a in enumerate(found, 1):
            current = "; current" if n - 1 == self.index else ""
            overdue = "; overdue" if a.overdue else ""
            lines.append(f"  {n}. {one_line(a.ref) or 'no ref'}; rated {rating_said(a.band, a.rating_label)}{overdue}"
                         f"{current}: {short_text(one_line(a.text), 80)}")
        self.say(*lines)

    def cmd_filter(self, rest: str) -> None:
        """Show only some bands (filter alone: every band)."""
        typed = [w.strip().casefold() for w in rest.replace(",", " ").split() if w.strip()]
        if not typed or typed in (["all"], ["clear"]):
            bands = frozenset()
        else:
            names = {**{b: b for b in BANDS}, "unrated": "none", "not-rated": "none", "complete": "blue"}
            unknown = [w for w in typed if w not in names]
            if unknown:
                raise CliError(f"unknown band {', '.join(unknown)}; bands are red, amber, green, blue, unrated.")
            bands = frozenset(names[w] for w in typed)
        self.flt = replace(self.flt, bands=bands)
        self.after_filter()

    def cmd_overdue(self, rest: str) -> None:
        """Overdue only, on or off."""
        want = rest.strip().casefold()
        on = {"on": True, "yes": True, "off": False, "no": False}.get(want, not self.flt.overdue)
        self.flt = replace(self.flt, overdue=on)
        self.after_filter()

    def cmd_search(self, rest: str) -> None:
        """Show only actions whose text, ref or lead holds the words (search alone ends it)."""
        self.flt = replace(self.flt, search=rest.strip())
        self.after_filter()

    def cmd_clear(self, _rest: str) -> None:
        """Clear every filter."""
        self.flt = ActionFilter(plan_id=self.plan_id, today=self.today)
        self.after_filter()

    def write(self, action, note: str, rating: str | None = None, *, supersedes: str | None = None,
              settles: list[str] | None = None) -> str:
        """One entry through the store (which holds the rules), remembered for undo."""
        entry_id = add_entry(self.conn, action.id, note=note, rating=rating,
                             on_date=None if supersedes else self.day, author=self.author, origin="edit",
                             supersedes=supersedes, resolves=settles or ())
        self.session_entries.append(entry_id)
        self.saved += 1
        return entry_id

    def cmd_note(self, rest: str) -> None:
        """A progress note on the action (its rating stays)."""
        if not rest.strip():
            raise CliError("note needs the text, e.g.: note Audit of 30 contacts done; two need follow-up.")
        action = self.current()
        self.write(action, rest)
        self.say(f"Note saved on {action.name}, dated {self.day}. undo retracts it.")

    def cmd_rate(self, rest: str) -> None:
        """A new rating with its reason (settling a disputed rating)."""
        action = self.current()
        scale = levels(self.conn, action.plan_id)
        level, reason = split_rating(lambda typed: resolve_rating(scale, typed), rest)
        settles = conflicting_rows(self.conn, action.id) if action.disputed else []
        if level.code == action.rating and not settles:
            self.say(f"Already rated {rating_said(level.band, level.label)}; note TEXT adds a note that keeps it.")
            return
        self.write(action, reason, level.code, settles=settles)
        after = get_action(self.conn, action.id, self.today)
        settled = " The disputed rating is settled." if settles else ""
        self.say(f"Saved on {action.name}, dated {self.day}: now {rating_said(after.band, after.rating_label)}."
                 f"{settled} undo retracts it.")

    def cmd_date(self, rest: str) -> None:
        """The day the next entries speak for (the store's rule: not after today)."""
        if not rest.strip():
            self.say(f"New entries are dated {self.day}; date DATE changes it.")
            return
        self.day = today_or_earlier(entry_day(rest))
        self.say(f"New entries are dated {self.day}.")

    def cmd_history(self, _rest: str) -> None:
        """Every entry, whole and numbered, then decisions, flags and open conflicts."""
        self.say(*history_lines(self.conn, self.current(), self.today)[0])

    def cmd_correct(self, rest: str) -> None:
        """Correct an entry (by its number in history, or its id) with new text; its rating and date stay."""
        which, _, text = rest.strip().partition(" ")
        if not which or not text.strip():
            raise CliError("correct needs the entry (its number in history, or its id) and the new text, e.g.: "
                           "correct 2 The panel met on the 12th, not the 14th.")
        action = self.current()
        found = entries(self.conn, action.id)
        if which.isdigit() and len(which) < 6:
            n = int(which)
            if not 1 <= n <= len(found):
                raise CliError(f"there is no entry {n}; history lists {len(found)}.")
            old = found[n - 1]
        else:
            entry_id = find_entry(self.conn, action.id, which)
            old = next(e for e in found if e.id == entry_id)
        self.write(action, text, old.rating, supersedes=old.id)
        self.say(f"Corrected the entry of {old.on_date} on {action.name}; undo retracts the correction.")

    def cmd_undo(self, _rest: str) -> None:
        """Retract this session's last entry; anything older only after a yes."""
        while self.session_entries:
            entry_id = self.session_entries.pop()
            owner = entry_owner(self.conn, entry_id)
            if owner is None:
                continue
            retract_entry(self.conn, entry_id, author=self.author, reason="Undone in plain review")
            self.undone += 1
            action = get_action(self.conn, owner[0], self.today)
            what = "Correction retracted: the entry it corrected stands again" if owner[1] else "Entry retracted"
            self.say(f"{what} on {action.name if action else owner[0]} (the history shows both).")
            return
        action = self.current()
        live = [e for e in entries(self.conn, action.id) if e.kind == "update" and not e.superseded_by]
        if not live:
            self.say("Nothing saved in this session to undo, and this action has no entry to retract.")
            return
        older = live[0]
        if not self.ask(f"Nothing saved in this session to undo. Retract the latest entry on {action.name}, written "
                        f"before this session ({entry_said(older, levels(self.conn, action.plan_id))})? Type yes to "
                        "retract it, anything else to keep it."):
            self.say("Kept; nothing was retracted.")
            return
        retract_entry(self.conn, older.id, author=self.author, reason="Retracted in plain review")
        self.say(f"Entry of {older.on_date} retracted on {action.name} (the history shows both).")

    def cmd_levels(self, _rest: str) -> None:
        """The plan's rating levels."""
        self.say(*scale_lines(levels(self.conn, self.plan_id)))

    def cmd_author(self, rest: str) -> None:
        """Change who writes the entries."""
        if not rest.strip():
            self.say(f"Entries are written by {one_line(self.author) or 'nobody named yet'}; author NAME changes it.")
            return
        self.author = rest.strip()
        self.say(f"Entries from now on are written by {self.author}.")

    def cmd_meeting_only(self, _rest: str) -> None:
        """decide and flag belong to meetings."""
        raise CliError(MEETING_ONLY)

    def cmd_end(self, _rest: str) -> None:
        """Stop reviewing."""
        self.say(f"Review ended; {self.saved_said()}")
        raise Stop

    def cmd_help(self, _rest: str) -> None:
        """Every command."""
        self.say(*self.help_lines())
