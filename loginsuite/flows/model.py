"""Typed model of the manual.

Every string the suite checks (URL, label, circled number, screen text, message) is a field
of these models, read from flows/. Unknown keys are rejected so a typo cannot silently drop a check.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from loginsuite.i18n import _

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _circled(value: object) -> object:
    # Before str validation, so `number: 2` says what is expected; one character, as "" and "①②" are in CIRCLED too.
    if not isinstance(value, str) or len(value) != 1 or value not in CIRCLED:
        raise ValueError(_("expected a circled number ①…⑩ as printed in the manual, got {value!r}").format(value=value))
    return value


def _url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname or " " in value:
        raise ValueError(_("expected an absolute http(s) URL as printed in the manual, got {value!r}").format(value=value))
    return value


def _field_errors(model: str, errors: list[tuple[tuple[str | int, ...], str]]) -> ValidationError:
    """Errors of a whole-model check, each placed at the field it concerns (so a report can give its line)."""
    return ValidationError.from_exception_data(
        model,
        [InitErrorDetails(type=PydanticCustomError("flows", message), loc=loc, input=None) for loc, message in errors],
    )


Circled = Annotated[str, BeforeValidator(_circled)]
# Kept as the manual prints it (no normalisation), so reports quote the documented text exactly.
DocumentedUrl = Annotated[str, AfterValidator(_url)]
Label = Annotated[str, Field(min_length=1)]
ScreenRef = Annotated[str, Field(pattern=r"^([a-z][a-z0-9_]*\.)?[a-z][a-z0-9_]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(str, Enum):
    button = "button"  # anything a user presses: <button>, a link styled as one, an image button
    link = "link"
    field = "field"
    checkbox = "checkbox"


class Action(str, Enum):
    press = "press"
    enter = "enter"
    tick = "tick"


class Value(str, Enum):
    """What a step types: never the secret itself, only which credential it is."""

    account_id = "account_id"
    password = "password"
    security_code = "security_code"
    company_code = "company_code"
    new_password = "new_password"


class Control(Strict):
    label: Label
    kind: Kind
    number: Circled | None = None
    # What the suite uses it for (keep_signed_in, resend_code, disagree…), so code names a control by
    # its job and the manual's wording stays in flows/ only.
    purpose: Annotated[str, Field(pattern=r"^[a-z][a-z_]*$")] | None = None
    note: str | None = None


class Screen(Strict):
    """One screen as a slide shows it: what must be visible, and the controls a user can operate.

    Its facts are of two kinds. *Procedure facts* are what a customer must do: the controls a step
    operates (and, on the shared sign-in screens, every field and button); a failing one is DRIFT and
    stops the walk. *Screen facts* are everything else the slide shows: a missing or changed one makes
    the walk STALE and never stops it. ``procedure`` names the few facts no step operates that the
    procedure still depends on (a result message, a password rule), each with its reason in a comment.
    """

    title: str
    page: int = Field(ge=1)
    host: str | None = None
    texts: list[Label] = []
    controls: list[Control] = []
    procedure: list[Label] = []
    # Where the screen's facts were read when not from the screen's own picture (a slide title, another page).
    source: str | None = None

    @model_validator(mode="after")
    def _procedure_facts_exist(self) -> Screen:
        known = set(self.texts) | {c.label for c in self.controls}
        errors = [(("procedure", i), f"{fact!r} is neither a text nor a control label of this screen")
                  for i, fact in enumerate(self.procedure) if fact not in known]
        if errors:
            raise _field_errors("Screen", errors)
        return self

    def control(self, label: str) -> Control:
        for control in self.controls:
            if control.label == label:
                return control
        raise KeyError(label)

    def purpose(self, purpose: str) -> Control:
        for control in self.controls:
            if control.purpose == purpose:
                return control
        raise KeyError(f"screen {self.title!r} has no control for {purpose!r}")


class Step(Strict):
    number: Circled | None = None
    screen: ScreenRef
    action: Action
    control: Label
    value: Value | None = None
    next: ScreenRef | None = None
    first_login_only: bool = False
    note: str | None = None

    @property
    def display(self) -> str:
        """How a report names the step: its circled number, else where the manual describes it."""
        if self.number:
            return self.number
        if self.note and self.note.startswith("p."):
            return f"「{self.control}」 ({self.note})"
        return f"「{self.control}」"

    @model_validator(mode="after")
    def _value_goes_with_enter(self) -> Step:
        if (self.action is Action.enter) != (self.value is not None):
            raise ValueError(_("a step has a 'value' exactly when its action is 'enter'"))
        return self


class Entry(Strict):
    """One documented URL: a function/role/device combination of a service."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    url: DocumentedUrl
    page: int = Field(ge=1, description="page of the URL table that documents it")
    function: str | None = None
    role: Literal["admin", "user"] | None = None
    device: Literal["pc", "smartphone"] = "pc"
    screen: ScreenRef = "login"
    note: str | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def label(self) -> str:
        """Function/role/device in the manual's words, for reports."""
        role = {"admin": "管理者用", "user": "利用者（従業員）用"}.get(self.role or "", "")
        device = {"pc": "", "smartphone": "スマホ用"}[self.device]
        return " ".join(filter(None, [self.function, role, device]))


class Login(str, Enum):
    bizd = "bizd"  # through the Business d Account
    none = "none"  # documented as needing no login (reported as not applicable)
    invitation = "invitation"  # first login only through an invitation email, later at the URL


class Invitation(Strict):
    """A first login that starts from emails instead of the URL (Josys, pp.21-23)."""

    page: int = Field(ge=1)
    emails: list[InvitationEmail]
    accept_link: Label
    password_rule: str
    password_min_length: int = Field(ge=1)
    screen: ScreenRef
    refused_at_url_before: bool = True


class InvitationEmail(Strict):
    number: Circled
    subject: Label
    sender: str | None = None


class Service(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: Label
    page: int = Field(ge=1, description="first slide of the service's login screens")
    login: Login = Login.bizd
    no_login_reason: str | None = None
    shares_screen_with: str | None = None
    entries: list[Entry] = []
    screens: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Screen] = {}
    steps: list[Step] = []
    consent_documented: bool = False
    invitation: Invitation | None = None
    source: str = Field(description="the file it was read from", default="", exclude=True)

    @model_validator(mode="after")
    def _login_shape(self) -> Service:
        errors: list[tuple[tuple[str | int, ...], str]] = []
        if self.login is Login.none:
            if not self.no_login_reason:
                errors.append((("no_login_reason",), "required when login is 'none': the manual's reason for no login"))
            if self.entries:
                errors.append((("entries",), "a service with login 'none' has no entries"))
            if self.steps:
                errors.append((("steps",), "a service with login 'none' has no steps"))
        else:
            if not self.entries:
                errors.append((("entries",), "a service with a login needs at least one entry"))
            if not self.steps:
                errors.append((("steps",), "a service with a login needs its documented steps"))
        if (self.login is Login.invitation) != (self.invitation is not None):
            errors.append((("invitation",), "'invitation' is given exactly when login is 'invitation'"))
        if errors:
            raise _field_errors("Service", errors)
        return self

    @model_validator(mode="after")
    def _numbers_in_order(self) -> Service:
        numbered = [(i, CIRCLED.index(s.number)) for i, s in enumerate(self.steps) if s.number]
        printed = " ".join(CIRCLED[n] for _, n in numbered)
        seen: set[int] = set()
        previous = -1
        for i, n in numbered:
            if n in seen:
                raise _field_errors(
                    "Service", [(("steps", i, "number"), f"duplicate step number {CIRCLED[n]}: expected each once ({printed})")]
                )
            if n < previous:
                raise _field_errors(
                    "Service",
                    [(("steps", i, "number"), f"step numbers out of order: expected {CIRCLED[n]} before {CIRCLED[previous]} ({printed})")],
                )
            seen.add(n)
            previous = n
        return self

    @property
    def applicable(self) -> bool:
        return self.login is not Login.none


class LockMessages(Strict):
    """How the identity provider says an account is locked or has had too many attempts.

    The manual prints no such message: the phrases are inferred (``inferred: true`` is required, so
    the file says so), and any of them on the ID screen, 2段階認証 or consent stops the run.
    """

    inferred: bool
    phrases: list[Label] = Field(min_length=1)
    note: str | None = None


class IdentityProvider(Strict):
    """The shared Business d Account screens (p.6) and the consent screen (p.25)."""

    name: Label
    page: int
    account_site: DocumentedUrl
    code_validity_minutes: int = Field(ge=1)
    screens: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Screen]
    steps: list[Step]
    consent_screen: ScreenRef
    lock_messages: LockMessages
    source: str = Field(default="", exclude=True)


class Revision(Strict):
    version: str
    date: dt.date
    note: str


class Manual(Strict):
    title: Label
    version: str
    issued: dt.date
    label_rule: str
    revisions: list[Revision]
    source: str = Field(default="", exclude=True)


class Procedure(Strict):
    """An appendix procedure: numbered steps over the account site's screens."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Label
    page: int
    url: DocumentedUrl | None = None
    steps: list[Step] = []
    screens: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Screen] = {}
    advice: list[str] = []
    automated: bool = True


class DocumentedError(Strict):
    number: Circled
    page: int
    message: Label
    cause: str
    remedies: list[str]
    required_fields: list[str] = []


class Appendix(Strict):
    procedures: list[Procedure]
    errors: list[DocumentedError]
    source: str = Field(default="", exclude=True)

    def procedure(self, procedure_id: str) -> Procedure:
        return next(p for p in self.procedures if p.id == procedure_id)


class Flows(Strict):
    manual: Manual
    bizd: IdentityProvider
    appendix: Appendix
    services: list[Service]

    def service(self, service_id: str) -> Service:
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(service_id)

    def screen(self, owner: Service | Procedure | None, ref: str) -> Screen:
        """Resolve a step's screen reference: 'bizd.id' is shared, a bare name is the owner's own."""
        if "." in ref:
            scope, name = ref.split(".", 1)
            if scope != "bizd":
                raise KeyError(ref)
            return self.bizd.screens[name]
        if owner is None:
            return self.bizd.screens[ref]
        return owner.screens[ref]

    def steps_on(self, owner: Service | Procedure | None, ref: str) -> list[Step]:
        """Every documented step performed on a screen: a shared one ('bizd.id') is operated by the
        Business d Account's own steps and by the services' and the appendix's steps that name it."""
        if "." not in ref and owner is not None:
            return [s for s in owner.steps if s.screen == ref]
        name = ref.split(".", 1)[-1]
        steps = [s for s in self.bizd.steps if s.screen == name]
        for other in [*self.services, *self.appendix.procedures]:
            steps += [s for s in other.steps if s.screen == f"bizd.{name}"]
        return steps

    def procedure_facts(self, owner: Service | Procedure | None, ref: str) -> frozenset[str]:
        """The labels and texts of a screen that are procedure facts (see ``Screen``); the rest are screen facts.

        Follows from the steps: a control a step operates; on the shared sign-in screens (ID,
        2段階認証) every field and button, since each customer passes them; plus what flows names in
        ``procedure``.
        """
        screen = self.screen(owner, ref)
        facts = set(screen.procedure) | {s.control for s in self.steps_on(owner, ref)}
        name = ref.split(".", 1)[-1]
        if ("." in ref or owner is None) and name != self.bizd.consent_screen:
            facts |= {c.label for c in screen.controls if c.kind in (Kind.field, Kind.button)}
        return frozenset(facts)

    @property
    def documented_urls(self) -> list[str]:
        urls = [str(e.url) for s in self.services for e in s.entries]
        return list(dict.fromkeys(urls))
