"""The shared text-table reader, on small tables written here (not taken from any seed)."""

from __future__ import annotations

from planreview.importers.text_table import (
    Row,
    column_index,
    drop_headers,
    drop_noise,
    is_header_like,
    join_text,
    merge_continuations,
    read_rows,
    realign,
    repeated_titles,
)

HEADER = ["No", "Task", "Action", "Owner", "When"]


def _table() -> str:
    lines = [
        "Widget Plan",
        "\t".join(HEADER),
        "A1\tMake <b>widgets</b>\t<ul><li>buy tools</li><li>hire staff</li></ul>\tAnn Bee\tMay 2021",
        "Page 3",
        "This page is intentionally left blank",
        "Widget Plan",
        "\tTask\tActions\tOwner\tWhen",
        "\tand sell them\tand train staff\t\t",
        "--\t---\t--\t-\t--",
        "\t\t\tCat Dee\t",
        "A2\tPaint widgets\tchoose colours\tEd Fox\tJune 2021",
    ]
    return "\n".join(lines)


def test_read_rows_keeps_line_numbers_and_flattens_html():
    rows = read_rows(_table())
    assert rows[0].line == 1
    third = rows[2]
    assert third.line == 3
    assert third.cells[1] == "Make widgets"
    assert third.cells[2] == "buy tools\nhire staff"


def test_noise_headers_and_continuations_merge_into_two_actions():
    rows = read_rows(_table())
    titles = repeated_titles(rows)
    assert titles == {"Widget Plan"}
    rows = drop_noise(rows, titles)
    assert is_header_like(rows[0], HEADER)
    rows = drop_headers(rows, HEADER)
    merged = merge_continuations(rows)
    assert [r.first for r in merged] == ["A1", "A2"]
    first = merged[0]
    assert first.cells[1] == "Make widgets and sell them"
    assert first.cells[2] == "buy tools\nhire staff and train staff"
    assert first.cells[3] == "Ann Bee\nCat Dee"
    assert first.lines == [3, 8, 10]


def test_header_with_two_words_changed_is_not_a_repeat():
    assert not is_header_like(Row(1, ["", "Goal", "Steps", "Owner", "When"]), HEADER)
    assert is_header_like(Row(1, ["X", "Task", "Action", "Owners", "When"]), HEADER)


def test_join_text_keeps_sentences_and_bullets_apart():
    assert join_text("the end.", "new point") == "the end.\nnew point"
    assert join_text("broken in", "two halves") == "broken in two halves"
    assert join_text("children looked after and", "Care leavers say") == "children looked after and Care leavers say"
    assert join_text("review the remit of the", "Virtual School") == "review the remit of the Virtual School"
    assert join_text("Audit", "Performance Information") == "Audit\nPerformance Information"
    assert join_text("Plan A", "Plan B") == "Plan A\nPlan B"
    assert join_text("", "only") == "only"


def test_realign_places_a_shifted_row_by_its_rating_digit():
    shifted = ["text", "Ann", "Apr-18", "2", "3", "note"]
    fixed = realign(shifted, 8, 4, lambda c: c.isdigit())
    assert fixed == ["", "text", "Ann", "Apr-18", "2", "3", "note", ""]
    padded = realign(["", "", "", "", "", "x", "1", "2"], 7, 5, lambda c: c.isdigit())
    assert padded == ["", "", "", "", "x", "1", "2"]


def test_column_index_uses_the_shared_vocabulary():
    found = column_index(["Ref", "Actions", "Lead Officer", "By When", "RAG", "Progress to date"])
    assert found == {"ref": 0, "action": 1, "lead": 2, "due": 3, "rating": 4, "progress": 5}
