"""Host mapping: every documented host answered by one address (the mock, a staging site, a rehearsal).

Chromium resolves names through ``--host-resolver-rules``, so the page URL stays the documented one
while the connection goes to ``address``. Redirect chains, per-host cookies and the address bar
then behave as on the real sites, which request routing cannot give.
"""
from __future__ import annotations

from dataclasses import dataclass

from loginsuite.i18n import _


@dataclass(frozen=True)
class HostMap:
    address: str  # "127.0.0.1:8443"

    @classmethod
    def parse(cls, value: str) -> HostMap:
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit():
            raise ValueError(_("--host-map expects HOST:PORT, got {value!r}").format(value=value))
        return cls(value)

    @property
    def resolver_rules(self) -> str:
        # localhost stays itself so a remote browser server or a local report server keeps working.
        return f"MAP * {self.address}, EXCLUDE localhost"
