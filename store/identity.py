"""Which stored action a row of a re-imported document is: by its content, never by its place alone.

A person's entry never moves to another action, so a row is matched to a stored action only when the match
is clear. Three passes, each over the actions the earlier passes left free:

1. by ref: the same ref, once on each side, with text that confirms it (today's behaviour for plans with refs);
2. by identical words (text and measure, ignoring case, punctuation and typography); when several rows read
   the same, section, lead and due date tell them apart, and only rows alike in all of these are paired by
   their order in the document (the one place position decides);
3. by similar content: a score from the text (rapidfuzz ratio and token-set ratio), plus small bonuses for
   the same section, lead, due date and ref. A pair is taken when it scores at least MATCH (its text at least
   TEXT_FLOOR: two of five words changed is a different action, not an edit) and each side's
   next best free candidate scores at least MARGIN lower; taking pairs frees the rest to become clear, so
   this repeats until nothing changes. What is left with a candidate above MATCH is ambiguous: reported,
   never guessed.

A global optimum (Hungarian assignment) would also pair rows that are too close to call; this greedy
"clear winner only" rule leaves those unmatched on purpose, and needs no scipy.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MATCH = 82.0  # the least score of a match (text similarity 0-100 plus bonuses)
TEXT_FLOOR = 78.0  # the least text similarity of a match, whatever the bonuses
MARGIN = 8.0  # how far ahead of the next free candidate a match must be
CONFIRM = 50.0  # the least text similarity that confirms a match by ref
BONUS_SECTION, BONUS_LEAD, BONUS_DUE, BONUS_REF = 4.0, 4.0, 3.0, 10.0

_APOSTROPHES = re.compile(r"['‘’‛′`´ʼ]")
_WORD = re.compile(r"[^\W_]+")
_COUNCIL_SUFFIX = re.compile(r"\s*[(\[][^()\[\]]*\bcouncil\b[^()\[\]]*[)\]]\s*$", re.IGNORECASE)


_QUOTES = str.maketrans({c: "'" for c in "‘’‛′`´ʼ"} | {c: '"' for c in "“”„‟″«»"} | {c: "-" for c in "‐‑‒–—―−"})


def typography(text: str) -> str:
    """Text with its typography made plain: NFKC, straight quotes and apostrophes, one kind of dash, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text or "").translate(_QUOTES).split())


def words(text: str) -> str:
    """Text reduced to its words: NFKC, case folded, apostrophes dropped, every other mark a space."""
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text or "").casefold())
    return " ".join(_WORD.findall(text))


def title_key(title: str, authority: str = "") -> str:
    """A plan title for matching: words only, without a "(Thurrock Council)"-style suffix or the authority's name
    in brackets at its end."""
    title = _COUNCIL_SUFFIX.sub("", title or "")
    key = words(title)
    name = authority_key(authority)
    for tail in (f"{name} council", name):
        if name and key.endswith(f" {tail}") and len(key) > len(tail) + 1 and title.rstrip().endswith((")", "]")):
            key = key[: -len(tail) - 1]
            break
    return key


def authority_key(authority: str) -> str:
    """An authority name for matching: words only, without a trailing "council"."""
    key = words(authority)
    return key[: -len(" council")] if key.endswith(" council") else "" if key == "council" else key


@dataclass(frozen=True, slots=True)
class Row:
    """What matching compares of one action: a stored one (key: its id) or a document row (key: its index)."""

    key: str | int
    ref: str = ""
    text: str = ""
    measure: str = ""
    section: str = ""
    lead: str = ""
    due: str = ""
    position: int = 0
    active: bool = True
    content: str = field(init=False, default="")  # what the action says: its text, and its measure if that differs

    def __post_init__(self) -> None:
        text, measure = words(self.text), words(self.measure)
        object.__setattr__(self, "content", text if not measure or measure == text else f"{text} {measure}".strip())


@dataclass(slots=True)
class Matching:
    """The outcome: new row index -> stored id, and the rows left unmatched because two candidates were close."""

    pairs: dict[int, str] = field(default_factory=dict)
    ambiguous: dict[int, tuple[str, ...]] = field(default_factory=dict)  # new index -> the stored ids it could be
    how: dict[int, str] = field(default_factory=dict)  # new index -> "ref" / "words" / "similar"


def similarity(a: str, b: str) -> float:
    """How alike two texts (already reduced to words) read, 0-100: the mean of edit ratio and token-set ratio."""
    from rapidfuzz import fuzz

    if not a or not b:
        return 100.0 if a == b else 0.0
    return (fuzz.ratio(a, b) + fuzz.token_set_ratio(a, b)) / 2


def match_rows(old: list[Row], new: list[Row]) -> Matching:
    """Match document rows (new) to stored actions (old) by content; see the module docstring."""
    out = Matching()
    free_old = {r.key: r for r in old}
    free_new = {r.key: r for r in new}
    _by_ref(free_old, free_new, out)
    _by_words(free_old, free_new, out)
    _by_similarity(free_old, free_new, out)
    return out


def _take(free_old: dict, free_new: dict, out: Matching, old_key: str, new_key: int, how: str) -> None:
    out.pairs[new_key] = old_key
    out.how[new_key] = how
    del free_old[old_key]
    del free_new[new_key]


def _by_ref(free_old: dict, free_new: dict, out: Matching) -> None:
    """Pass 1: a ref printed once on each side, confirmed by the text."""
    olds: dict[str, list[Row]] = {}
    for r in free_old.values():
        if words(r.ref):
            olds.setdefault(words(r.ref), []).append(r)
    news: dict[str, list[Row]] = {}
    for r in free_new.values():
        if words(r.ref):
            news.setdefault(words(r.ref), []).append(r)
    for ref, rows in news.items():
        if len(rows) == 1 and len(olds.get(ref, ())) == 1:
            o, n = olds[ref][0], rows[0]
            if similarity(o.content, n.content) >= CONFIRM:
                _take(free_old, free_new, out, o.key, n.key, "ref")


def _detail(r: Row) -> tuple[str, ...]:
    return (r.section, words(r.lead), words(r.due), words(r.ref))


def _by_words(free_old: dict, free_new: dict, out: Matching) -> None:
    """Pass 2: the same words; rows alike in every respect are paired in document order."""
    groups: dict[str, tuple[list[Row], list[Row]]] = {}
    for r in free_old.values():
        groups.setdefault(r.content, ([], []))[0].append(r)
    for r in free_new.values():
        if r.content in groups:
            groups[r.content][1].append(r)
    for olds, news in groups.values():
        if not news:
            continue
        if len(olds) == 1 and len(news) == 1:
            _take(free_old, free_new, out, olds[0].key, news[0].key, "words")
            continue
        alike: dict[tuple, tuple[list[Row], list[Row]]] = {}
        for r in olds:
            alike.setdefault(_detail(r), ([], []))[0].append(r)
        for r in news:
            alike.setdefault(_detail(r), ([], []))[1].append(r)
        for same_old, same_new in alike.values():
            if same_old and len(same_old) == len(same_new):
                same_old.sort(key=lambda r: (not r.active, r.position))
                same_new.sort(key=lambda r: r.position)
                for o, n in zip(same_old, same_new, strict=True):
                    _take(free_old, free_new, out, o.key, n.key, "words")


def _scores(olds: list[Row], news: list[Row]):
    """The score and text similarity matrices (olds x news): the score adds bonuses for the same section, lead,
    due date and ref to the text similarity."""
    import numpy as np
    from rapidfuzz import fuzz, process

    a, b = [r.content for r in olds], [r.content for r in news]
    text = (process.cdist(a, b, scorer=fuzz.ratio, dtype=np.float32)
            + process.cdist(a, b, scorer=fuzz.token_set_ratio, dtype=np.float32)) / 2

    def same(value) -> np.ndarray:
        left = np.array([value(r) for r in olds], dtype=object)[:, None]
        right = np.array([value(r) for r in news], dtype=object)[None, :]
        return (left == right) & (left != "")

    refs_o = np.array([words(r.ref) for r in olds], dtype=object)[:, None]
    refs_n = np.array([words(r.ref) for r in news], dtype=object)[None, :]
    both = (refs_o != "") & (refs_n != "")
    return (text + BONUS_SECTION * same(lambda r: r.section) + BONUS_LEAD * same(lambda r: words(r.lead))
            + BONUS_DUE * same(lambda r: words(r.due))
            + BONUS_REF * np.where(both, np.where(refs_o == refs_n, 1.0, -1.0), 0.0)).astype(np.float32), text


def _by_similarity(free_old: dict, free_new: dict, out: Matching) -> None:
    """Pass 3: similar content, taken only where one candidate is clearly ahead on both sides."""
    import numpy as np

    olds, news = list(free_old.values()), list(free_new.values())
    if not olds or not news:
        return
    score, text = _scores(olds, news)
    gone = np.float32(-1000.0)
    while True:
        best_old = score.argmax(axis=0)  # for each new row
        best_new = score.argmax(axis=1)  # for each old action
        taken = []
        for j, i in enumerate(best_old):
            top = score[i, j]
            if top < MATCH or text[i, j] < TEXT_FLOOR or best_new[i] != j:
                continue
            column, row = score[:, j].copy(), score[i, :].copy()
            column[i] = row[j] = gone
            if column.max(initial=gone) > top - MARGIN or row.max(initial=gone) > top - MARGIN:
                continue
            taken.append((i, j))
        if not taken:
            break
        for i, j in taken:
            _take(free_old, free_new, out, olds[i].key, news[j].key, "similar")
            score[i, :] = gone
            score[:, j] = gone
    for j, n in enumerate(news):
        if n.key not in free_new:
            continue
        i = int(score[:, j].argmax())
        top = score[i, j]
        if top >= MATCH and text[i, j] >= TEXT_FLOOR:
            out.ambiguous[n.key] = tuple(olds[i].key for i in np.flatnonzero(score[:, j] > top - MARGIN))
