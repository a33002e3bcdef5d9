"""What a screen shows in place of a documented control that is gone: the control of the same role
standing where the documented one stood (between the documented controls around it), read from the
page's ARIA snapshot.

A renamed button (ログイン → 認証する) shares no letter with its old name, so likeness of words cannot
find it; its place and role can. A logo link elsewhere on the page is never in that place, and a
screen with no other documented control gives no place to look: then nothing is claimed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loginsuite.labels import pattern

# The roles a user takes for the documented kind of control (a button drawn as a link is the same control).
ROLES = {
    "button": ("button", "link"),
    "link": ("link", "button"),
    "checkbox": ("checkbox", "switch"),
    "field": ("textbox", "combobox", "searchbox", "spinbutton"),
}
_LINE = re.compile(r'^(?P<indent>\s*)- (?P<role>[a-z]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?(?P<rest>.*)$')


@dataclass
class Node:
    index: int
    depth: int
    role: str
    name: str
    parent: int | None


def parse(snapshot: str) -> list[Node]:
    """The snapshot's elements in document order, each with its parent."""
    nodes: list[Node] = []
    stack: list[Node] = []
    for line in snapshot.splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        depth = len(match["indent"]) // 2
        while stack and stack[-1].depth >= depth:
            stack.pop()
        name = (match["name"] or "").replace('\\"', '"').strip()
        node = Node(len(nodes), depth, match["role"], name, stack[-1].index if stack else None)
        nodes.append(node)
        stack.append(node)
    return nodes


def _ancestors(nodes: list[Node], node: Node) -> list[int]:
    chain = []
    parent = node.parent
    while parent is not None:
        chain.append(parent)
        parent = nodes[parent].parent
    return chain


def _is_logo(nodes: list[Node], node: Node) -> bool:
    """A link that only wraps an image of the same name (a logo, a banner)."""
    children = [n for n in nodes if n.parent == node.index]
    return bool(children) and all(c.role == "img" for c in children)


def shown_instead(snapshot: str, kind: str, documented: list[str], missing: str) -> str | None:
    """The name of the control shown where ``missing`` (one of the screen's ``documented`` control
    labels, in the manual's order) should be, or None when no such control is there."""
    nodes = parse(snapshot)
    roles = ROLES.get(kind, ())
    labels = [(label, pattern(label)) for label in documented]

    def documented_as(node: Node) -> str | None:
        return next((label for label, rx in labels if node.name and rx.search(node.name)), None)

    present = [(n, documented_as(n)) for n in nodes]
    anchors = [(n, label) for n, label in present if label and label != missing]
    if not anchors or missing not in documented:
        return None
    position = documented.index(missing)
    before = [n for n, label in anchors if documented.index(label) < position]
    after = [n for n, label in anchors if documented.index(label) > position]
    low = max((n.index for n in before), default=-1)
    high = min((n.index for n in after), default=len(nodes))
    # The place: the smallest part of the page holding the documented controls around it.
    common = set(_ancestors(nodes, anchors[0][0]))
    for n, _label in anchors[1:]:
        common &= set(_ancestors(nodes, n))
    within = max(common, key=lambda i: nodes[i].depth, default=None)
    candidates = [
        n for n, label in present
        if label is None and n.role in roles and n.name and not _is_logo(nodes, n)
        and (within is None or within in _ancestors(nodes, n))
    ]
    between = [n for n in candidates if low < n.index < high]
    if between:
        return between[0].name
    return None
