"""The loop the plain line modes share: one command per line in, plain text out, one-line errors that never leave.

A command is its full word, a one-letter alias where that is unambiguous, or any start of the word that names one
command only. Nothing here draws: no escape sequence, no cursor movement, no colour, so a screen reader reads every
line and a pipe gets a transcript.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TextIO

from planreview.cli.errors import CliError
from planreview.importers.dates import parse_date, parse_due
from planreview.store.db import StoreError
from planreview.store.scale import UnknownRating

from planreview.text import one_line

FLAGS_TYPED = {"escalate": "escalate", "e": "escalate", "follow-up": "follow up", "follow up": "follow up",
               "followup": "follow up", "f": "follow up", "clear": "", "c": "", "none": ""}


class Stop(Exception):
    """A command that ends the session (end, quit)."""


@dataclass(frozen=True, slots=True)
class Command:
    """One command: its word, one-letter alias, what it takes, what it does, and the method that runs it."""

    word: str
    alias: str
    takes: str
    does: str
    run: Callable[[str], None]


class PlainSession:
    """Read commands line by line and answer in plain text; subclasses give the commands."""

    name = "plain"

    def __init__(self, conn: sqlite3.Connection, today: str, *, out: TextIO | None = None,
                 echo: bool | None = None) -> None:
        self.conn = conn
        self.today = today
        self.out = out or sys.stdout
        self.lines: Iterator[str] = iter(())
        self.echo = echo
        self.commands: list[Command] = []

    # output --------------------------------------------------------------------------------------------------
    def say(self, *lines: str) -> None:
        """Print lines of plain text (user text made one inert line by the caller) and flush them at once."""
        for line in lines:
            print(line, file=self.out)
        self.out.flush()

    def error(self, message: str) -> None:
        """One line that says what went wrong; the session goes on."""
        text = one_line(message)
        self.say(f"Not done: {text[0].upper() + text[1:] if text else 'unknown problem.'}")

    # input ---------------------------------------------------------------------------------------------------
    def read(self, prompt: str) -> str | None:
        """The next line typed (None at the end of input); a terminal gets a prompt, a pipe an echo of the line."""
        interactive = sys.stdin.isatty() if self.echo is None else not self.echo
        if interactive:
            self.out.write(prompt)
            self.out.flush()
        try:
            line = next(self.lines)
        except StopIteration:
            if interactive:
                self.say("")
            return None
        line = one_line(line)
        if not interactive and line:
            self.say(f"{prompt}{line}")
        return line

    def ask(self, question: str) -> bool:
        """A yes/no question answered on the next line (the end of input, or anything but yes, is no)."""
        self.say(question)
        answer = self.read("yes or no> ")
        return (answer or "").strip().casefold() in ("y", "yes")

    # commands ------------------------------------------------------------------------------------------------
    def add(self, word: str, alias: str, takes: str, does: str, run: Callable[[str], None]) -> None:
        """Offer one command."""
        self.commands.append(Command(word, alias, takes, does, run))

    def find(self, typed: str) -> Command:
        """The command a word names: its alias, its full word, or the only command that starts with it."""
        want = typed.casefold()
        for c in self.commands:
            if want in (c.alias, c.word):
                return c
        starting = [c for c in self.commands if c.word.startswith(want)]
        if len(starting) == 1:
            return starting[0]
        if starting:
            raise CliError(f"{typed!r} could be {' or '.join(c.word for c in starting)}; type more of it.")
        raise CliError(f"unknown command {typed!r}; type help for the commands.")

    def help_lines(self) -> list[str]:
        """Every command with its alias and what it takes."""
        out = ["Commands (the full word, its letter, or the start of the word):"]
        for c in self.commands:
            alias = f" ({c.alias})" if c.alias else ""
            out.append(f"  {c.word}{alias}{' ' + c.takes if c.takes else ''}: {c.does}")
        return out

    def run(self, lines: Iterator[str] | None = None) -> int:
        """Greet, then answer each line until end (0) or the end of input (then `at_end_of_input`)."""
        self.lines = iter(lines) if lines is not None else iter(sys.stdin)
        self.start()
        while True:
            try:
                line = self.read(f"{self.name}> ")
            except KeyboardInterrupt:
                line = None
            if line is None:
                self.at_end_of_input()
                return 0
            if not line.strip():
                continue
            word, _, rest = line.strip().partition(" ")
            try:
                self.find(word).run(rest.strip())
            except Stop:
                return 0
            except (CliError, StoreError, UnknownRating, ValueError) as exc:
                self.error(str(exc))
            except sqlite3.OperationalError as exc:
                self.error("the database is busy (another program is writing to it); try again."
                           if "locked" in str(exc) else f"database problem: {exc}.")
            except sqlite3.DatabaseError as exc:
                self.error(f"database problem: {exc}.")

    def start(self) -> None:
        """What the session says first (subclasses)."""

    def at_end_of_input(self) -> None:
        """What happens when the input ends (subclasses)."""


def split_rating(scale_resolve: Callable[[str], object], text: str, most: int = 4) -> tuple[object, str]:
    """`rate LEVEL REASON`: the longest start of `text` (up to `most` words) that names a level, and the rest."""
    words = text.split()
    if not words:
        raise CliError("rate needs a level and the reason, e.g.: rate amber Two of four panels held.")
    first_error: Exception | None = None
    for n in range(min(most, len(words)), 0, -1):
        try:
            return scale_resolve(" ".join(words[:n])), " ".join(words[n:])
        except (UnknownRating, CliError) as exc:
            if n == 1:
                first_error = exc
    raise first_error or CliError(f"unknown rating {words[0]!r}.")


def entry_day(typed: str) -> str:
    """A day typed for a progress entry, as the app's note editor takes it (ISO or day first, e.g. 12/11/2026)."""
    iso = parse_date(typed)
    if iso is None:
        raise CliError(f"{typed!r} is not a date; type it as 2026-11-12, 12/11/2026 or 12 November 2026.")
    return iso


def due_day(typed: str) -> str:
    """A decision's due date as the app's decision dialog takes it: ISO, day first, or words like 'end of March
    2027' (a month alone is its last day)."""
    iso = parse_date(typed) or parse_due(typed)
    if iso is None:
        raise CliError(f"due {typed!r} is not a date; type it as 2027-03-31, 31/03/2027 or end of March 2027.")
    return iso


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def looks_like_a_date(text: str) -> bool:
    """Whether words after 'due' were meant as a date (a digit or a month's name), not as part of the text."""
    words = text.casefold().split()
    return any(ch.isdigit() for ch in text) or any(w[:3] in MONTHS and w.isalpha() for w in words)


def decision_parts(text: str) -> tuple[str, str | None, str | None]:
    """`decide TEXT [owner NAME] [due DATE]` (the two clauses in either order, each at most once, at the end) as
    (text, owner or None, ISO due or None). 'due' followed by words that are no date stays part of the text."""
    words = text.split()
    clauses: dict[str, str] = {}
    end = len(words)
    for i in range(len(words) - 1, 0, -1):
        word = words[i].casefold()
        value = " ".join(words[i + 1:end])
        if word in ("owner", "due") and word not in clauses and value and (word == "owner" or looks_like_a_date(value)):
            clauses[word] = value
            end = i
    what = " ".join(words[:end])
    if not what:
        raise CliError("decide needs what was agreed, e.g.: decide Report back in March owner Sam due 31/03/2027.")
    due = due_day(clauses["due"]) if "due" in clauses else None
    return what, clauses.get("owner"), due


def flag_typed(text: str) -> str:
    """The flag a `flag` command names ('' clears it)."""
    want = " ".join(text.split()).casefold()
    if want not in FLAGS_TYPED:
        raise CliError(f"flag {text!r}? Type flag escalate, flag follow-up or flag clear.")
    return FLAGS_TYPED[want]
