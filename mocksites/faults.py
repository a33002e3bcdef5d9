"""Network faults (not drift): latency, 503, connection reset; applied by the server per host.

Spec strings: ``slow``, ``slow:800`` (ms), ``unavailable@www.rview.com``, ``connection-reset@HOST``.
Without ``@HOST`` a fault hits every documented host (never the ``localhost`` index page).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

KINDS = ("slow", "unavailable", "connection-reset")
DEFAULT_SLOW_MS = 3000

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class Fault:
    kind: str
    host: str | None = None
    ms: int = DEFAULT_SLOW_MS

    @property
    def spec(self) -> str:
        text = self.kind + (f":{self.ms}" if self.kind == "slow" and self.ms != DEFAULT_SLOW_MS else "")
        return text + (f"@{self.host}" if self.host else "")

    def applies_to(self, host: str) -> bool:
        if host == "localhost":
            return False
        return self.host is None or self.host == host


def parse_fault(spec: str) -> Fault:
    """``KIND[:MS][@HOST]`` -> Fault (ValueError on anything else)."""
    head, _, host = spec.partition("@")
    kind, _, param = head.partition(":")
    if kind not in KINDS:
        raise ValueError(f"unknown fault {kind!r}; known: {', '.join(KINDS)}")
    if param and (kind != "slow" or not param.isdigit()):
        raise ValueError(f"bad fault parameter in {spec!r} (only slow:MS takes one)")
    return Fault(kind, host.lower() or None, int(param) if param else DEFAULT_SLOW_MS)


UNAVAILABLE_PAGE = ("<!doctype html><html lang='ja'><head><meta charset='utf-8'><title>503 Service Unavailable"
                    "</title></head><body><h1>Service Unavailable</h1><p>ただいまアクセスが集中しているか、"
                    "メンテナンス中です。しばらくしてから再度お試しください。</p></body></html>")


def apply(faults: list[Fault], environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes] | None:
    """Sleep for ``slow``; answer 503 for ``unavailable``; None means go on to the app."""
    for fault in faults:
        if fault.kind == "slow":
            time.sleep(fault.ms / 1000)
    if any(f.kind == "unavailable" for f in faults):
        body = UNAVAILABLE_PAGE.encode()
        start_response("503 Service Unavailable", [("Content-Type", "text/html; charset=utf-8"),
                                                   ("Content-Length", str(len(body))), ("Retry-After", "120")])
        return [body]
    return None


def wants_reset(faults: list[Fault]) -> bool:
    return any(f.kind == "connection-reset" for f in faults)
