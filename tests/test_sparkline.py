"""KPI sparklines: scaled blocks, readable without colour."""

from __future__ import annotations

from planreview.tui.widgets.sparkline import sparkline, to_number


def test_values_are_scaled_between_the_lowest_and_highest():
    assert sparkline(["10%", "55%", "100%"]) == "▁▅█"


def test_a_flat_series_is_a_middle_line_not_a_low_one():
    assert sparkline(["73%", "73%", "73%"]) == "▄▄▄"


def test_values_that_are_not_numbers_show_as_dots():
    assert sparkline(["1,204", "n/a", "2,000"]) == "▁·█"
    assert sparkline(["n/a", ""]) == ""
    assert to_number("1,204 cases") == 1204
