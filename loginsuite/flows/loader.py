"""Loading flows/: YAML → typed models, with every error of every file reported at once.

Errors name the file, the line (from YAML's node marks), the field and what was expected.
Nothing is returned unless everything is valid: the suite refuses to run on partial flows.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from loginsuite.flows.model import Appendix, Flows, IdentityProvider, Manual, Service, Step
from loginsuite.i18n import _

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "flows"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: several times faster, same marks
FIXED_FILES = {"manual.yaml": Manual, "bizd-account.yaml": IdentityProvider, "appendix.yaml": Appendix}


@dataclass(frozen=True)
class FlowIssue:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field or _('(file)')}: {self.message}"


class FlowsError(Exception):
    def __init__(self, issues: list[FlowIssue]) -> None:
        self.issues = issues
        super().__init__(_("invalid flows:") + "\n" + "\n".join(f"  {issue}" for issue in issues))


class _Document:
    """One YAML file: its data and its node tree, to turn a field path into a line number."""

    def __init__(self, path: Path, label: str) -> None:
        self.path = path
        self.label = label
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _FileProblem(FlowIssue(label, None, "", _("not UTF-8 (byte {byte}): save the file as UTF-8")
                .format(byte=exc.start)))
        try:
            self.node = yaml.compose(text, Loader=_YAML_LOADER)
            self.data = yaml.load(text, Loader=_YAML_LOADER)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else None
            problem = getattr(exc, "problem", None) or str(exc)
            raise _FileProblem(FlowIssue(label, line, "", _("malformed YAML: {problem}").format(problem=problem)))
        except ValueError as exc:  # a scalar that parses but cannot be built, e.g. the date 2025-13-25
            raise _FileProblem(FlowIssue(label, _unbuildable_line(self.node), "", _("malformed YAML: {problem}")
                .format(problem=exc)))
        if not isinstance(self.data, dict):
            raise _FileProblem(FlowIssue(label, 1, "", _("expected a mapping at the top level")))

    def line_of(self, path: Iterable[Any]) -> int | None:
        node = self.node
        line = node.start_mark.line + 1 if node else None
        for key in path:
            if isinstance(node, yaml.MappingNode):
                found = None
                for key_node, value_node in node.value:
                    if key_node.value == str(key):
                        found = (key_node, value_node)
                        break
                if found is None:
                    return line
                line = found[0].start_mark.line + 1
                node = found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                return line
        return line


def _unbuildable_line(node: yaml.Node | None) -> int | None:
    """The line of the first scalar YAML cannot turn into a value."""
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader("").construct_object(node)
        except ValueError:
            return node.start_mark.line + 1
        return None
    children = node.value if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) else []
    for child in children:
        for item in child if isinstance(child, tuple) else (child,):
            line = _unbuildable_line(item)
            if line:
                return line
    return None


class _FileProblem(Exception):
    def __init__(self, issue: FlowIssue) -> None:
        self.issue = issue


def _field(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validate(doc: _Document, model: type[BaseModel], issues: list[FlowIssue]) -> Any:
    try:
        return model.model_validate({**doc.data, "source": doc.label} if "source" in model.model_fields else doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-after")))
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = _("unknown key (a typo?)")
            elif error["type"] == "missing":
                message = _("required field is missing")
            issues.append(FlowIssue(doc.label, doc.line_of(loc), _field(loc), message))
        return None


_UNKNOWN = object()  # a shared screen while bizd-account.yaml is itself invalid: not checked here


def _check_steps(
    flows_screens: dict[str, Any] | None,
    owner_screens: dict[str, Any],
    steps: list[Step],
    doc: _Document,
    prefix: tuple[Any, ...],
) -> list[FlowIssue]:
    """Cross-check steps against screens; ``flows_screens`` is None when the shared screens failed to load."""
    issues = []

    def resolve(ref: str) -> Any:
        if ref.startswith("bizd."):
            return _UNKNOWN if flows_screens is None else flows_screens.get(ref.removeprefix("bizd."))
        return owner_screens.get(ref)

    for i, step in enumerate(steps):
        screen = resolve(step.screen)
        if screen is _UNKNOWN:
            pass
        elif screen is None:
            loc = (*prefix, i, "screen")
            issues.append(FlowIssue(doc.label, doc.line_of(loc), _field(loc), _("refers to undefined screen {screen!r}")
                .format(screen=step.screen)))
        elif step.control not in {c.label for c in screen.controls}:
            loc = (*prefix, i, "control")
            issues.append(
                FlowIssue(doc.label, doc.line_of(loc), _field(loc), _("{control!r} is not a control of screen {screen!r}")
                    .format(control=step.control, screen=step.screen))
            )
        if step.next and step.next != "landing" and resolve(step.next) is None:
            loc = (*prefix, i, "next")
            issues.append(FlowIssue(doc.label, doc.line_of(loc), _field(loc), _("refers to undefined screen {screen!r}")
                .format(screen=step.next)))
    return issues


def load_flows(directory: Path | str = DEFAULT_DIR) -> Flows:
    """Load and cross-check every file; raise FlowsError listing all problems, or return the whole."""
    root = Path(directory)
    issues: list[FlowIssue] = []
    parts: dict[str, Any] = {}
    docs: dict[str, _Document] = {}

    def shown(path: Path) -> str:
        return str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)

    def read(path: Path) -> _Document | None:
        label = shown(path)
        if not path.exists():
            issues.append(FlowIssue(label, None, "", _("file is missing")))
            return None
        try:
            return _Document(path, label)
        except _FileProblem as problem:
            issues.append(problem.issue)
            return None

    for name, model in FIXED_FILES.items():
        doc = read(root / name)
        if doc:
            parts[name] = _validate(doc, model, issues)
            docs[name] = doc

    services: list[Service] = []
    seen: dict[str, str] = {}
    invalid_ids: set[str] = set()  # services whose own file is reported: no follow-on errors elsewhere
    service_files = sorted((root / "services").glob("*.yaml"))
    if not service_files:
        issues.append(FlowIssue(shown(root / "services"), None, "", _("no service files (*.yaml): expected one per service")))
    for path in service_files:
        doc = read(path)
        if not doc:
            invalid_ids.add(path.stem)  # unreadable: its id is unknown, the file name is the best guess
            continue
        service = _validate(doc, Service, issues)
        if service is None:
            invalid_ids.add(str(doc.data.get("id")))
            continue
        if service.id in seen:
            issues.append(
                FlowIssue(doc.label, doc.line_of(("id",)), "id", _("duplicate service id {id!r} (also in {other})")
                    .format(id=service.id, other=seen[service.id]))
            )
            continue
        seen[service.id] = doc.label
        services.append(service)
        docs[service.id] = doc

    bizd: IdentityProvider | None = parts.get("bizd-account.yaml")
    shared = bizd.screens if bizd else None
    if bizd:
        issues += _check_steps(bizd.screens, bizd.screens, bizd.steps, docs["bizd-account.yaml"], ("steps",))
        if bizd.consent_screen not in bizd.screens:
            doc = docs["bizd-account.yaml"]
            issues.append(FlowIssue(doc.label, doc.line_of(("consent_screen",)), "consent_screen", _("refers to undefined screen")))
    appendix: Appendix | None = parts.get("appendix.yaml")
    if appendix:
        for i, procedure in enumerate(appendix.procedures):
            issues += _check_steps(shared, procedure.screens, procedure.steps, docs["appendix.yaml"], ("procedures", i, "steps"))
    for service in services:
        doc = docs[service.id]
        issues += _check_steps(shared, service.screens, service.steps, doc, ("steps",))
        for i, entry in enumerate(service.entries):
            if entry.screen not in service.screens:
                loc = ("entries", i, "screen")
                issues.append(FlowIssue(doc.label, doc.line_of(loc), _field(loc), _("refers to undefined screen {screen!r}")
                    .format(screen=entry.screen)))
        if service.shares_screen_with and service.shares_screen_with not in {*seen, *invalid_ids}:
            loc = ("shares_screen_with",)
            issues.append(FlowIssue(doc.label, doc.line_of(loc), "shares_screen_with", _("refers to an undefined service")))

    if issues or None in parts.values():
        raise FlowsError(issues)
    services.sort(key=lambda s: (s.page, s.id))
    return Flows(manual=parts["manual.yaml"], bizd=bizd, appendix=appendix, services=services)
