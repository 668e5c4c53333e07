"""The priority tree: a plan's sections with roll-up band counts on each node."""

from __future__ import annotations

from planreview.store.records import Section
from planreview.tui.widgets.ratings import band_counts_text
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from planreview.text import display

ICON = 2  # cells of the open/close icon in front of a node that has children
TOGGLE_STYLE = Style.from_meta({"toggle": True})  # as Tree's own labels: a click on the icon folds
BIG_TREE = 200  # more sections than this: only the top level starts open


def _shorten(text: str, cells: int) -> str:
    return text if len(text) <= cells else text[: max(cells - 1, 0)].rstrip() + "…"


def ref_number(ref: str) -> str:
    """The part of a ref that numbers it: its last word when that has a digit ('Priority 2' -> '2'), else ''."""
    tail = ref.rpartition(" ")[2]
    return tail if any(ch.isdigit() for ch in tail) else ""


def short_ref(ref: str, cells: int) -> str:
    """A ref fitted to `cells`: its words give way before its number ('RECOMMENDATION 12' -> 'RECOMM… 12', then
    '12'); the number is never cut."""
    if len(ref) <= cells:
        return ref
    head, _, tail = ref.rpartition(" ")
    if head and ref_number(ref):
        keep = cells - len(tail) - 2
        if keep >= 3:  # enough of the word to read ('Pri… 2'); less would be noise ('P… 2')
            return head[:keep].rstrip() + "… " + tail
        return tail
    return _shorten(ref, cells)


def node_label(ref: str, title: str, counts: dict[str, int], room: int = 60) -> Text:
    """'3 Keep getting the basics right  R1 A4 G9' as Text, fitted to `room` cells.

    The counts are kept whole, and the ref's number; the title is shortened first (or dropped when fewer than 6
    cells are left for it), then the ref's words.
    """
    tally = band_counts_text(counts) or Text("0" if counts else "…", style="dim")  # "…": not counted yet
    title = " ".join(title.split())
    label = Text()
    if ref:
        label.append(short_ref(ref, max(room - len(tally) - 1, 2, len(ref_number(ref)))), style="bold")
    space = room - len(label) - len(tally) - (3 if ref else 2)
    if space >= 6 or (not ref and space >= 3):
        label.append(" " if ref else "")
        label.append(_shorten(title, space))
        label.append("  ")
    elif label:
        label.append(" ")
    label.append_text(tally)
    return label


class PlanTree(Tree[str], inherit_bindings=False):
    """Sections of one plan; each node's data is its section path ('' for the whole plan).

    Its own keys only (each with a tooltip and an id, so the help lists them and a keymap can move them).
    """

    BINDINGS = [
        Binding("enter", "select_cursor", "Narrow", tooltip="Show only this part of the plan in the table",
                id="tree.select"),
        Binding("space", "toggle_node", "Open/close", show=False, tooltip="Open or close this node", id="tree.toggle"),
        Binding("shift+space", "toggle_expand_all", "Open/close all", show=False,
                tooltip="Open or close this node and everything under it", id="tree.toggle_all"),
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="Previous node", id="tree.up"),
        Binding("down,j", "cursor_down", "Down", show=False, tooltip="Next node", id="tree.down"),
        Binding("shift+left,h", "cursor_parent", "Parent", show=False, tooltip="The node this one is under",
                id="tree.parent"),
        Binding("shift+up", "cursor_previous_sibling", "Previous sibling", show=False,
                tooltip="The previous node at this level", id="tree.previous_sibling"),
        Binding("shift+down", "cursor_next_sibling", "Next sibling", show=False,
                tooltip="The next node at this level", id="tree.next_sibling"),
        Binding("pageup", "page_up", "Page up", show=False, tooltip="One screen up", id="tree.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, tooltip="One screen down", id="tree.page_down"),
        Binding("home,g", "scroll_home", "First", show=False, tooltip="The whole plan (top of the tree)",
                id="tree.first"),
        Binding("end,G", "scroll_end", "Last", show=False, tooltip="The last node", id="tree.last"),
    ]

    DEFAULT_CSS = """
    PlanTree > .tree--cursor { text-style: underline; }
    PlanTree:focus > .tree--cursor { text-style: bold underline; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("Whole plan"), data="", id=id)
        self.show_root = True
        self.guide_depth = 2
        self._by_path: dict[str, TreeNode[str]] = {}
        self._plan_id: str | None = None
        self._titles: dict[str, tuple[str, str]] = {}
        self._counts: dict[str, dict[str, int]] = {}

    def forget(self) -> None:
        """Empty the tree (before showing another plan)."""
        self.clear()
        self._plan_id = None
        self._by_path = {"": self.root}
        self._counts = {}
        self.root.set_label(Text("Whole plan"))

    def show_sections(self, plan_id: str, sections: list[Section], total: dict[str, int]) -> None:
        """Build the tree for a plan (or, for the same plan, only new counts: keeps cursor and folds)."""
        if plan_id == self._plan_id and set(self._titles) == {s.path for s in sections}:
            self.update_counts(sections, total)
            return
        self._plan_id = plan_id
        self.clear()
        self._by_path = {"": self.root}
        self._titles = {}
        self._counts = {s.path: s.bands for s in sections}
        self._counts[""] = total
        expand_all = len(sections) <= BIG_TREE
        by_id = {s.id: s for s in sections}
        for s in sections:
            parent = self._by_path.get(by_id[s.parent_id].path if s.parent_id in by_id else "", self.root)
            self._titles[s.path] = (s.ref, s.title)
            self._by_path[s.path] = parent.add(Text(display(s.title)), data=s.path, expand=expand_all)
        for node in self._by_path.values():
            if not node.children:
                node.allow_expand = False
        self.root.expand()
        self.move_cursor(self.root)
        self.root.set_label(Text("Whole plan"))

    def update_counts(self, sections: list[Section], total: dict[str, int]) -> None:
        """New roll-up counts on every node (after a filter or a data change): one repaint, no per-node work."""
        counts = {s.path: s.bands for s in sections}
        counts[""] = total
        if counts != self._counts:
            self._counts = counts
            self.root.set_label(Text("Whole plan"))  # every line's cache key includes the root's: all repaint

    def label_for(self, node: TreeNode[str]) -> Text:
        """A node's label as shown: ref, title (fitted to the width) and its roll-up counts."""
        path = node.data or ""
        ref, title = self._titles.get(path, ("", "Whole plan"))
        room = self.get_label_width(node) - (ICON if node.allow_expand else 0)
        counts = self._counts.get(path, {})
        if not path and room < len(title) + len(band_counts_text(counts)) + 2:
            title = "All"
        return node_label(ref, title, counts, room)

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        """Labels are made when drawn (only visible lines), so new counts cost one repaint at any plan size."""
        label = self.label_for(node)
        label.stylize(style)
        if node.allow_expand:
            prefix = (self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE, base_style + TOGGLE_STYLE)
            return Text.assemble(prefix, label)
        return label

    def get_label_width(self, node: TreeNode[str]) -> int:
        """The cells right of the node's guides: labels are fitted to them (no sideways scrolling, no measuring)."""
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        return max(1, (self.scrollable_content_region.width or 40) - depth * self.guide_depth - 1)

    def on_resize(self) -> None:
        self.root.set_label(Text("Whole plan"))

    def section_title(self, path: str) -> str:
        """'ref title' of a section path ('' when unknown)."""
        return " ".join(x for x in self._titles.get(path, ("", "")) if x)

    def node_for(self, path: str) -> TreeNode[str] | None:
        """The node of a section path ('' = the root)."""
        return self._by_path.get(path)
