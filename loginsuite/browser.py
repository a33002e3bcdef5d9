"""Finding a Chromium and the flags it needs on a closed network.

One place for browser discovery and launch flags: conftest, the nightly runner, the benchmarks
and the report's own browser test all take their launch arguments from here.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from loginsuite.i18n import _

ENV_EXECUTABLE = "BIZD_CHROMIUM"
SYSTEM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

# Without these Chromium keeps opening connections that a closed network refuses (and that
# would otherwise show up as noise in the nightly check's network log).
CLOSED_NETWORK_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


class BrowserNotFound(RuntimeError):
    pass


def _playwright_bundled_chromium() -> Path | None:
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    for candidate in sorted(root.glob("chromium-*/chrome-linux*/chrome"), reverse=True):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def find_chromium(explicit: str | None = None) -> Path | None:
    """The executable to launch, or None to let Playwright use its own download.

    Order: an explicit path (option or BIZD_CHROMIUM), Playwright's own Chromium, the system's.
    """
    named = explicit or os.environ.get(ENV_EXECUTABLE)
    if named:
        path = Path(named)
        if not os.access(path, os.X_OK):
            raise BrowserNotFound(_("{variable}/--chromium names {path}, which is not an executable").format(
                variable=ENV_EXECUTABLE, path=named))
        return path
    if _playwright_bundled_chromium():
        return None
    for candidate in SYSTEM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return Path(candidate)
    found = shutil.which("chromium")
    if found:
        return Path(found)
    raise BrowserNotFound(_("no Chromium found: run scripts/setup, install the Debian package 'chromium', "
                            "or name an executable with {variable}").format(variable=ENV_EXECUTABLE))


def chromium_executable(explicit: str | None = None) -> Path | None:
    """The executable a launch runs: the one found, else Playwright's own (None: neither is here)."""
    return find_chromium(explicit) or _playwright_bundled_chromium()


def launch_args(host_resolver_rules: str | None = None) -> list[str]:
    args = list(CLOSED_NETWORK_FLAGS)
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start sandboxed as root
    if host_resolver_rules:
        args.append(f"--host-resolver-rules={host_resolver_rules}")
    return args


def launch_options(explicit: str | None = None, host_resolver_rules: str | None = None) -> dict[str, object]:
    """Keyword arguments for ``BrowserType.launch`` (and pytest-playwright's ``browser_type_launch_args``)."""
    # Ctrl-C reaches the whole process group: Playwright would kill the browser under the walk
    # that is running (a false failure). The run stops through pytest instead, whose fixtures close it.
    options: dict[str, object] = {"args": launch_args(host_resolver_rules), "handle_sigint": False,
                                  "handle_sigterm": False}
    executable = find_chromium(explicit)
    if executable is not None:
        options["executable_path"] = str(executable)
    return options
