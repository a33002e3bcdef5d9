"""Every kind of bad input to flows/ is refused with an error naming file, line, field and what was expected."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from flowcopy import copy_flows, describe, edit, line_of

from loginsuite.flows import FlowsError, load_flows
from loginsuite.flows.loader import FlowIssue

pytestmark = pytest.mark.usefixtures("english")  # the messages are compared word for word


@dataclass(frozen=True)
class Break:
    """One edit to one file of a copy of flows/, and the issue the loader must report for it."""

    file: str  # relative to flows/
    old: str
    new: str
    field: str
    message: str  # a fragment of the message: what was expected
    at: str | None = None  # text on the reported line, when it is not the edited one


BREAKS = {
    "malformed-yaml": Break(
        "services/aidma.yaml", "name: dXオンライン営業\n", "name: dXオンライン営業: broken\n",
        "", "malformed YAML: mapping values are not allowed",
    ),
    "impossible-date": Break(
        "manual.yaml", "issued: 2025-04-25", "issued: 2025-13-25", "", "malformed YAML: month must be in 1..12",
    ),
    "unknown-key-lable-in-a-control": Break(
        "services/aidma.yaml", "{label: 利用規約, kind: link}", "{lable: 利用規約, kind: link}",
        "screens.login.controls[1].lable", "unknown key (a typo?)",
    ),
    "missing-required-field-kind": Break(
        "services/aidma.yaml", "{label: 利用規約, kind: link}", "{label: 利用規約}",
        "screens.login.controls[1].kind", "required field is missing",
    ),
    "wrong-type-page-seven": Break(
        "services/aidma.yaml", "name: dXオンライン営業\npage: 8\n", "name: dXオンライン営業\npage: seven\n",
        "page", "Input should be a valid integer", at="page: seven",
    ),
    "wrong-type-issued-not-a-date": Break(
        "manual.yaml", "issued: 2025-04-25", "issued: 25 April 2025", "issued", "Input should be a valid date",
    ),
    "invalid-url-without-scheme": Break(
        "services/aidma.yaml", 'url: "https://docomodx.aidma-hd.jp/"', 'url: "docomodx.aidma-hd.jp"',
        "entries[0].url", "expected an absolute http(s) URL as printed in the manual, got 'docomodx.aidma-hd.jp'",
    ),
    "invalid-url-with-a-space": Break(
        "bizd-account.yaml", "account_site: https://id-biz.smt.docomo.ne.jp/",
        "account_site: https://id-biz.smt.docomo.ne.jp/ login", "account_site", "expected an absolute http(s) URL",
    ),
    "not-a-circled-number": Break(
        "services/rview.yaml", "{number: ②, screen: sso", "{number: 2, screen: sso",
        "steps[1].number", "expected a circled number ①…⑩ as printed in the manual, got 2",
    ),
    "empty-circled-number": Break(
        "services/rview.yaml", "{number: ②, screen: sso", '{number: "", screen: sso',
        "steps[1].number", "expected a circled number ①…⑩ as printed in the manual, got ''",
    ),
    "two-circled-numbers-in-one": Break(
        "bizd-account.yaml", "{number: ②, label: 次へ", "{number: ②③, label: 次へ",
        "screens.id.controls[3].number", "expected a circled number ①…⑩ as printed in the manual, got '②③'",
    ),
    "duplicate-step-number": Break(
        "services/rview.yaml", "{number: ②, screen: sso", "{number: ①, screen: sso",
        "steps[1].number", "duplicate step number ①: expected each once (① ① ③)",
    ),
    "out-of-order-step-numbers": Break(
        "services/newspicks.yaml", "{number: ①, screen: top", "{number: ③, screen: top",
        "steps[1].number", "step numbers out of order: expected ② before ③ (③ ②)", at="{number: ②, screen: login",
    ),
    "step-on-an-undefined-screen": Break(
        "services/aidma.yaml", "{screen: login, action: press", "{screen: logon, action: press",
        "steps[0].screen", "refers to undefined screen 'logon'",
    ),
    "step-on-an-undefined-shared-screen": Break(
        "services/aidma.yaml", "next: bizd.id", "next: bizd.idd", "steps[0].next", "refers to undefined screen 'bizd.idd'",
    ),
    "step-control-not-on-its-screen": Break(
        "services/aidma.yaml", "control: ビジネスdアカウント ログイン, next", "control: ビジネスdアカウントでログイン, next",
        "steps[0].control", "'ビジネスdアカウントでログイン' is not a control of screen 'login'",
    ),
    "shared-step-control-not-on-its-screen": Break(
        "bizd-account.yaml", "action: press, control: 次へ,", "action: press, control: 次 へ,",
        "steps[1].control", "'次 へ' is not a control of screen 'id'",
    ),
    "entry-on-an-undefined-screen": Break(
        "services/newspicks.yaml", "page: 4, screen: top}", "page: 4, screen: topp}",
        "entries[0].screen", "refers to undefined screen 'topp'",
    ),
    "login-none-without-reason": Break(
        "services/marugoto-support.yaml", "no_login_reason: ※電話でやり取りするサービスとなるため、ログイン不要。\n", "",
        "no_login_reason", "required when login is 'none'", at="id: marugoto-support",
    ),
    "login-bizd-without-entries": Break(
        "services/dxmail.yaml", 'entries:\n  - {id: dxmail, url: "https://submit-dxmail.com/owners/login/", page: 5}\n', "",
        "entries", "a service with a login needs at least one entry", at="id: dxmail",
    ),
    "enter-step-without-value": Break(
        "bizd-account.yaml", "control: パスワード, value: password}", "control: パスワード}",
        "steps[2]", "a step has a 'value' exactly when its action is 'enter'", at="{number: ③, screen: two_step",
    ),
}


@pytest.fixture
def flows_copy(tmp_path: Path) -> Path:
    return copy_flows(tmp_path)



def _load_expecting_issues(flows_dir: Path) -> list[FlowIssue]:
    with pytest.raises(FlowsError) as raised:
        load_flows(flows_dir)  # nothing is returned: the loader raises
    return raised.value.issues


@pytest.mark.parametrize("bad", BREAKS.values(), ids=BREAKS.keys())
def test_bad_input_is_reported_with_file_line_and_field(flows_copy: Path, bad: Break) -> None:
    path = flows_copy / bad.file
    edited_line = edit(path, bad.old, bad.new)
    line = line_of(path, bad.at) if bad.at else edited_line

    issues = _load_expecting_issues(flows_copy)

    reported = [i for i in issues if (i.file, i.line, i.field) == (f"flows/{bad.file}", line, bad.field)]
    assert reported, f"expected an issue at flows/{bad.file}:{line} on {bad.field!r}, got:\n{describe(issues)}"
    assert bad.message in reported[0].message
    assert str(reported[0]) == f"flows/{bad.file}:{line}: {bad.field or '(file)'}: {reported[0].message}"
    assert {i.file for i in issues} == {f"flows/{bad.file}"}, f"follow-on errors elsewhere:\n{describe(issues)}"


def test_duplicate_service_id_in_two_files_names_both(flows_copy: Path) -> None:
    services = flows_copy / "services"
    (services / "zz-copy-of-aidma.yaml").write_bytes((services / "aidma.yaml").read_bytes())

    issues = _load_expecting_issues(flows_copy)

    assert issues == [
        FlowIssue(
            "flows/services/zz-copy-of-aidma.yaml", line_of(services / "aidma.yaml", "id: aidma\n"), "id",
            "duplicate service id 'aidma' (also in flows/services/aidma.yaml)",
        )
    ]


def test_file_that_is_not_utf8_is_named(flows_copy: Path) -> None:
    path = flows_copy / "services" / "jsaas.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("shift_jis"))

    issues = _load_expecting_issues(flows_copy)

    assert len(issues) == 1, describe(issues)
    assert (issues[0].file, issues[0].field) == ("flows/services/jsaas.yaml", "")
    assert issues[0].message.startswith("not UTF-8 (byte ")
    assert "save the file as UTF-8" in issues[0].message


def test_unreadable_service_file_causes_no_follow_on_error(flows_copy: Path) -> None:
    """dX顧客開拓 shares dX商談・名刺管理's screen: a broken meishi file is one issue, not two."""
    path = flows_copy / "services" / "hotprofile-meishi.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("shift_jis"))

    issues = _load_expecting_issues(flows_copy)

    assert [i.file for i in issues] == ["flows/services/hotprofile-meishi.yaml"], describe(issues)


def test_errors_in_several_files_are_all_reported_at_once(flows_copy: Path) -> None:
    manual_line = edit(flows_copy / "manual.yaml", '\nversion: "2.5"', '\nversoin: "2.5"') + 1
    url_line = edit(flows_copy / "services" / "wisebook.yaml", '"https://dxecatalog.wisebook.jp/login/"', '"dxecatalog"')
    screen_line = edit(flows_copy / "services" / "photolize.yaml", "{number: ①, screen: login", "{number: ①, screen: top")

    issues = _load_expecting_issues(flows_copy)

    assert {(i.file, i.line, i.field) for i in issues} == {
        ("flows/manual.yaml", manual_line, "versoin"),
        ("flows/manual.yaml", line_of(flows_copy / "manual.yaml", "title:"), "version"),
        ("flows/services/wisebook.yaml", url_line, "entries[0].url"),
        ("flows/services/photolize.yaml", screen_line, "steps[0].screen"),
    }, describe(issues)


def test_empty_services_folder_is_refused(flows_copy: Path) -> None:
    for path in (flows_copy / "services").glob("*.yaml"):
        path.unlink()

    issues = _load_expecting_issues(flows_copy)

    assert issues == [FlowIssue("flows/services", None, "", "no service files (*.yaml): expected one per service")]


def test_missing_fixed_file_is_named(flows_copy: Path) -> None:
    (flows_copy / "appendix.yaml").unlink()

    issues = _load_expecting_issues(flows_copy)

    assert issues == [FlowIssue("flows/appendix.yaml", None, "", "file is missing")]


def test_error_lists_every_issue_in_its_message(flows_copy: Path) -> None:
    edit(flows_copy / "services" / "aidma.yaml", "name: dXオンライン営業\npage: 8\n", "name: dXオンライン営業\npage: seven\n")
    edit(flows_copy / "services" / "jsaas.yaml", "page: 4}", "page: four}")

    with pytest.raises(FlowsError) as raised:
        load_flows(flows_copy)

    lines = str(raised.value).splitlines()
    assert lines[0] == "invalid flows:"
    assert lines[1:] == [f"  {issue}" for issue in raised.value.issues]
    assert len(lines) == 3


def test_empty_service_file_is_refused(flows_copy: Path) -> None:
    (flows_copy / "services" / "jsaas.yaml").write_text("# emptied by mistake\n", encoding="utf-8")

    issues = _load_expecting_issues(flows_copy)

    assert issues == [FlowIssue("flows/services/jsaas.yaml", 1, "", "expected a mapping at the top level")]
