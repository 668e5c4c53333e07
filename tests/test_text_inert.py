"""planreview.text: control characters never survive, ordinary text is untouched."""

from planreview.text import display, inert, one_line


def test_escape_sequences_lose_their_escape_byte():
    hostile = "a\x1b]0;pwned\x07b\x1b[2Jc\x9b31md\x00e\x7f"
    assert inert(hostile) == "a]0;pwnedb[2Jc31mde"
    assert "\x1b" not in inert(hostile)


def test_newlines_and_tabs_kept_carriage_returns_become_newlines():
    assert inert("one\r\ntwo\rthree\n\tfour") == "one\ntwo\nthree\n\tfour"


def test_display_and_one_line():
    assert display("a\tb\nc") == "a b\nc"
    assert one_line("  a\t b\n\nc \x1b ") == "a b c"


def test_ordinary_text_untouched_and_none_is_empty():
    text = "Café – “quoted” £5 ✓ [red]not markup[/]"
    assert inert(text) == text
    assert inert(None) == "" and one_line("") == ""
