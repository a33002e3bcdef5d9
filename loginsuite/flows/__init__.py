"""The manual as data: typed models of flows/*.yaml and their loader."""
from loginsuite.flows.loader import FlowsError, load_flows
from loginsuite.flows.model import (
    Appendix,
    Control,
    Entry,
    Flows,
    IdentityProvider,
    Manual,
    Screen,
    Service,
    Step,
)

__all__ = [
    "Appendix",
    "Control",
    "Entry",
    "Flows",
    "FlowsError",
    "IdentityProvider",
    "Manual",
    "Screen",
    "Service",
    "Step",
    "load_flows",
]
