"""The approved screens of a manual edition, and each run's screens compared with them.

``baselines/<edition>/`` (committable): ``approved.json`` (when and from which run each screen was
approved, its manual page, the regions that change from run to run) and per screen
``<case>/<name>.png`` + ``<case>/<name>.aria.yml`` (its normalised ARIA snapshot). Only
``python -m loginsuite approve RUN`` writes it: approving is QA's decision, never a run's.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from loginsuite.i18n import _, format_day
from loginsuite.screencompare import Box, aria_diff, compare_pictures

ROOT = Path(__file__).resolve().parents[1]
BASELINES_ENV = "BIZD_BASELINES_DIR"
MANIFEST = "approved.json"
FORMAT = "bizd-baseline/1"
CAPTURE_SUFFIX = ".screen.json"
# The walk classes whose screens may be approved: the documented path worked.
APPROVABLE = ("OK", "STALE")


def baselines_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    return Path(explicit or os.environ.get(BASELINES_ENV) or ROOT / "baselines")


@dataclass
class Capture:
    """One screen as a run saw it (``shots/<shot>.screen.json`` beside its picture)."""

    key: str  # <case>/<name>: the screen's place in the baseline
    case: str
    service_id: str
    screen: str
    page: int | None
    caption: str
    target: str
    aria: str  # normalised
    dynamic: list[dict[str, float]] = field(default_factory=list)  # viewport boxes that change from run to run

    def write(self, shot: Path) -> Path:
        path = capture_file(shot)
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")
        return path

    @classmethod
    def read(cls, path: Path) -> Capture:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def capture_file(shot: Path) -> Path:
    return shot.with_name(shot.stem + CAPTURE_SUFFIX)


def screen_key(case: str, shot: Path) -> str:
    name = shot.stem.removeprefix(f"{case}-") if shot.stem != case else "screen"
    return f"{case}/{name}"


@dataclass
class ScreenCheck:
    """A screen compared with its approved version (a results.json ``screens`` row)."""

    key: str
    case: str
    service_id: str
    screen: str
    page: int | None
    caption: str
    shot: str
    status: str  # as_approved | changed | not_approved | other_target
    approved_on: str | None = None
    approved_shot: str | None = None
    diff_shot: str | None = None
    aria_diff: list[str] = field(default_factory=list)
    changed_pixels: int = 0
    changed_ratio: float = 0.0
    size: str | None = None  # "1280×720 → 1280×900" when the picture's size changed
    seconds: float = 0.0

    @property
    def message(self) -> str:
        page = f"p.{self.page}" if self.page else ""
        if self.status == "changed":
            return _("screen changed since approved, {page}").format(page=page).rstrip(", ")
        if self.status == "as_approved":
            return _("as approved on {date}").format(date=format_day(self.approved_on))
        if self.status == "other_target":
            return _("approved on another target; not compared")
        return _("no approved screen yet")


class Baseline:
    """The approved screens of one edition (``approved.json`` read once)."""

    def __init__(self, root: Path, edition: str) -> None:
        self.folder = root / edition
        self.edition = edition
        manifest = self.folder / MANIFEST
        data = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
        self.screens: dict[str, dict[str, Any]] = data.get("screens", {})

    def picture(self, key: str) -> Path:
        return self.folder / f"{key}.png"

    def aria(self, key: str) -> Path:
        return self.folder / f"{key}.aria.yml"

    def compares(self, key: str, target: str) -> bool:
        """Whether a screen of this key, taken on ``target``, is compared (approved, same target)."""
        approved = self.screens.get(key)
        return (approved is not None and approved.get("target", target) == target
                and self.picture(key).is_file())

    def check(self, capture: Capture, shot: Path) -> ScreenCheck:
        """Compare ``capture`` (and its picture ``shot``) with the approved screen; the diff image goes beside the shot."""
        started = time.perf_counter()
        result = ScreenCheck(capture.key, capture.case, capture.service_id, capture.screen, capture.page,
                             capture.caption, str(shot), "not_approved")
        diff = shot.with_name(shot.stem + ".diff.png")
        # A difference image beside this file name shows a picture that is no more (the same file name shot
        # again in this run, a rerun): only this comparison may leave one.
        diff.unlink(missing_ok=True)
        approved = self.screens.get(capture.key)
        if approved is None or not self.picture(capture.key).is_file():
            return result
        result.approved_on, result.approved_shot = approved.get("approved"), str(self.picture(capture.key))
        if approved.get("target", capture.target) != capture.target:
            result.status = "other_target"
            return result
        aria_file = self.aria(capture.key)
        result.aria_diff = aria_diff(aria_file.read_text(encoding="utf-8") if aria_file.is_file() else "", capture.aria)
        masks = [Box.of(b) for b in [*approved.get("dynamic", []), *capture.dynamic]]
        picture = compare_pictures(self.picture(capture.key), shot, masks)
        result.changed_pixels, result.changed_ratio = picture.changed_pixels, round(picture.ratio, 5)
        if picture.size_changed:
            result.size = "{}×{} → {}×{}".format(*picture.approved_size, *picture.today_size)
        if picture.changed or result.aria_diff:
            result.status = "changed"
            if picture.diff is not None:
                picture.diff.save(diff, optimize=True)
                result.diff_shot = str(diff)
        else:
            result.status = "as_approved"
        result.seconds = round(time.perf_counter() - started, 3)
        return result


@dataclass
class Approval:
    approved: list[str]
    skipped: list[str]  # "<key>: why"
    folder: Path


def approve(run: Path, root: Path, edition: str, today: dt.date | None = None) -> Approval:
    """Record the screens of ``run`` (a run folder with results.json) as the approved ones of ``edition``."""
    from loginsuite.report.results_json import load

    results = load(run)
    run_folder = run if run.is_dir() else run.parent
    folder = root / edition
    manifest_path = folder / MANIFEST
    manifest = (json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file()
                else {"format": FORMAT, "edition": edition, "screens": {}})
    classes = {t["test"]: t["class"] for t in results.get("tests", [])}
    date = (today or dt.date.today()).isoformat()
    approval = Approval([], [], folder)
    for row in results.get("screens", []):
        key = row["key"]
        shot = run_folder / row["shot"]
        capture = capture_file(shot)
        if classes.get(row.get("test", ""), "OK") not in APPROVABLE:
            approval.skipped.append(f"{key}: {classes.get(row['test'])} (the documented path did not pass)")
            continue
        if not shot.is_file() or not capture.is_file():
            approval.skipped.append(f"{key}: {shot.name} or its capture is missing")
            continue
        seen = Capture.read(capture)
        (folder / key).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, folder / f"{key}.png")
        (folder / f"{key}.aria.yml").write_text(seen.aria, encoding="utf-8")
        manifest["screens"][key] = {
            "approved": date, "run": run_folder.name, "target": seen.target, "service_id": seen.service_id,
            "screen": seen.screen, "page": seen.page, "caption": seen.caption, "dynamic": seen.dynamic,
        }
        approval.approved.append(key)
    if approval.approved:
        manifest["screens"] = dict(sorted(manifest["screens"].items()))
        folder.mkdir(parents=True, exist_ok=True)
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return approval
