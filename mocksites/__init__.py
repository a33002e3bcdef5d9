"""Embedded mock of every site the Business d Account login manual (第2.5版) documents.

An independent reading of the manual: imports nothing from the suite (loginsuite, pages, flows/).
One TLS server answers for every documented host (dispatching on Host); see README.md.
"""
from __future__ import annotations

from mocksites.scenarios import Scenario

__all__ = ["Scenario"]
