"""A run folder's life: made unique, marked running, then complete, interrupted or failed.

``status.json`` in the folder says which. A run killed outright (SIGKILL, power cut) never gets to
write its end: its status stays ``running`` with a process that is gone, which readers take as
*incomplete*. History, compare and the previous-run lookup read only complete runs unless asked.
SIGINT and SIGTERM become pytest's own interruption (KeyboardInterrupt), so fixtures close the
browsers and the report is written, marked interrupted; ``stopping()`` tells the report that a walk
that failed meanwhile failed because the run was stopping.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

STATUS = "status.json"
RUNNING, COMPLETE, INTERRUPTED, FAILED, INCOMPLETE = "running", "complete", "interrupted", "failed", "incomplete"
UNFINISHED = (RUNNING, INTERRUPTED, FAILED, INCOMPLETE)

_stopping: str | None = None  # the signal that is stopping this process's run


def new_folder(reports: Path, label: str, now: dt.datetime | None = None) -> Path:
    """``reports/<YYYYmmdd-HHMMSS>-<label>``, or ``…-<label>-N`` for the N-th run started in that second.

    ``mkdir`` without ``exist_ok`` is the reservation: two runs started together never share a folder.
    """
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    reports.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        folder = reports / (f"{stamp}-{label}" if n == 1 else f"{stamp}-{label}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        mark(folder, RUNNING)
        return folder
    raise FileExistsError(f"{reports}: 999 runs of {label} in the second {stamp}")


def mark(folder: Path, status: str, **extra: Any) -> None:
    """Write the folder's status atomically (a reader never sees half a file)."""
    data = {"status": status, "pid": os.getpid(), "host": socket.gethostname(),
            "at": dt.datetime.now().astimezone().isoformat(timespec="seconds"), **extra}
    tmp = folder / f".{STATUS}.{os.getpid()}"
    tmp.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, folder / STATUS)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def status(folder: Path) -> str:
    """complete / interrupted / failed / running / incomplete (killed, or never finished)."""
    try:
        data = json.loads((folder / STATUS).read_text(encoding="utf-8"))
    except FileNotFoundError:
        # A folder from before status.json: finished when it has its results.
        return COMPLETE if (folder / "results.json").is_file() else INCOMPLETE
    except (OSError, ValueError):
        return INCOMPLETE
    value = data.get("status") if isinstance(data, dict) else None
    if value == RUNNING:
        same_host = data.get("host") == socket.gethostname()
        pid = data.get("pid")
        if same_host and isinstance(pid, int) and not _alive(pid):
            return INCOMPLETE
        return RUNNING
    return value if value in (COMPLETE, INTERRUPTED, FAILED) else INCOMPLETE


def complete(folder: Path) -> bool:
    return status(folder) == COMPLETE


# -- stopping ---------------------------------------------------------------------------------------
def stopping() -> str | None:
    """The name of the signal stopping this run (SIGINT, SIGTERM), else None."""
    return _stopping


def _handler(previous: Any) -> Callable[[int, Any], None]:
    def on_signal(signum: int, frame: Any) -> None:
        global _stopping
        _stopping = _stopping or signal.Signals(signum).name
        if callable(previous) and previous is not signal.default_int_handler:
            previous(signum, frame)  # another plugin's clean-up (it ends in KeyboardInterrupt too)
        # pytest's own interruption: fixtures tear down (browsers close), the report is written. A
        # second signal interrupts that too, as a second Ctrl-C does.
        raise KeyboardInterrupt(_stopping)

    return on_signal


def install_signal_handlers() -> Callable[[], None]:
    """SIGINT and SIGTERM stop the run the way Ctrl-C stops pytest, after any handler installed
    before (chained); returns the undo."""
    global _stopping
    _stopping = None
    previous: dict[int, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            before = signal.getsignal(sig)
            signal.signal(sig, _handler(before))
            previous[sig] = before
        except ValueError:  # not the main thread (pytester in-process): leave the defaults
            pass

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)

    return restore
