"""The artifact guard on its own: live recording refused, a trace still holding a secret deleted, a
secret planted in the output failing the run (in one process and across xdist workers)."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLANTED = "Planted-Pw-4242"

LEAKY_TESTS = f'''
import zipfile
from pathlib import Path

from loginsuite import secrets

SECRET = "{PLANTED}"


def _trace(folder: Path, binary: bool) -> Path:
    folder.mkdir(parents=True)
    path = folder / "trace.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("trace.trace", '{{"type":"before","method":"fill","params":{{"value":"' + SECRET + '"}}}}\\n')
        if binary:  # bytes no text rewrite can clean
            archive.writestr("resources/blob.bin", b"\\x00\\x01" + SECRET.encode() + b"\\x02")
    return path


def test_records_a_trace_only_masking_can_clean(record_property, pytestconfig) -> None:
    secrets.register(SECRET, "password")
    path = _trace(Path(pytestconfig.getoption("--output"), "cleanable"), binary=False)
    record_property("playwright_trace", str(path))


def test_records_a_trace_masking_cannot_clean(record_property, pytestconfig) -> None:
    secrets.register(SECRET, "password")
    path = _trace(Path(pytestconfig.getoption("--output"), "leaky"), binary=True)
    record_property("playwright_trace", str(path))


def test_plants_a_leak_in_the_output(pytestconfig) -> None:
    secrets.register(SECRET, "password")
    folder = Path(pytestconfig.getoption("--output"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.txt").write_text("pw=" + SECRET)
'''


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BIZD_LANG": "en", "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "loginsuite.artifact_guard", "-p", "no:cacheprovider",
                           f"--rootdir={folder}", "-q", *args], cwd=folder, env=env, capture_output=True, text=True, check=False,
                          timeout=300)


# loadfile: pytest-playwright's session fixture in each worker empties --output at its first test,
# so the three tests share one worker; the secret is still registered there, not on the controller.
@pytest.mark.parametrize("spread", [["-p", "no:xdist"], ["-n", "2", "--dist", "loadfile"]],
                         ids=["one-process", "two-workers"])
def test_secret_left_in_the_output_fails_the_run_and_an_uncleanable_trace_is_deleted(tmp_path: Path,
                                                                                    spread: list[str]) -> None:
    (tmp_path / "test_leaky.py").write_text(LEAKY_TESTS)
    out = tmp_path / "out"
    done = run_pytest(tmp_path, f"--output={out}", f"--junitxml={tmp_path / 'junit.xml'}", *spread)
    text = done.stdout + done.stderr
    assert "3 passed" in text, text
    assert done.returncode == 1, text  # every test passed: the leak alone fails the run
    assert f"{out / 'notes.txt'} holds the password" in text
    assert "the run fails: a secret was written into its artifacts" in text
    # The trace that bytes still betrayed is gone, named in the report and no longer in junit.xml.
    assert not (out / "leaky" / "trace.zip").exists()
    assert "leaky/trace.zip deleted: it still held password" in text
    assert "leaky/trace.zip" not in (tmp_path / "junit.xml").read_text()
    # The one masking could clean is kept, without the secret, still a trace.
    with zipfile.ZipFile(out / "cleanable" / "trace.zip") as archive:
        assert '"value":"••••••"' in archive.read("trace.trace").decode()
    assert PLANTED not in text


def test_clean_output_leaves_the_run_green(tmp_path: Path) -> None:
    (tmp_path / "test_clean.py").write_text(
        "from loginsuite import secrets\n\n"
        "def test_registers_and_writes_nothing(pytestconfig) -> None:\n"
        f"    secrets.register('{PLANTED}', 'password')\n")
    done = run_pytest(tmp_path, f"--output={tmp_path / 'out'}", "-p", "no:xdist")
    assert done.returncode == 0, done.stdout + done.stderr


WALKS = ["tests/walks/test_documented_paths.py", "--service=cloudsign", "--collect-only", "-q", "-p", "no:cacheprovider"]
NO_CREDENTIALS = {**{k: v for k, v in os.environ.items() if not k.startswith("BIZD_")}, "BIZD_LANG": "en"}
LIVE_ENV = {**NO_CREDENTIALS, "BIZD_ACCOUNT_ID": "someone@example.jp", "BIZD_PASSWORD": "Unused-Pw-1"}


@pytest.mark.parametrize("recording", ["--tracing=on", "--video=retain-on-failure"])
def test_live_mode_refuses_to_record_without_allow_live_tracing(tmp_path: Path, recording: str) -> None:
    refused = subprocess.run([sys.executable, "-m", "pytest", *WALKS, "--target=live", f"--output={tmp_path}", recording],
                             cwd=ROOT, env=LIVE_ENV, capture_output=True, text=True, timeout=120, check=False)
    assert refused.returncode == pytest.ExitCode.USAGE_ERROR, refused.stdout + refused.stderr
    assert f"live mode: {recording.replace('=', ' ')} would record the password" in refused.stderr
    assert "--allow-live-tracing" in refused.stderr and "collected" not in refused.stdout


@pytest.mark.parametrize("mode", [["--target=live", "--allow-live-tracing"], ["--target=mock"]], ids=["live-allowed", "mock"])
def test_recording_goes_ahead_when_allowed_or_on_the_mock(tmp_path: Path, mode: list[str]) -> None:
    # Without credentials: a live run with them would first check the code mailbox (not configured here).
    done = subprocess.run([sys.executable, "-m", "pytest", *WALKS, *mode, f"--output={tmp_path}", "--tracing=on",
                           "--video=on"], cwd=ROOT, env=NO_CREDENTIALS, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.usefixtures("japanese")
def test_a_secrets_kind_is_named_in_the_readers_language() -> None:
    from loginsuite.artifact_guard import kind_words

    assert [kind_words(k) for k in ("password", "imap_password", "code", "account_id", "session_cookie")] == [
        "パスワード", "メールボックスのパスワード", "セキュリティコード", "ビジネスdアカウントID", "ログイン状態の Cookie"]
    assert kind_words("some_new_kind") == "some_new_kind"
