"""Due dates as councils print them: parse to ISO with dateutil plus UK rules, or keep raw."""

from __future__ import annotations

import calendar
import re
from datetime import date

from dateutil import parser as dateparser

# "12 months from 01/04/18": a duration counted from a date, not a due date
_COUNTED_FROM = re.compile(r"^\s*\d+\s*(day|week|month|year)s?\s+(from|after|of)\b", re.I)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# numeric dates: 01/06/2018, 1.6.18, 01-06-2018
_NUMERIC = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b")
# day month year: 01 April 2018, 1st Apr 18, 31 st March 2018
_DMY = re.compile(rf"\b(\d{{1,2}})\s*(?:st|nd|rd|th)?\s+({_MONTHS})[a-z]*\.?,?\s+(\d{{4}}|\d{{2}})\b", re.I)
# month day year: March 31 st 2018
_MDY = re.compile(rf"\b({_MONTHS})[a-z]*\.?\s+(\d{{1,2}})\s*(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
# month year: July 2020, Sept 20, Apr-18, April '19
_MY = re.compile(rf"\b({_MONTHS})[a-z]*\.?[\s\-']*('?\d{{4}}|'?\d{{2}})\b", re.I)
# text ending in a month name: a number right after it is that month's year, not a day
_AFTER_MONTH = re.compile(rf"\b(?:{_MONTHS})[a-z]*\.?\s*$", re.I)
# month/year numeric: 04/2018
_NUM_MY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{4})\b")


def _year(text: str) -> int:
    y = int(text.lstrip("'"))
    return y + 2000 if y < 100 else y


def _month(name: str) -> int:
    return dateparser.parse(f"1 {name[:3]} 2000").month


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _numeric(d: int, m: int, y: int) -> date | None:
    """UK day-first, unless only month-first is possible (01/16/2018)."""
    for day, month in ((d, m), (m, d)):
        try:
            return date(y, month, day)
        except ValueError:
            continue
    return None


def find_dates(text: str) -> list[date]:
    """Every date written in a piece of text, in order of appearance (month alone = month end)."""
    if not text:
        return []
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    def add(m: re.Match, value: date | None) -> None:
        if value is not None and 1990 <= value.year <= 2100:
            found.append((m.start(), value))
            taken.append((m.start(), m.end()))

    for m in _NUMERIC.finditer(text):
        add(m, _numeric(int(m.group(1)), int(m.group(2)), _year(m.group(3))))
    for m in _DMY.finditer(text):
        if free(m) and not _AFTER_MONTH.search(text[: m.start()]):  # "Oct 14 Dec 14": 14 is a year
            try:
                add(m, date(_year(m.group(3)), _month(m.group(2)), int(m.group(1))))
            except ValueError:
                pass
    for m in _MDY.finditer(text):
        if free(m):
            try:
                add(m, date(_year(m.group(3)), _month(m.group(1)), int(m.group(2))))
            except ValueError:
                pass
    for m in _MY.finditer(text):
        if free(m):
            add(m, _end_of_month(_year(m.group(2)), _month(m.group(1))))
    for m in _NUM_MY.finditer(text):
        if free(m) and 1 <= int(m.group(1)) <= 12:
            add(m, _end_of_month(int(m.group(2)), int(m.group(1))))
    return [value for _, value in sorted(found, key=lambda pair: pair[0])]


def parse_due(raw: str) -> str | None:
    """ISO due date of a timescale cell: the latest date written in it, None when relative or blank.

    Each line (or ';' part) is read on its own, so "Immediately" on one line and "May 15" on the next
    give May 2015, and "Ongoing Jan 15" gives January 2015. A duration counted from a date ("12 months
    from 01/04/18") is not that date, so such a part gives none.
    """
    if not raw or not raw.strip():
        return None
    dates: list[date] = []
    for part in re.split(r"\n|;", raw):
        if not _COUNTED_FROM.match(part):
            dates.extend(find_dates(part))
    if not dates and "\n" in raw and not _COUNTED_FROM.match(raw):  # a date broken over two lines
        dates = find_dates(" ".join(raw.split()))
    return max(dates).isoformat() if dates else None


def parse_date(text: str) -> str | None:
    """ISO date of a single date a user typed (day first), or None when it is not a date."""
    text = (text or "").strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    dates = find_dates(text)
    return dates[0].isoformat() if len(dates) == 1 else None
