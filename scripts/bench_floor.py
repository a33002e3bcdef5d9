#!/usr/bin/env python3
"""Benchmark: the nightly check against the floor, a plain Playwright script doing the same navigations.

Why: a night is waiting for sites, not computing, so its cost should stay close to what the bare
navigations cost, and grow no faster than the list of documented URLs. In one invocation, on one
stand-alone mock (``python -m mocksites``) with every response delayed (``slow:MS``), for each
latency and each scale of the manual (the documented entries repeated ×2, ×4 in a copy of flows/,
passed with ``--flows``), this runs back to back and ``--repeat`` times:

- the floor: one Python process with async Playwright, one browser, pages of one context, four at a
  time: open each documented URL, press the documented entry control(s), wait for the ID screen;
- the night: ``python -m loginsuite nightly --host-map 127.0.0.1:PORT`` (live mode, as in CI).

It prints, per run and as medians, both wall-clock times (whole processes, start-up included), their
CPU seconds (the process and its children: Playwright's driver, Chromium), the ratio night/floor and
the time per URL. The machine is shared: compare the figures of one invocation, not across days.
Exit status 1 when the median ratio at the highest latency and scale ×1 is above ``--target``.

    .venv/bin/python scripts/bench_floor.py [--latency-ms 0 --latency-ms 300] [--scale 1 --scale 2 --scale 4]
                                            [--repeat 3] [-- NIGHTLY OPTIONS]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "nightly")]

TARGET = 1.5
AT_ONCE = 4  # the floor's pages in flight, as the issue measured it


# -- the floor: runs in its own process (python bench_floor.py --floor PLAN), importing only Playwright --
async def _floor_walk(context: Any, entry: dict[str, Any], slots: asyncio.Semaphore, timeout: float) -> None:
    async with slots:
        page = await context.new_page()
        try:
            await page.goto(entry["url"], wait_until="domcontentloaded")
            for name in entry["presses"]:
                label = re.compile(name)
                control = page.get_by_role("button", name=label).or_(page.get_by_role("link", name=label)).first
                await control.click(timeout=timeout)
            if entry["presses"]:
                await page.get_by_label(re.compile(entry["id_field"])).first.wait_for(timeout=timeout)
        finally:
            await page.close()


async def _floor(plan: dict[str, Any]) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(**plan["launch"])
        context = await browser.new_context(ignore_https_errors=True, locale="ja-JP")
        slots = asyncio.Semaphore(plan["at_once"])
        await asyncio.gather(*(_floor_walk(context, e, slots, plan["timeout"]) for e in plan["entries"]))
        await browser.close()


def floor_plan(flows_dir: Path, port: int, timeout_ms: float) -> dict[str, Any]:
    """What the floor does, read from flows/ by the parent so the floor process imports only Playwright."""
    from loginsuite.browser import launch_options
    from loginsuite.flows import load_flows
    from loginsuite.flows.model import Action
    from loginsuite.hostmap import HostMap
    from loginsuite.labels import pattern

    flows = load_flows(flows_dir)
    id_field = pattern(flows.bizd.screens["id"].purpose("account_id").label).pattern
    entries: list[dict[str, Any]] = []
    for service in flows.services:
        if not service.applicable:
            continue
        steps = []
        for step in service.steps:
            steps.append(step)
            if step.next == "bizd.id":
                break
        # An entry that must type something (出勤簿's 会社コード) is only opened, as the night does.
        presses = ([] if any(s.action is Action.enter for s in steps)
                   else [pattern(s.control).pattern for s in steps if s.action is Action.press])
        entries += [{"url": entry.url, "presses": presses, "id_field": id_field} for entry in service.entries]
    launch = launch_options(None, HostMap(f"127.0.0.1:{port}").resolver_rules)
    return {"launch": launch, "entries": entries, "at_once": AT_ONCE, "timeout": timeout_ms}


# -- timing whole processes -------------------------------------------------------------------------
def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Timing:
    wall: float
    cpu: float
    note: str = ""


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[Timing, subprocess.CompletedProcess[str]]:
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, check=False)
    return Timing(time.perf_counter() - start, _children_cpu() - cpu), done


def run_floor(plan_file: Path) -> Timing:
    timing, done = timed([sys.executable, __file__, "--floor", str(plan_file)])
    if done.returncode != 0:
        raise SystemExit(f"the floor failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return timing


def run_nightly(port: int, flows_dir: Path, timeout_ms: float, extra: list[str]) -> Timing:
    from rehearsal import clean_env

    with tempfile.TemporaryDirectory(prefix="bench-floor-") as reports:
        command = [sys.executable, "-m", "loginsuite", "nightly", "--lang", "en", "--reports", reports,
                   "--host-map", f"127.0.0.1:{port}", "--reruns", "0", *extra,
                   "--", "--flows", str(flows_dir), "--check-timeout", str(timeout_ms)]
        timing, done = timed(command, env=clean_env())
    output = done.stdout + done.stderr
    summary = next((line for line in output.splitlines() if " walks: " in line), "(no summary)")
    if done.returncode != 0 or not re.search(r"\b0 UNREACHABLE\b", summary):
        print(output[-4000:], file=sys.stderr)
        raise SystemExit(f"the night failed (exit {done.returncode}): {summary}")
    timing.note = summary
    return timing


# -- a bigger manual ------------------------------------------------------------------------------
def scaled_flows(scale: int, folder: Path) -> Path:
    """flows/ with every documented entry repeated ``scale`` times (ids suffixed ``-x2``, ``-x3``…)."""
    if scale == 1:
        return ROOT / "flows"
    target = folder / f"flows-x{scale}"
    if target.is_dir():  # made for an earlier latency of this invocation
        return target
    shutil.copytree(ROOT / "flows", target)
    for path in sorted((target / "services").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = data.get("entries") or []
        data["entries"] = entries + [{**e, "id": f"{e['id']}-x{k}"} for k in range(2, scale + 1) for e in entries]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


# -- the benchmark --------------------------------------------------------------------------------
@dataclass
class Row:
    latency: int
    scale: int
    urls: int
    floor: list[Timing]
    night: list[Timing]

    def median(self, which: str, field: str) -> float:
        return statistics.median(getattr(t, field) for t in getattr(self, which))

    @property
    def ratio(self) -> float:
        return statistics.median(n.wall / f.wall for f, n in zip(self.floor, self.night, strict=True))


def measure(latency: int, scales: list[int], repeat: int, extra: list[str], work: Path) -> list[Row]:
    from rehearsal import mock_sites

    rows = []
    timeout = max(5000.0, latency * 10.0)
    with mock_sites(*([f"slow:{latency}"] if latency else [])) as port:
        print(f"mock on 127.0.0.1:{port}, every response delayed {latency} ms", flush=True)
        for scale in scales:
            flows_dir = scaled_flows(scale, work)
            plan = floor_plan(flows_dir, port, timeout)
            plan_file = work / f"floor-x{scale}.json"
            plan_file.write_text(json.dumps(plan), encoding="utf-8")
            row = Row(latency, scale, len(plan["entries"]), [], [])
            for attempt in range(1, repeat + 1):
                floor = run_floor(plan_file)
                night = run_nightly(port, flows_dir, timeout, extra)
                row.floor.append(floor)
                row.night.append(night)
                print(f"  {latency:4d} ms ×{scale} #{attempt}: floor {floor.wall:6.1f} s ({floor.cpu:5.1f} CPU-s)  "
                      f"night {night.wall:6.1f} s ({night.cpu:5.1f} CPU-s)  ratio {night.wall / floor.wall:4.2f}  "
                      f"[{night.note.strip()}; load {os.getloadavg()[0]:.1f}]", flush=True)
            rows.append(row)
    return rows


def print_table(rows: list[Row]) -> None:
    print("\nmedians (wall clock of whole processes; CPU: process and children)")
    print(f"{'latency':>8} {'scale':>5} {'URLs':>4} | {'floor s':>7} {'CPU s':>6} {'s/URL':>6} | "
          f"{'night s':>7} {'CPU s':>6} {'s/URL':>6} | {'ratio':>5}")
    for r in rows:
        floor, night = r.median("floor", "wall"), r.median("night", "wall")
        print(f"{r.latency:>6}ms {'×' + str(r.scale):>5} {r.urls:>4} | {floor:7.1f} {r.median('floor', 'cpu'):6.1f} "
              f"{floor / r.urls:6.2f} | {night:7.1f} {r.median('night', 'cpu'):6.1f} {night / r.urls:6.2f} | "
              f"{r.ratio:5.2f}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--floor"]:
        asyncio.run(_floor(json.loads(Path(argv[1]).read_text(encoding="utf-8"))))
        return 0
    own, extra = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency-ms", type=int, action="append", default=None,
                        help="delay of every response (repeatable) [0 and 300]")
    parser.add_argument("--scale", type=int, action="append", default=None,
                        help="documented entries repeated this many times (repeatable) [1, 2 and 4]")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each pair; medians are printed [%(default)s]")
    parser.add_argument("--target", type=float, default=TARGET, help="highest acceptable ratio [%(default)s]")
    args = parser.parse_args(own)
    latencies, scales = args.latency_ms or [0, 300], args.scale or [1, 2, 4]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as work:
        for latency in latencies:
            rows += measure(latency, scales, args.repeat, extra, Path(work))
    print_table(rows)
    decisive = [r for r in rows if r.latency == max(latencies) and r.scale == 1]
    if not decisive:
        return 0
    ratio = decisive[0].ratio
    print(f"ratio at {max(latencies)} ms, ×1: {ratio:.2f} ({'meets' if ratio <= args.target else 'misses'} "
          f"the target ≤ {args.target})")
    return 0 if ratio <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
