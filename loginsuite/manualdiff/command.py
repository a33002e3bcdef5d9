"""``python -m loginsuite manual diff [NEW]``: what a new edition changes for flows/.

Exit status: 0 when the edition and flows/ agree, 1 when they differ, 2 when the edition or
flows/ cannot be read.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loginsuite.flows import load_flows
from loginsuite.flows.loader import DEFAULT_DIR
from loginsuite.i18n import _
from loginsuite.manualdiff.compare import compare
from loginsuite.manualdiff.drafts import write_drafts
from loginsuite.manualdiff.facts import read_edition
from loginsuite.manualdiff.reading import EditionError
from loginsuite.manualdiff.render import console, markdown

# Today's manual: the text export kept beside the repository (../shared/manual/).
DEFAULT_MANUAL_DIR = DEFAULT_DIR.parent.parent / "shared" / "manual"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["diff"])
    parser.add_argument("new", type=Path, nargs="?", default=None,
                        help="the new edition: a text export or a PDF (default: the one text export in ../shared/manual/)")
    parser.add_argument("--flows", type=Path, default=DEFAULT_DIR, help="flows folder (default: %(default)s)")
    parser.add_argument("--markdown", type=Path, default=None, metavar="FILE", help="also write the list as Markdown")
    parser.add_argument("--drafts", type=Path, default=None, metavar="DIR",
                        help="write a draft flows/services/*.yaml for each added service into DIR (never into flows/)")


def default_edition() -> Path:
    exports = sorted(DEFAULT_MANUAL_DIR.glob("*.txt"))
    if len(exports) != 1:
        raise EditionError(_("{folder}: expected one text export, found {n}: name the edition to read").format(
            folder=DEFAULT_MANUAL_DIR, n=len(exports)))
    return exports[0]


def run(args: argparse.Namespace) -> int:
    try:
        path = args.new or default_edition()
        flows_dir = args.flows.resolve()
        if args.drafts and args.drafts.resolve().is_relative_to(flows_dir):
            raise EditionError(_("--drafts {folder}: drafts are never written into flows/").format(folder=args.drafts))
        if args.markdown and args.markdown.resolve().is_relative_to(flows_dir):
            raise EditionError(_("--markdown {file}: nothing is written into flows/").format(file=args.markdown))
        facts = read_edition(path)
    except EditionError as exc:
        print(exc, file=sys.stderr)
        return 2
    flows = load_flows(args.flows)
    findings = compare(facts, flows)
    taken = {s.id for s in flows.services}
    drafts = write_drafts(findings, facts, args.drafts, taken) if args.drafts else []
    print(console(facts, findings))
    for draft in drafts:
        print(_("draft written: {path}").format(path=draft))
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(markdown(facts, findings, [str(d) for d in drafts]), encoding="utf-8")
    return 1 if findings else 0
