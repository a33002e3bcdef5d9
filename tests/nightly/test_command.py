"""The one-line nightly command builds the documented pytest selection with retries and concurrency."""
from __future__ import annotations

from pathlib import Path

from loginsuite.cli import build_parser
from loginsuite.nightly.command import nightly_args


def args_for(*argv: str, folder: Path = Path("/r/20250501-030000-nightly")) -> list[str]:
    return nightly_args(build_parser().parse_args(["nightly", *argv]), folder)


def test_the_night_is_the_credential_free_live_selection_of_the_walks() -> None:
    args = args_for()
    assert args[0].endswith("tests/walks")
    assert {"--target=live", "--no-sign-in", "--nightly"} <= set(args)
    assert args[args.index("-m") + 1] == "nightly"
    assert "--fail-on-unreachable" not in args and not any(a.startswith("--host-map") for a in args)


def test_the_run_folder_receives_report_junit_and_playwright_output() -> None:
    args = args_for(folder=Path("/r/night"))
    assert {"--html=/r/night/report.html", "--junitxml=/r/night/junit.xml", "--output=/r/night/playwright"} <= set(args)


def test_walks_run_four_at_a_time_in_one_process_by_default_and_as_many_as_asked() -> None:
    args = args_for()
    assert args[args.index("-n") + 1] == "0" and "--walks-at-once=4" in args
    assert "--walks-at-once=8" in args_for("--at-once", "8")
    workers = args_for("-n", "2", "--at-once", "1")
    assert workers[workers.index("-n") + 1] == "2" and "--walks-at-once=1" in workers


def test_the_night_pictures_only_the_steps_its_report_shows() -> None:
    assert "--step-shots=needed" in args_for()


def test_only_unreachable_sites_are_retried_twice_with_doubling_delay() -> None:
    args = args_for()
    assert args[args.index("--reruns") + 1] == "2"
    assert args[args.index("--reruns-delay") + 1] == "10.0"
    assert args[args.index("--reruns-delay-backoff-factor") + 1] == "2"
    only = [args[i + 1] for i, a in enumerate(args) if a == "--only-rerun"]
    assert only == ["SiteUnreachable", "net::ERR_"]
    assert effective(args, "--reruns") == "2"


def effective(args: list[str], option: str) -> str | None:
    """The value pytest ends up with: the last of ``--opt V`` / ``--opt=V`` wins."""
    value = None
    for i, arg in enumerate(args):
        if arg == option:
            value = args[i + 1]
        elif arg.startswith(f"{option}="):
            value = arg.split("=", 1)[1]
    return value


def test_no_retries_means_none_not_the_main_jobs_live_rerun() -> None:
    args = args_for("--reruns", "0")
    assert effective(args, "--reruns") == "0"
    assert "--only-rerun" not in args


def test_host_map_fail_on_unreachable_and_pytest_arguments_pass_through() -> None:
    args = args_for("--host-map", "127.0.0.1:8443", "--fail-on-unreachable", "--", "--service", "cloudsign", "-x")
    assert "--host-map=127.0.0.1:8443" in args and "--fail-on-unreachable" in args
    assert args[-3:] == ["--service", "cloudsign", "-x"]
    assert "--" not in args
