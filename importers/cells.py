"""Turn a table cell as extracted (plain text or HTML fragments) into plain text lines."""

from __future__ import annotations

import re
import warnings

_HTML_HINT = re.compile(r"<\s*/?\s*(p|ul|ol|li|b|i|u|em|strong|br|table|tr|td|th|span|div|sup|sub)\b", re.I)
_BLOCK_TAGS = {"p", "li", "br", "div", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4"}
_SPACES = re.compile(r"[ \t\u00a0]+")


def looks_like_html(text: str) -> bool:
    """True when a cell holds HTML tags rather than plain text."""
    return bool(_HTML_HINT.search(text)) or "&amp;" in text or "&nbsp;" in text


def cell_text(raw: str) -> str:
    """Plain text of a cell: HTML flattened, one line per paragraph or bullet, spaces tidied."""
    if raw is None:
        return ""
    text = str(raw)
    if looks_like_html(text):
        text = _html_to_text(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _html_to_text(fragment: str) -> str:
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(fragment, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for cell in soup.find_all(["td", "th"]):
        cell.insert_after(" ")
    return soup.get_text()
