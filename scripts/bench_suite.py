"""Benchmark (not a test): the suite's full mock walk against a bare Playwright script doing the same.

Prints wall times of: the bare script (same navigations, clicks, fills and code reads, one browser,
a fresh context per path), the suite serially, and the suite with ``-n 2``; then the ratios.
Targets: suite/bare ≤ 2, and -n 2 faster than serial.

    .venv/bin/python scripts/bench_suite.py
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loginsuite.browser import launch_options
from loginsuite.codes import MaildirSource
from loginsuite.flows import load_flows
from loginsuite.flows.model import Action, Value
from loginsuite.labels import pattern
from mocksites.server import MockServer
from mocksites.world import World


def bare() -> float:
    flows = load_flows()
    with tempfile.TemporaryDirectory() as tmp, MockServer(World(), maildir=Path(tmp) / "Maildir") as server:
        world = server.world
        account = world.demo_account()
        values = {Value.account_id: account.id, Value.password: account.password,
                  Value.company_code: world.demo_company_code()}
        codes = MaildirSource(server.maildir)
        started = time.perf_counter()
        with sync_playwright() as p:
            browser = p.chromium.launch(**launch_options(host_resolver_rules=server.resolver_rules))
            for service in flows.services:
                for entry in service.entries:
                    world.reset()
                    if service.invitation:
                        from mocksites.services.josys import state

                        state(world).activated.add(account.id)
                    context = browser.new_context(ignore_https_errors=True, locale="ja-JP")
                    page = context.new_page()
                    page.goto(entry.url)
                    for step in service.steps:
                        if step.screen.startswith("bizd."):
                            continue
                        name = pattern(step.control)
                        if step.action is Action.enter:
                            page.get_by_label(name).fill(values[step.value])  # type: ignore[index]
                        else:
                            page.get_by_role("button", name=name).or_(page.get_by_role("link", name=name)).first.click()
                    page.get_by_label(pattern("ビジネスdアカウントID")).fill(account.id)
                    since = codes.mark()
                    page.get_by_role("button", name=pattern("次へ")).click()
                    code = codes.wait_for_code(since, timeout=15)
                    page.get_by_label(pattern("パスワード")).fill(account.password)
                    page.get_by_label(pattern("セキュリティコード")).fill(code)
                    page.get_by_role("button", name=pattern("ログイン")).click()
                    agree = page.get_by_role("button", name=pattern("同意する"))
                    page.wait_for_load_state("domcontentloaded")
                    if agree.is_visible():
                        agree.click()
                    domain = ".".join(entry.host.split(".")[-2:])
                    expect(page).to_have_url(re.compile(rf"https://([^/]*\.)?{re.escape(domain)}/"))
                    context.close()
            browser.close()
        return time.perf_counter() - started


def suite(*extra: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/walks/test_documented_paths.py", "-q",
                           "-p", "no:cacheprovider", *extra], cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"suite failed:\n{done.stdout[-2000:]}")
    print(f"  ({done.stdout.strip().splitlines()[-1]})")
    return elapsed


def main() -> None:
    b = bare()
    print(f"bare Playwright script: {b:6.1f} s")
    s = suite("-p", "no:xdist")
    print(f"suite, serial:          {s:6.1f} s   suite/bare = {s / b:.2f} (target ≤ 2)")
    n2 = suite("-n", "2")
    print(f"suite, -n 2:            {n2:6.1f} s   parallel/serial = {n2 / s:.2f} (target < 1)")


if __name__ == "__main__":
    main()
