"""Which findings are news tonight: new, a reminder, or recovered. Unchanged nights say nothing.

Replayed from the run history alone (no state of its own): each finding's episode starts the first
night it is present and ends the first night its check answers without it. A night that could not
look (the check not reached, the site down, the entry not run) neither extends nor ends an episode.
A finding is announced once it has been present ``threshold`` nights (1; UNREACHABLE: the configured
consecutive nights, since one night's network blip is not news), reminded every ``remind_after``
nights after that, and its recovery is announced only when it had been announced.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from loginsuite.nightly.findings import Finding, NightFindings

NEW, REMINDER, RECOVERED = "new", "reminder", "recovered"


@dataclass(frozen=True)
class Policy:
    remind_after: int = 7  # nights after the announcement; 0: never remind
    unreachable_after: int = 2  # consecutive nights before an unreachable site is news

    def threshold(self, finding: Finding) -> int:
        return max(self.unreachable_after, 1) if finding.verdict == "UNREACHABLE" else 1


@dataclass
class Event:
    """One finding's news of the night."""

    kind: str  # new | reminder | recovered
    finding: Finding  # as last seen (for a recovery: the night before it recovered)
    since: dt.datetime  # first night of the episode
    nights: int  # nights it has been present


@dataclass
class _Episode:
    finding: Finding
    since: dt.datetime
    nights: int = 0
    announced: bool = False


@dataclass
class Alert:
    """One message: the same news about the same difference, for one or several services."""

    kind: str
    events: list[Event] = field(default_factory=list)

    @property
    def first(self) -> Event:
        return self.events[0]

    @property
    def services(self) -> list[str]:
        return list(dict.fromkeys(e.finding.service for e in self.events))


def night_events(nights: list[NightFindings], policy: Policy) -> list[Event]:
    """The last night's events, replaying every night before it (oldest first)."""
    episodes: dict[str, _Episode] = {}
    events: list[Event] = []
    for index, night in enumerate(nights):
        last = index == len(nights) - 1
        for key, finding in night.findings.items():
            episode = episodes.setdefault(key, _Episode(finding, night.when))
            episode.finding = finding
            episode.nights += 1
            threshold = policy.threshold(finding)
            kind = None
            if episode.nights == threshold:
                kind = NEW
            elif (episode.nights > threshold and policy.remind_after > 0
                  and (episode.nights - threshold) % policy.remind_after == 0):
                kind = REMINDER
            episode.announced = episode.announced or episode.nights >= threshold
            if last and kind:
                events.append(Event(kind, finding, episode.since, episode.nights))
        for key in [k for k in episodes if k not in night.findings]:
            episode = episodes[key]
            if night.status(episode.finding) != "gone":
                continue  # nobody could look tonight
            del episodes[key]
            if last and episode.announced:
                events.append(Event(RECOVERED, episode.finding, episode.since, episode.nights))
    return events


def group(events: Iterable[Event]) -> list[Alert]:
    """One alert per (kind, difference): a shared screen's change is one message for every service."""
    alerts: dict[tuple[str, ...], Alert] = {}
    for event in events:
        alerts.setdefault((event.kind, *event.finding.group), Alert(event.kind)).events.append(event)
    order = {NEW: 0, REMINDER: 1, RECOVERED: 2}
    return sorted(alerts.values(), key=lambda a: (order[a.kind], a.first.finding.page or 0, a.first.finding.key))
