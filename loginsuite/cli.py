"""Command line: ``python -m loginsuite flows list|check``, ``run`` (the main job), ``nightly``, ``history``,
``compare``, ``manual diff``, ``revisions draft`` and ``approve``."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from loginsuite.flows import FlowsError, load_flows
from loginsuite.flows.loader import DEFAULT_DIR
from loginsuite.i18n import LANGUAGES, _, choose_language, language, language_from_argv, localise_argparse


def _flows_list(directory: Path) -> int:
    flows = load_flows(directory)
    m = flows.manual
    print(f"{m.title} 第{m.version}版 ({m.issued})")
    for service in flows.services:
        print(f"\n{service.name} [{service.id}] p.{service.page}")
        if not service.applicable:
            print("  " + _("not applicable: {reason}").format(reason=service.no_login_reason))
            continue
        for entry in service.entries:
            who = " / ".join(filter(None, [entry.function, entry.role, entry.device if entry.device != "pc" else None]))
            print(f"  {entry.id:<24} {entry.url}  (p.{entry.page}{', ' + who if who else ''})")
        for step in service.steps:
            first = " (初回のみ)" if step.first_login_only else ""
            print("    " + _("{number} {action} 「{control}」 on {screen}").format(
                number=step.number or "・", action=f"{step.action.value:<5}", control=step.control,
                screen=step.screen) + first)
    total_steps = sum(len(s.steps) for s in flows.services) + len(flows.bizd.steps)
    print("\n" + _("{services} services, {urls} distinct URLs, {entries} entries, {steps} steps ({shared} shared), "
                   "{appendix} appendix procedures, {errors} documented errors").format(
        services=len(flows.services), urls=len(flows.documented_urls),
        entries=sum(len(s.entries) for s in flows.services), steps=total_steps, shared=len(flows.bizd.steps),
        appendix=len(flows.appendix.procedures), errors=len(flows.appendix.errors)))
    return 0


def _flows_check(directory: Path) -> int:
    flows = load_flows(directory)
    print(_("ok: {services} services, {urls} distinct URLs").format(services=len(flows.services),
                                                                    urls=len(flows.documented_urls)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The whole command line (also read by the tests that check the CI workflow's commands)."""
    parser = argparse.ArgumentParser(prog="python -m loginsuite", description=_(
        "Verify the Business d Account login manual against the sites it documents."))
    parser.add_argument("--lang", choices=LANGUAGES, default=language(),
                        help=_("the language of everything written for people: report, revisions, history, "
                               "console, alerts (default: BIZD_LANG, else ja)"))
    sub = parser.add_subparsers(dest="command", required=True)
    flows_cmd = sub.add_parser("flows", help=_("list or validate flows/"))
    flows_cmd.add_argument("action", choices=["list", "check"])
    flows_cmd.add_argument("--dir", type=Path, default=DEFAULT_DIR, help=_("flows folder (default: %(default)s)"))
    run_cmd = sub.add_parser("run", help=_("verify the documented flows and write the HTML report (the main job)"))
    run_cmd.add_argument("--target", choices=["mock", "live"], default="mock")
    run_cmd.add_argument("pytest_args", nargs=argparse.REMAINDER, help=_("further pytest options after --"))
    compare_cmd = sub.add_parser("compare", help=_("compare two runs' results.json: newly failing / fixed / still failing"))
    compare_cmd.add_argument("before", type=Path)
    compare_cmd.add_argument("after", type=Path)
    compare_cmd.add_argument("--include-incomplete", action="store_true",
                             help=_("compare runs that were interrupted, killed or failed (default: refused)"))
    nightly_cmd = sub.add_parser("nightly", help=_("the credential-free drift check of the live sites (CI, every night)"))
    from loginsuite.nightly.command import add_arguments as nightly_arguments

    nightly_arguments(nightly_cmd)
    history_cmd = sub.add_parser("history", help=_("draw history.html: services × nights from past runs' results.json"))
    history_cmd.add_argument("reports", type=Path, nargs="?", default=None, help=_("folder of run folders (default: reports/)"))
    history_cmd.add_argument("-o", "--output", type=Path, default=None, help=_("default: REPORTS/history.html"))
    history_cmd.add_argument("--runs", default="*-nightly*", metavar="GLOB",
                             help=_("which run folders are nights (default: %(default)s; '*' for every run)"))
    history_cmd.add_argument("--include-incomplete", action="store_true",
                             help=_("also draw interrupted, killed and failed runs (marked so; default: left out)"))
    revisions_cmd = sub.add_parser("revisions", help=_("a run's proposed revisions as a draft 改定履歴 row and the changes by page"))
    revisions_cmd.add_argument("action", choices=["draft"])
    revisions_cmd.add_argument("run", type=Path, help=_("a run folder under reports/ or its results.json"))
    revisions_cmd.add_argument("-o", "--output", type=Path, default=None, help=_("write the Markdown here (default: print it)"))
    revisions_cmd.add_argument("--version", default=None, help=_("the next edition's number (default: the run's manual + 0.1)"))
    revisions_cmd.add_argument("--date", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                               help=_("the issue date for the row (default: a placeholder)"))
    manual_cmd = sub.add_parser("manual", help=_("compare a new edition of the manual (text export or PDF) with flows/"))
    from loginsuite.manualdiff.command import add_arguments as manual_arguments

    manual_arguments(manual_cmd)
    sub.add_parser("glyphs", help=_("measure whether this machine's Chromium draws Japanese (screenshots need it)"))
    approve_cmd = sub.add_parser("approve", help=_("record a run's screens as the approved ones of the current manual "
                                                 "edition (QA's decision: no run does this by itself)"))
    approve_cmd.add_argument("run", type=Path, help=_("a run folder under reports/ (or its results.json)"))
    approve_cmd.add_argument("--baselines", type=Path, default=None,
                             help=_("the folder of approved screens (default: baselines/, env BIZD_BASELINES_DIR)"))
    approve_cmd.add_argument("--flows", type=Path, default=DEFAULT_DIR, help=_("flows folder: names the edition"))
    for command in sub.choices.values():  # `python -m loginsuite run --lang en` as well as `--lang en run`
        if "--lang" in command._option_string_actions:  # a command that reads it itself
            continue
        command.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                             help=_("the language of everything written for people (default: BIZD_LANG, else ja)"))
    return parser


def _approve(run: Path, baselines: Path | None, flows_dir: Path) -> int:
    from loginsuite.baseline import approve, baselines_root
    from loginsuite.report.results_json import ResultsError

    edition = str(load_flows(flows_dir).manual.version)
    try:
        done = approve(run, baselines_root(baselines), edition)
    except ResultsError as exc:
        print(exc, file=sys.stderr)
        return 2
    for skipped in done.skipped:
        print(_("not approved: {why}").format(why=skipped))
    if not done.approved:
        print(_("{run}: no screen to approve (a run with screenshots whose walks passed is needed)").format(run=run),
              file=sys.stderr)
        return 1
    print(_("{n} screens approved for edition {edition} in {folder}").format(
        n=len(done.approved), edition=edition, folder=done.folder))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    localise_argparse()
    try:
        choose_language(language_from_argv(argv))
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    args = build_parser().parse_args(argv)
    try:
        if args.command == "flows":
            return _flows_list(args.dir) if args.action == "list" else _flows_check(args.dir)
        if args.command == "run":
            from loginsuite.run import run_suite

            return run_suite(args.target, [a for a in args.pytest_args if a != "--"])
        if args.command == "nightly":
            from loginsuite.nightly.command import run_nightly

            return run_nightly(args)
        if args.command == "history":
            from loginsuite.nightly.history import history_main

            return history_main(args.reports, args.output, args.runs, args.include_incomplete)
        if args.command == "revisions":
            from loginsuite.report.revision_draft import draft_main

            return draft_main(args.run, args.output, args.version, args.date)
        if args.command == "manual":
            from loginsuite.manualdiff.command import run as manual_diff

            return manual_diff(args)
        if args.command == "glyphs":
            from loginsuite.report.glyphs import glyphs_main

            return glyphs_main()
        if args.command == "approve":
            return _approve(args.run, args.baselines, args.flows)
        if args.command == "compare":
            from loginsuite.compare import print_comparison

            return print_comparison(args.before, args.after, args.include_incomplete)
    except FlowsError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
