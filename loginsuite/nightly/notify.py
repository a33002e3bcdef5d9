"""``nightly --notify``: tell people what changed tonight, through Apprise (one URL per channel).

Channels come from ``BIZD_NOTIFY_URLS`` only (the environment: CI secrets, a shell), never from a
file in the repository; any URL printed or recorded is Apprise's privacy form (credentials masked).
Each channel is sent to on its own, so a broken one neither stops the others nor the night: what
was sent and what failed is printed and written to the run folder's ``notify.json``.
"""
from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import apprise
import pytest
from apprise.utils.parse import parse_urls

from loginsuite import secrets
from loginsuite.i18n import _, ngettext
from loginsuite.nightly.alerts import Policy, group, night_events
from loginsuite.nightly.findings import read_history
from loginsuite.nightly.history import NIGHTLY_RUNS, RESULTS
from loginsuite.nightly.message import Message, digest, render, report_link

URLS_ENV = "BIZD_NOTIFY_URLS"
REPORT_URL_ENV = "BIZD_REPORT_BASE_URL"
RECORD = "notify.json"
FORMAT = "bizd-notify/1"
_SECRET_KEY = re.compile(r"pass|token|secret|key|sig", re.IGNORECASE)  # query keys whose values are secrets
_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


class NotifyConfigError(ValueError):
    """A channel that cannot work: stops the night before any site is opened."""


@dataclass(frozen=True)
class Channel:
    url: str  # with its secrets: never printed
    shown: str  # Apprise's privacy form

    def __repr__(self) -> str:
        return f"Channel({self.shown!r})"


@dataclass
class Settings:
    channels: list[Channel]
    policy: Policy = field(default_factory=Policy)
    report_base: str | None = None
    history: list[Path] = field(default_factory=list)  # more folders of past nights (CI's downloaded history)
    max_messages: int = 10  # more changes than this in one night: one digest instead; 0: no limit


def mask_url(text: str) -> str:
    """``scheme://user:password@`` → ``scheme://••••••@``, and every registered secret masked."""
    return secrets.mask(_CREDENTIALS.sub(lambda m: f"{m['scheme']}{secrets.MASK}@", text))


def private_parts(url: str, private: str) -> list[str]:
    """The pieces of ``url`` Apprise hides in its privacy form (tokens in the path, the password) and
    the values of secret-looking query keys: registered so no artifact or log shows them."""
    parts = urlsplit(url)
    shown = unquote(private)
    pieces = [unquote(p) for p in re.split(r"[/:@]", f"{parts.netloc}{parts.path}") if p]
    hidden = [p for p in pieces if len(p) >= 8 and p not in shown]
    hidden += [unquote(v) for k, v in parse_qsl(parts.query) if _SECRET_KEY.search(k)]
    if parts.password:
        hidden.append(unquote(parts.password))
    return hidden


def _log_text(log: str) -> str:
    """Apprise's captured warnings as one line, without their timestamps."""
    return " ".join(line.split(" - ", 2)[-1] for line in log.splitlines() if line.strip())


def channels_from(environ: Mapping[str, str] | None = None) -> list[Channel]:
    """``BIZD_NOTIFY_URLS``: Apprise URLs separated by spaces or commas; each must be one Apprise knows."""
    env = os.environ if environ is None else environ
    urls = parse_urls(env.get(URLS_ENV, ""))
    if not urls:
        raise NotifyConfigError(_("--notify: {env} is empty: set it to one or more Apprise URLs "
                                  "(mailto://…, json://…, slack://…)").format(env=URLS_ENV))
    channels = []
    for number, url in enumerate(urls, 1):
        with apprise.LogCapture(level=logging.WARNING) as captured:
            plugin = apprise.Apprise.instantiate(url)
        if plugin is None:
            why = _log_text(captured.getvalue())
            raise NotifyConfigError(_("{env}, URL {n}: not an Apprise URL Apprise can use: {url}").format(
                env=URLS_ENV, n=number, url=mask_url(url)) + (f" ({mask_url(why)})" if why else ""))
        for part in private_parts(url, plugin.url(privacy=True)):
            secrets.register(part, "notify URL")
        # The query holds Apprise's defaults and, for some services, keys: the address is enough to read.
        channels.append(Channel(url, mask_url(plugin.url(privacy=True).split("?", 1)[0])))
    return channels


def deliver(message: Message, channel: Channel) -> str | None:
    """Send one message to one channel; the error (masked) when it did not go out."""
    sender = apprise.Apprise()
    sender.add(channel.url)
    with apprise.LogCapture(level=logging.WARNING) as captured:
        try:
            sent = sender.notify(title=message.title, body=message.body, body_format=apprise.NotifyFormat.TEXT,
                                 attach=[str(message.attachment)] if message.attachment else None)
        except Exception as exc:  # noqa: BLE001 — a plugin's own bug must not end the night either
            sent, captured_error = False, f"{type(exc).__name__}: {exc}"
        else:
            captured_error = ""
    if sent:
        return None
    log = _log_text(captured.getvalue())
    return mask_url(captured_error or log or _("the channel refused the message"))


def _record(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / RECORD
    path.write_text(secrets.mask(json.dumps(data, ensure_ascii=False, indent=2)) + "\n", encoding="utf-8")
    return path


def _send(message: Message, settings: Settings, record: dict[str, Any], out: Any) -> list[dict[str, Any]]:
    """One message to every channel; what each did with it (errors printed and recorded)."""
    delivered: list[dict[str, Any]] = []
    for channel in settings.channels:
        error = deliver(message, channel)
        delivered.append({"channel": channel.shown, "sent": error is None, "error": error})
        if error:
            record["errors"].append(f"{channel.shown}: {error}")
            print(_("notify: NOT sent to {channel}: {error}").format(channel=channel.shown, error=error), file=out)
    return delivered


def _earlier_night_without_results(folder: Path) -> bool:
    """Whether the night before ``folder`` under the same reports folder also ended without results."""
    earlier = sorted(p for p in folder.parent.glob(NIGHTLY_RUNS) if p.is_dir() and p.name < folder.name)
    return bool(earlier) and not (earlier[-1] / RESULTS).is_file()


def _no_results(folder: Path, settings: Settings, record: dict[str, Any], out: Any, exit_status: int | None) -> None:
    """A night that wrote no results.json because the suite stopped (a missing font, a usage error, a
    crash) checked nothing: that is news, once (the next such night in a row sends nothing more). An
    interrupted night (Ctrl-C, a cancelled job) tells nothing, as everywhere else."""
    missing = _("notify: no results.json in {folder}: nothing to tell").format(folder=folder)
    record["errors"].append(missing)
    print(missing, file=out)
    if not folder.is_dir():
        return
    if exit_status != pytest.ExitCode.INTERRUPTED and not _earlier_night_without_results(folder):
        lines = [_("The nightly check stopped before it could check any site: no results tonight."),
                 *([_("Exit status: {status}").format(status=exit_status)] if exit_status is not None else []),
                 _("Report: {link}").format(link=report_link(folder, settings.report_base))]
        message = Message(_("[ERROR] nightly check: no results tonight"), "\n".join(lines))
        record["messages"].append({"kind": "no-results", "class": "ERROR", "findings": [], "services": [],
                                   "since": None, "nights": 1, "title": message.title, "body": message.body,
                                   "attachment": None, "delivered": _send(message, settings, record, out)})
    record["ok"] = False
    _record(folder, record)


def notify_night(folder: Path, settings: Settings, out: Any = None, exit_status: int | None = None) -> dict[str, Any]:
    """Send tonight's news for the run ``folder`` to every channel; print and record what happened."""
    out = out or sys.stderr
    nights, problems = read_history([folder, folder.parent, *settings.history])
    for problem in problems:
        print(_("notify: skipped {problem}").format(problem=mask_url(problem)), file=out)
    tonight = [n for n in nights if n.folder.name == folder.name]
    record: dict[str, Any] = {"format": FORMAT, "night": folder.name, "channels": [c.shown for c in settings.channels],
                              "remind_after": settings.policy.remind_after,
                              "unreachable_after": settings.policy.unreachable_after,
                              "max_messages": settings.max_messages,
                              "messages": [], "errors": []}
    if not tonight:
        _no_results(folder, settings, record, out, exit_status)
        return record
    nights = [n for n in nights if (n.when, n.folder.name) <= (tonight[0].when, folder.name)]
    alerts = group(night_events(nights, settings.policy))
    messages = [(render(alert, folder, settings.report_base), [alert]) for alert in alerts]
    if 0 < settings.max_messages < len(alerts):
        messages = [(digest(alerts, folder, settings.report_base), alerts)]
    for message, about in messages:
        delivered = _send(message, settings, record, out)
        record["messages"].append({
            "kind": "digest" if len(about) > 1 else about[0].kind,
            "class": "+".join(dict.fromkeys(a.first.finding.verdict for a in about)),
            "findings": [e.finding.key for a in about for e in a.events],
            "services": list(dict.fromkeys(s for a in about for s in a.services)),
            "since": min(a.first.since for a in about).isoformat(), "nights": max(a.first.nights for a in about),
            "title": message.title, "body": message.body,
            "attachment": Path(os.path.relpath(message.attachment, folder)).as_posix() if message.attachment else None,
            "delivered": delivered,
        })
    if not alerts:
        print(_("notify: nothing changed tonight: no message"), file=out)
    else:
        sent = sum(all(d["sent"] for d in m["delivered"]) for m in record["messages"])
        print(ngettext("notify: {sent} of {n} message sent to {channels} channel(s)",
                       "notify: {sent} of {n} messages sent to {channels} channel(s)", len(messages)).format(
            sent=sent, n=len(messages), channels=len(settings.channels)), file=out)
    record["ok"] = not record["errors"]
    _record(folder, record)
    return record
