"""Due dates as councils print them: the UK rules every importer shares (importers/dates.py)."""

from __future__ import annotations

import pytest
from planreview.importers.dates import parse_date, parse_due


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("July 2020", "2020-07-31"),  # a month alone is the end of that month
        ("Sept 20", "2020-09-30"),
        ("Apr-18", "2018-04-30"),
        ("01/06/2018", "2018-06-01"),  # day first
        ("01/16/2018", "2018-01-16"),  # only month first is possible
        ("March 31 st 2018", "2018-03-31"),
        ("01 April 2018", "2018-04-01"),
        ("31st March 2019", "2019-03-31"),
        ("By 30.06.18", "2018-06-30"),
        ("To commence from 08/01/18", "2018-01-08"),
        ("end of March 2019", "2019-03-31"),
        ("Oct 14 Dec 14", "2014-12-31"),  # several dates: the latest; "14" after a month is its year
        ("Feb 15\nApril 15\nDec 14", "2015-04-30"),
        ("Immediately\nMay 15\nDec 14", "2015-05-31"),  # a relative line does not hide the dated ones
        ("Ongoing Jan 15", "2015-01-31"),
        ("01 April\n2018", "2018-04-01"),  # one date broken over two lines
    ],
)
def test_due_dates_are_parsed_with_the_uk_rules(raw, iso):
    assert parse_due(raw) == iso


@pytest.mark.parametrize(
    "raw", ["3 months", "12 months", "Immediately", "Ongoing", "TBC", "", "  ", "3 months\nImmediately",
            "12 months from 01/04/18", "Jun"],
)
def test_relative_or_undated_timescales_have_no_date(raw):
    assert parse_due(raw) is None


def test_a_typed_date_is_one_date_day_first():
    assert parse_date("2019-02-10") == "2019-02-10"
    assert parse_date("10/02/2019") == "2019-02-10"
    assert parse_date("1 May 2019 and 2 May 2019") is None
    assert parse_date("soon") is None
