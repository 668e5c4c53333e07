"""Lead normalising, lead/date splitting and recommendation tags, on strings written here."""

from __future__ import annotations

import pytest
from planreview.importers.leads import normalise_leads, split_lead_and_date
from planreview.importers.tags import find_tags


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("ann bee", ["Ann Bee"]),
        ("  Ann   Bee / CARL DEE ", ["Ann Bee", "Carl Dee"]),
        ("Ann Bee & Carl Dee", ["Ann Bee", "Carl Dee"]),
        ("Ann Bee and Carl Dee", ["Ann Bee", "Carl Dee"]),
        ("Ann Bee, Carl Dee, Eve Fox", ["Ann Bee", "Carl Dee", "Eve Fox"]),
        ("Head of Widgets, once the post is filled", ["Head of Widgets, once the post is filled"]),
        ("Q Smith DCS", ["Q Smith DCS"]),
        ("Ann Bee\nann bee", ["Ann Bee"]),
        ("", []),
    ],
)
def test_normalise_leads(raw, names):
    assert normalise_leads(raw) == names


@pytest.mark.parametrize(
    ("cell", "lead", "due"),
    [
        ("Ann Bee 08/01/2018", "Ann Bee", "08/01/2018"),
        ("Ann Bee 1 May 2019", "Ann Bee", "1 May 2019"),
        ("Ann Bee May-19", "Ann Bee", "May-19"),
        ("Ann Bee", "Ann Bee", ""),
        ("Team 4", "Team 4", ""),
        ("08/01/2018", "", "08/01/2018"),
    ],
)
def test_split_lead_and_date(cell, lead, due):
    assert split_lead_and_date(cell) == (lead, due)


@pytest.mark.parametrize(
    ("texts", "tags"),
    [
        (("Ofsted recco 14 make things better",), ["ofsted-14"]),
        (("OFSTED rec 3", "see Ofsted recco14 too"), ["ofsted-3", "ofsted-14"]),
        (("4.2 Ofsted 2",), ["ofsted-2"]),
        (("9.9 Ofsted Xy zzz 5",), ["ofsted-5"]),
        (("the Ofsted inspection of 2016 found",), []),
        (("Ofsted 85% of plans",), []),
        (("Ofsted rec 6 and again Ofsted rec 6",), ["ofsted-6"]),
        (("", "nothing here"), []),
    ],
)
def test_find_tags(texts, tags):
    assert find_tags(*texts) == tags
