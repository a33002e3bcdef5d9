"""The main job: walk every documented path and write the run folder under reports/.

``reports/<YYYYmmdd-HHMMSS>-<target>/`` (``-N`` after it for a second run started in the same second)
gets report.html (self-contained), junit.xml, results.json, revisions.md, status.json, shots/ and
playwright/ (traces, when asked for); ``reports/latest`` points at the newest *complete* main-job run
(a symlink, or a copy where symlinks cannot be made), switched in one rename. Arguments pytest would
refuse are found before any folder is made; an interrupted run keeps its folder, marked so, and
leaves ``latest`` alone. The previous complete run with the same label, when there is one, is
handed to the report plugin, which starts the report with what changed since.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from loginsuite import runstate
from loginsuite.i18n import _

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"
REPORTS_ENV = "BIZD_REPORTS_DIR"  # another reports folder for the main job (tests, CI workspaces)
LATEST = "latest"
_RUN_NAME = re.compile(r"^\d{8}-\d{6}-(?P<label>[a-z]+)(?:-\d+)?$")


def reports_dir() -> Path:
    return Path(os.environ.get(REPORTS_ENV) or REPORTS)


def prepare_run_folder(label: str, reports: Path = REPORTS) -> Path:
    """A new run folder (unique, marked running), announced to the run's plugins (BIZD_RUN_DIR), for any job."""
    folder = runstate.new_folder(reports, label)
    os.environ["BIZD_RUN_DIR"] = str(folder)
    return folder


def finish_run_folder(folder: Path, code: int, keep_unstarted: bool = False) -> str:
    """Mark the folder by pytest's exit status; a run that never started (usage error, nothing
    collected) leaves no folder unless ``keep_unstarted`` (then it is marked failed)."""
    unstarted = code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.NO_TESTS_COLLECTED)
    if unstarted and not keep_unstarted:
        shutil.rmtree(folder, ignore_errors=True)
        return runstate.FAILED
    if unstarted or code == pytest.ExitCode.INTERNAL_ERROR:
        state = runstate.FAILED
    elif code == pytest.ExitCode.INTERRUPTED or runstate.stopping():
        state = runstate.INTERRUPTED
    else:
        state = runstate.COMPLETE
    runstate.mark(folder, state, exit_status=int(code), **({"signal": runstate.stopping()} if runstate.stopping() else {}))
    return state


def run_folders(reports: Path, label: str | None = None, include_unfinished: bool = False) -> list[Path]:
    """The run folders under ``reports`` (of ``label``), oldest first; only complete ones unless asked."""
    if not reports.is_dir():
        return []
    found = [
        p for p in reports.iterdir()
        if p.is_dir() and not p.is_symlink() and (m := _RUN_NAME.match(p.name))
        and (label is None or m["label"] == label) and (include_unfinished or runstate.complete(p))
    ]
    return sorted(found, key=lambda p: p.name)


def previous_run(folder: Path) -> Path | None:
    """The newest earlier complete run folder beside ``folder`` with the same label, with results.json."""
    own = _RUN_NAME.match(folder.name)
    if own is None:
        return None
    runs = [p for p in run_folders(folder.parent, own["label"]) if p.name < folder.name and (p / "results.json").is_file()]
    return runs[-1] if runs else None


def link_latest(folder: Path) -> Path:
    """Point ``latest`` beside ``folder`` at it in one step: a relative symlink renamed over the old
    one (a reader sees the old run or the new one, never none); where links cannot be made, a copy
    swapped in by renames."""
    latest = folder.parent / LATEST
    staged = folder.parent / f".{LATEST}.{os.getpid()}"
    if staged.is_symlink() or staged.is_file():
        staged.unlink()
    elif staged.is_dir():
        shutil.rmtree(staged)
    try:
        staged.symlink_to(folder.name, target_is_directory=True)
    except OSError:
        shutil.copytree(folder, staged, symlinks=True)
    if latest.is_dir() and not latest.is_symlink():  # an earlier copy: a directory cannot be replaced by rename
        old = folder.parent / f".{LATEST}.old.{os.getpid()}"
        os.replace(latest, old)
        os.replace(staged, latest)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staged, latest)
    return latest


def check_arguments(extra: list[str]) -> str | None:
    """What would make pytest refuse the run (flows, --service, --mock-scenario), found before any
    run folder is made; None when the arguments are fine as far as they can be read here."""
    from loginsuite.flows import FlowsError, load_flows
    from loginsuite.flows.loader import DEFAULT_DIR

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--flows", default=str(DEFAULT_DIR))
    parser.add_argument("--service", action="append", default=[])
    parser.add_argument("--mock-scenario", action="append", default=[])
    known, _rest = parser.parse_known_args(extra)
    try:
        flows = load_flows(Path(known.flows))
    except FlowsError as exc:
        return str(exc)
    unknown = sorted(set(known.service) - {s.id for s in flows.services})
    if unknown:
        return _("--service: unknown service id(s) {ids}; see 'python -m loginsuite flows list'").format(ids=unknown)
    from mocksites.scenarios import registry

    names = registry()
    wrong = sorted({spec for spec in known.mock_scenario if spec.split("@", 1)[0].split(":", 1)[0] not in names})
    if wrong:
        return _("--mock-scenario: unknown scenario(s) {names}; known: {known}").format(
            names=wrong, known=", ".join(sorted(names)))
    return None


def pytest_args(target: str, folder: Path, extra: list[str]) -> list[str]:
    previous = previous_run(folder)
    return [
        str(ROOT / "tests" / "walks"),
        f"--rootdir={ROOT}",
        f"--target={target}",
        f"--html={folder / 'report.html'}",
        "--self-contained-html",
        f"--junitxml={folder / 'junit.xml'}",
        f"--output={folder / 'playwright'}",
        f"--run-dir={folder}",
        *([f"--previous-run={previous}"] if previous else []),
        *(live_reruns() if target == "live" else []),
        *(quiet_console() if not _verbose(extra) else []),
        *extra,
    ]


def live_reruns() -> list[str]:
    """Real sites hiccup: a failed live check is tried once more (pytest-rerunfailures); one that
    passes then is reported as a rerun (flaky), not as a plain pass. Mock runs are deterministic.
    A lock or too-many-attempts message is never retried: another sign-in could only make it worse."""
    return ["--reruns=1", "--reruns-delay=5", "--rerun-except=^AccountLocked: "]


def _verbose(extra: list[str]) -> bool:
    return any(a in ("-v", "-vv", "--verbose") or re.fullmatch(r"-v+", a) for a in extra)


def quiet_console() -> list[str]:
    """A console a person can follow: one line per walk (the report plugin writes it), the end
    summary, no progress dots, tracebacks or test lists (they are in the report; ``-v`` brings
    pytest's own output back), and no warnings about the plugins' own set-up."""
    return ["-q", "-o", "console_output_style=classic", "--tb=no", "-rN",
            "-W", "ignore:Module already imported so cannot be rewritten:pytest.PytestAssertRewriteWarning",
            "-W", "ignore::pytest.PytestRemovedIn10Warning",  # pytest-base-url's session fixture
            "-o", "render_collapsed=all"]


def run_suite(target: str, extra: list[str]) -> int:
    problem = check_arguments(extra)
    if problem:
        print(problem, file=sys.stderr)
        return int(pytest.ExitCode.USAGE_ERROR)
    reports = reports_dir()
    folder = prepare_run_folder(target, reports)
    args = pytest_args(target, folder, extra)
    previous = previous_run(folder)
    restore = runstate.install_signal_handlers()
    try:
        code = pytest.main(args)
    finally:
        restore()
    state = finish_run_folder(folder, code)
    if state == runstate.FAILED:
        if folder.is_dir():
            print(_("failed: {folder} is marked failed; latest is unchanged").format(folder=folder), file=sys.stderr)
        return int(code)
    if state == runstate.INTERRUPTED:
        print(_("interrupted: {folder} is marked interrupted; {latest} still points at the last complete run")
              .format(folder=folder, latest=reports / LATEST), file=sys.stderr)
        return int(code)
    latest = link_latest(folder)
    if (folder / "report.html").is_file():
        print(_("report: {path}  (also {latest})").format(path=folder / "report.html", latest=latest / "report.html"),
              file=sys.stderr)
    if previous and (folder / "results.json").is_file():
        from loginsuite.compare import load_comparison, short_comparison

        print(short_comparison(load_comparison(previous, folder)), file=sys.stderr)
    return 0 if code == 0 else int(code)
