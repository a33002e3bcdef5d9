"""``python -m loginsuite nightly``: the credential-free walks of the live sites, a few at a time.

One pytest selection (``tests/walks -m nightly --target live --no-sign-in``) with the main job's run
folder, xdist for concurrency (each worker has its own browser: contexts of one browser do not open
in parallel), and pytest-rerunfailures retrying only unreachable sites, with backoff. With
``--notify`` the night's changes go out through Apprise afterwards (``notify``); whatever happens
there, the exit status is the check's.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from loginsuite import i18n
from loginsuite.i18n import _
from loginsuite.run import REPORTS, finish_run_folder, prepare_run_folder, pytest_args

if TYPE_CHECKING:
    from loginsuite.nightly.notify import Settings

# What a retry can cure: our SiteUnreachable, and Playwright's network errors escaping a page object.
RETRY_ON = ("SiteUnreachable", r"net::ERR_")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The night's options (the language is chosen before the parser is built: ``--lang``, BIZD_LANG)."""
    parser.description = parser.description or _(
        "The credential-free check of the documented URLs and login controls on the live sites: a "
        "procedure that no longer works as the manual says (DRIFT) fails the night; a screen that differs "
        "from the manual's picture (STALE) or an unreachable site only warns.")
    parser.add_argument("--host-map", metavar="HOST:PORT",
                        help=_("send every documented host to this address (staging, offline rehearsal)"))
    parser.add_argument("--fail-on-unreachable", action="store_true",
                        help=_("an unreachable site fails the night (default: a warning, exit 0)"))
    parser.add_argument("--fail-on-stale", action="store_true",
                        help=_("a stale screen (the procedure works, the screen differs) fails the night "
                               "(default: a warning, exit 0)"))
    parser.add_argument("--at-once", type=_count, default=4, metavar="N",
                        help=_("walks at a time in each process: pages of one browser context, a site's "
                               "cookies cleared before each walk of it [%(default)s]"))
    parser.add_argument("-n", "--workers", type=_count, default=0, metavar="N",
                        help=_("pytest-xdist worker processes, one browser each, their walks one at a time; "
                               "0: every walk in this process [%(default)s]"))
    parser.add_argument("--reruns", type=_count, default=2, metavar="N",
                        help=_("retries of an unreachable site [%(default)s]"))
    parser.add_argument("--reruns-delay", type=_seconds, default=10.0, metavar="SECONDS",
                        help=_("first retry's delay, doubled for each further one [%(default)s]"))
    parser.add_argument("--reports", type=Path, default=REPORTS, metavar="DIR",
                        help=_("where run folders are made; history.html is redrawn there [%(default)s]"))
    alerts = parser.add_argument_group(_("alerts (only on change: new, reminder, recovered)"))
    alerts.add_argument("--notify", action="store_true",
                        help=_("send what changed tonight to the Apprise URLs in $BIZD_NOTIFY_URLS "
                               "(space- or comma-separated; secrets only from the environment)"))
    alerts.add_argument("--remind-after", type=_nights, default=7, metavar="NIGHTS",
                        help=_("remind of a finding still there every NIGHTS nights after it was announced; "
                               "0: never [%(default)s]"))
    alerts.add_argument("--unreachable-after", type=_nights, default=2, metavar="NIGHTS",
                        help=_("announce an unreachable site only after NIGHTS nights in a row [%(default)s]"))
    alerts.add_argument("--max-messages", type=_count, default=10, metavar="N",
                        help=_("more changes than N in one night are sent as one digest; 0: no limit "
                               "[%(default)s]"))
    alerts.add_argument("--report-url", default=None, metavar="URL",
                        help=_("where the night's report is published: a URL ending in / gets "
                               "<run>/report.html, {run} is replaced by the run folder's name "
                               "[$BIZD_REPORT_BASE_URL]"))
    alerts.add_argument("--history", type=Path, action="append", default=[], metavar="DIR",
                        help=_("another folder of past nights' run folders (e.g. CI's downloaded history); "
                               "the run history under --reports is always read"))
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER, help=_("further pytest options after --"))


def _whole(value: str, message: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(message.format(value=value))
    return number


def _nights(value: str) -> int:
    return _whole(value, _("not a number of nights: {value}"))


def _count(value: str) -> int:
    return _whole(value, _("not a whole number (0 or more): {value}"))


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(_("not a number of seconds: {value}").format(value=value))
    return seconds


def notify_settings(args: argparse.Namespace) -> Settings | None:
    """The alert channels and policy, checked before the night starts (a config mistake stops it)."""
    if not args.notify:
        return None
    from loginsuite.nightly.alerts import Policy
    from loginsuite.nightly.notify import REPORT_URL_ENV, Settings, channels_from

    return Settings(
        channels=channels_from(),
        policy=Policy(remind_after=args.remind_after, unreachable_after=args.unreachable_after),
        report_base=args.report_url or os.environ.get(REPORT_URL_ENV) or None,
        history=list(args.history),
        max_messages=args.max_messages,
    )


def nightly_args(args: argparse.Namespace, folder: Path) -> list[str]:
    """The pytest command line of one night."""
    extra = [a for a in args.pytest_args if a != "--"]
    # Step pictures only where the night's report shows them: a failure's own, a screen compared with its
    # approved picture (STALE). Each costs about half a second.
    selection = ["-m", "nightly", "--no-sign-in", "--nightly", "--step-shots=needed", f"--lang={i18n.language()}"]
    if args.host_map:
        selection.append(f"--host-map={args.host_map}")
    if args.fail_on_unreachable:
        selection.append("--fail-on-unreachable")
    if args.fail_on_stale:
        selection.append("--fail-on-stale")
    workers = ["-n", str(max(args.workers, 0)), f"--walks-at-once={max(args.at_once, 1)}"]
    # Always said, 0 included: the main job's live default (one rerun of anything) must not apply.
    retries = ["--reruns", str(max(args.reruns, 0))]
    if args.reruns > 0:
        retries += ["--reruns-delay", str(args.reruns_delay), "--reruns-delay-backoff-factor", "2"]
        for pattern in RETRY_ON:
            retries += ["--only-rerun", pattern]
    return pytest_args("live", folder, [*selection, *workers, *retries, *extra])


def run_nightly(args: argparse.Namespace) -> int:
    from loginsuite.nightly.notify import NotifyConfigError, mask_url, notify_night

    i18n.choose_language(getattr(args, "lang", None) or i18n.language())  # the night's pytest and its workers too

    try:
        settings = notify_settings(args)
    except NotifyConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    folder = prepare_run_folder("nightly", args.reports)
    code = int(pytest.main(nightly_args(args, folder)))
    # A night that never started is kept (marked failed): its no-results alert says so, once.
    finish_run_folder(folder, code, keep_unstarted=True)
    history = args.reports / "history.html"
    try:
        from loginsuite.nightly.history import write_history

        if write_history(args.reports, history):
            print(_("history: {path}").format(path=history), file=sys.stderr)
    except (OSError, ValueError) as exc:  # the night's verdict matters more than its picture
        print(_("history.html not drawn: {error}").format(error=exc), file=sys.stderr)
    if settings is not None:
        try:
            notify_night(folder, settings, exit_status=code)
        except Exception as exc:  # noqa: BLE001 — a failed alert never hides the verdict
            print(_("notify: failed: {error}").format(error=mask_url(f"{type(exc).__name__}: {exc}")), file=sys.stderr)
    print(_("run folder: {folder}").format(folder=folder), file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    i18n.localise_argparse()
    try:
        i18n.choose_language(i18n.language_from_argv(argv))
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog="python -m loginsuite nightly")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                        help=_("the language of everything written for people (default: BIZD_LANG, else ja)"))
    add_arguments(parser)
    return run_nightly(parser.parse_args(argv))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
