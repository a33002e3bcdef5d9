#!/usr/bin/env python3
"""Benchmark: the nightly check one walk at a time and N at a time, against slow local sites.

Why: live sites answer in hundreds of milliseconds to seconds, so a night is waiting, not computing;
walks at once (pages of one browser in one process, ``--at-once``) should take a fraction of the
serial time. This starts the mock standalone with its ``slow`` fault (every response delayed), runs
the real command (``python -m loginsuite nightly --host-map``) with ``--at-once 1`` and with
``--at-once N``, and prints the two wall-clock times and their ratio (target: <= 1/3). Not a test:
timings belong to a quiet machine. The nightly against a plain script doing the same navigations:
``scripts/bench_floor.py``.

    .venv/bin/python scripts/bench_nightly.py [--delay-ms 3000] [--workers 4] [--service ID ...]
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "nightly"))

from rehearsal import mock_sites, run_night

TARGET = 1 / 3


def cpu_seconds() -> float:
    """CPU time of finished child processes (the night: pytest, its workers, Playwright, Chromium)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_night(port: int, workers: int, services: list[str], check_timeout_ms: int) -> tuple[float, str]:
    pytest_args = ["--check-timeout", str(check_timeout_ms)]
    for service in services:
        pytest_args += ["--service", service]
    with tempfile.TemporaryDirectory(prefix="bench-nightly-") as reports:
        start, cpu = time.perf_counter(), cpu_seconds()
        night = run_night(Path(reports), "--host-map", f"127.0.0.1:{port}", "--at-once", str(workers), "--reruns", "0",
                          "--", *pytest_args, timeout=1800)
        elapsed = time.perf_counter() - start
    summary = next((line for line in night.output.splitlines() if " walks: " in line), "(no summary)")
    summary += f"  [{cpu_seconds() - cpu:.0f} CPU-s; load {os.getloadavg()[0]:.1f}]"
    if night.returncode != 0:
        print(night.output[-4000:], file=sys.stderr)
        raise SystemExit(f"the night with --at-once {workers} failed (exit {night.returncode}): {summary}")
    return elapsed, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--delay-ms", type=int, default=3000,
                        help="latency of every response (the mock's slow default) [%(default)s]")
    parser.add_argument("--workers", type=int, default=4, help="walks at a time in the concurrent run [%(default)s]")
    parser.add_argument("--service", action="append", default=[], metavar="ID",
                        help="only these services (repeatable; default: all)")
    args = parser.parse_args(argv)
    check_timeout = max(5000, args.delay_ms * 3)
    with mock_sites(*([f"slow:{args.delay_ms}"] if args.delay_ms else [])) as port:
        print(f"mock on 127.0.0.1:{port}, every response delayed {args.delay_ms} ms", flush=True)
        serial, serial_summary = timed_night(port, 1, args.service, check_timeout)
        print(f"serial (--at-once 1):       {serial:7.1f} s   {serial_summary}", flush=True)
        concurrent, concurrent_summary = timed_night(port, args.workers, args.service, check_timeout)
        print(f"concurrent (--at-once {args.workers}):  {concurrent:7.1f} s   {concurrent_summary}", flush=True)
    ratio = concurrent / serial
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"ratio concurrent/serial: {ratio:.2f} ({verdict} the target <= {TARGET:.2f})")
    walks = re.search(r"(\d+) walks", serial_summary)
    if walks:
        print(f"per walk: {serial / int(walks.group(1)):.1f} s serial, {concurrent / int(walks.group(1)):.1f} s "
              f"concurrent (wall clock, including pytest and browser start-up)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
