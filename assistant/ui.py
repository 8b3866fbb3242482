"""Streamlit helpers: the only module of the package that imports streamlit.

Sign-in (local argon2 accounts, or OIDC via st.login when an [auth] section exists),
the page list per role, and small rendering helpers the thin pages share.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from urllib.parse import urlencode

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.url_util import make_url_path

from assistant import bootstrap, config, formatting, i18n
from assistant.domain.roles import Role, role_word
from assistant.domain.states import state_word
from assistant.errors import AssistantError
from assistant.i18n import N_, _
from assistant.services import workspace
from assistant.services.context import Actor
from assistant.storage.db import Database

SESSION_IDLE_LIMIT_S = int(workspace.IDLE_LIMIT.total_seconds())  # signed-in sessions end after 8 idle hours
# The wrapper's routes (app.py) that set and clear the session cookie.
SESSION_START_ROUTE = "/session/start"
SESSION_END_ROUTE = "/session/end"


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    roles: frozenset[Role]

    @property
    def url_path(self) -> str:
        """The page's address (`/inbox`), stable for bookmarks: the file name without `.py`."""
        return PurePosixPath(self.path).stem


_ALL = frozenset(Role)
PAGES = (
    PageSpec("pages/home.py", N_("What waits for me"), ":material/inbox:", _ALL),
    PageSpec("pages/compose.py", N_("Compose"), ":material/edit:", frozenset({Role.EXECUTIVE, Role.DELEGATE})),
    PageSpec("pages/review.py", N_("Review"), ":material/fact_check:", frozenset({Role.REVIEWER})),
    PageSpec(
        "pages/calendar.py",
        N_("Calendar"),
        ":material/calendar_month:",
        frozenset({Role.EXECUTIVE, Role.DELEGATE, Role.REVIEWER}),
    ),
    PageSpec(
        "pages/inbox.py", N_("Inbox"), ":material/forum:", frozenset({Role.EXECUTIVE, Role.DELEGATE, Role.REVIEWER})
    ),
    PageSpec("pages/response_times.py", N_("Response times"), ":material/timer:", _ALL),
    PageSpec("pages/settings.py", N_("Settings"), ":material/settings:", frozenset({Role.ADMIN, Role.EXECUTIVE})),
    PageSpec("pages/audit.py", N_("Audit trail"), ":material/history:", frozenset({Role.ADMIN})),
    PageSpec("pages/account.py", N_("My account"), ":material/person:", _ALL),
)
# Titles are English msgids (stable for tests and code); `_(spec.title)` shows them in the run's language.


def role_name(role: Role | str) -> str:
    """A role as people read it, in the run's language ('reviewer', 'relecteur')."""
    return role_word(role)


def state_words(state: str) -> str:
    """A post, reply or mention state in words (`in_review` → 'in review', 'en relecture')."""
    return state_word(state)


def role_names(roles: Iterable[Role | str]) -> str:
    """Roles listed in words, comma-separated, in a stable order."""
    return ", ".join(role_name(r) for r in sorted(roles, key=lambda r: Role(r).value))


def pages_for(roles: frozenset[Role]) -> list[PageSpec]:
    return [p for p in PAGES if p.roles & roles]


def read_secret(name: str, default: str | None = None) -> str | None:
    """st.secrets first, then the environment; a missing secrets file is not an error."""
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets.toml at all raises in st.secrets
        value = None
    if value in (None, ""):
        value = config.env_lookup(name)
    return value if value not in (None, "") else default


def settings() -> dict[str, str]:
    return dict(config.settings_mapping(lambda k: read_secret(k)))


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:
        return False


@st.cache_resource(show_spinner=False)
def _database() -> Database:
    return config.database()


def db() -> Database:
    return _database()


def _session_cookie() -> str | None:
    value = st.context.cookies.get(workspace.COOKIE_NAME)
    return value if isinstance(value, str) else None  # AppTest has no browser: no cookies


def _user_agent() -> str | None:
    value = st.context.headers.get("User-Agent")
    return value if isinstance(value, str) else None


def signed_in_actor() -> Actor | None:
    """The member behind this browser, re-read from the database on every run.

    Local accounts: the session cookie (set by the wrapper's /session/start, so it survives a refresh and
    works for bookmarks), else the session this tab signed in with (st.session_state holds its id; AppTest
    sets `member_id` directly). Either way a revoked, idle, expired or deactivated session is signed out."""
    if oidc_configured():
        user = st.user
        if not getattr(user, "is_logged_in", False):
            return None
        try:  # only an e-mail the provider says is verified maps to a member (issue 14 point 12)
            return workspace.actor_for_oidc(db(), user)
        except AssistantError:
            return None  # the sign-in page says why
    token = _session_cookie()
    if token:
        actor = workspace.actor_for_token(db(), token)
        if actor is not None:
            return actor
    member_id = st.session_state.get("member_id")
    if member_id is None:
        return None
    if time.time() - st.session_state.get("last_seen", 0) > SESSION_IDLE_LIMIT_S:
        sign_out()
        return None
    session_id = st.session_state.get("member_session_id")
    if session_id is not None:
        actor = workspace.actor_for_session(db(), int(session_id))
    else:
        actor = workspace.actor_by_id(db(), int(member_id))
    if actor is None:
        sign_out()
    else:
        st.session_state["last_seen"] = time.time()
    return actor


def use_language(actor: Actor | None) -> str:
    """This run's interface language: the member's choice, else the browser's locale, else English."""
    chosen = actor.language if actor is not None and actor.language else None
    if chosen is None:
        locale = st.context.locale  # None in AppTest and for browsers that send no Accept-Language
        chosen = locale if isinstance(locale, str) else None
    return i18n.set_language(chosen)


def sign_out() -> None:
    """Forget this tab's sign-in (the stored session itself is ended by `_end_session`)."""
    for key in ("member_id", "last_seen", "member_session_id"):
        st.session_state.pop(key, None)


def _send_browser_to(path: str) -> None:
    """Navigate the whole browser window to one of our routes.

    The same ForwardMsg st.login/st.logout use (the front end sets window.location): a script run cannot set
    a cookie, an HTTP response can, and this needs no HTML or JavaScript of ours."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    message = ForwardMsg()
    message.auth_redirect.url = make_url_path(st.get_option("server.baseUrlPath") or "", path)
    ctx.enqueue(message)


def _end_session() -> None:
    """Sign-out of a local account: the stored session is revoked, then /session/end clears the cookie."""
    workspace.end_session(db(), token=_session_cookie(), session_id=st.session_state.get("member_session_id"))
    sign_out()
    _send_browser_to(SESSION_END_ROUTE)
    st.info(_("Signing you out…"))
    st.link_button(_("Continue to the sign-in page"), SESSION_END_ROUTE)
    st.stop()


def require_actor(page_file: str | None = None) -> Actor:
    """For pages: the signed-in member, or stop rendering (the router shows sign-in).

    With `page_file` (the page's __file__), also refuses members whose roles do not list
    the page, whatever URL or state brought them here; services check again anyway."""
    actor = signed_in_actor()
    # The router set the language already; a page run on its own (AppTest's switch_page, a direct run) sets it
    # here, before it shows anything.
    use_language(actor)
    if actor is None:  # signed out, expired or deactivated while on this page: sign in again here
        sign_in_page()
        st.stop()
    if page_file is not None:
        name = page_file.replace("\\", "/").rsplit("/", 1)[-1]
        spec = next((p for p in PAGES if p.path.endswith("/" + name)), None)
        if spec is None or not spec.roles & actor.roles:
            st.error(_("This page is not available for your roles."))
            st.stop()
    return actor


def signed_out_pages() -> list:
    """The sign-in page at `/`, and at every page's own address, so a bookmark or a deep link (`/inbox`)
    asks to sign in there and then opens that page, instead of "Page not found"."""
    pages = [st.Page(sign_in_page, title=_("Sign in"), icon=":material/login:", url_path="sign-in", default=True)]
    for spec in PAGES:
        pages.append(
            st.Page(
                _sign_in_for(spec), title=_(spec.title), icon=spec.icon, url_path=spec.url_path, visibility="hidden"
            )
        )
    return pages


def _sign_in_for(spec: PageSpec) -> Callable[[], None]:
    def sign_in_here() -> None:
        sign_in_page(then=spec)

    return sign_in_here


def signed_in_pages(actor: Actor) -> list:
    """The member's pages; the others stay addressable but say they are not for these roles."""
    pages = [st.Page(p.path, title=_(p.title), icon=p.icon, url_path=p.url_path) for p in pages_for(actor.roles)]
    for spec in PAGES:
        if not spec.roles & actor.roles:
            pages.append(st.Page(_not_for_you(spec), title=_(spec.title), url_path=spec.url_path, visibility="hidden"))
    return pages


def _not_for_you(spec: PageSpec) -> Callable[[], None]:
    def not_for_you() -> None:
        st.title(_(spec.title))
        who = _(" or ").join(role_name(r) for r in sorted(spec.roles, key=lambda r: r.value))
        st.error(
            _("This page is not available for your roles: it is for the {who}. Ask an admin for the role.", who=who)
        )

    return not_for_you


def sign_in_page(then: PageSpec | None = None) -> None:
    """The sign-in form; `then` is the page the visitor asked for, opened once signed in."""
    st.title(_("Sign in"))
    st.caption(_("Executive social presence assistant"))
    if oidc_configured():
        if st.button(_("Sign in with your company account"), type="primary"):
            st.login()
        if getattr(st.user, "is_logged_in", False):
            try:  # why this account opens nothing: unverified e-mail, or no member has it
                workspace.actor_for_oidc(db(), st.user)
            except AssistantError as refused:
                st.error(escape_md(str(refused)))  # it quotes the provider's e-mail: text, never Markdown
            if st.button(_("Sign out")):
                st.logout()
        return
    with st.form("sign_in"):
        email = st.text_input(_("E-mail"))
        password = st.text_input(_("Password"), type="password")
        submitted = st.form_submit_button(_("Sign in"), type="primary")
    if submitted:
        _start_session(lambda: workspace.sign_in(db(), email, password), then)
    with st.expander(_("I have an invitation code")), st.form("accept_invitation"):
        invited_email = st.text_input(_("E-mail"), key="invited_email")
        code = st.text_input(_("Invitation code"), key="invitation_code")
        new_password = st.text_input(_("Choose a password (at least 10 characters)"), type="password")
        if st.form_submit_button(_("Set my password and sign in")):
            _start_session(lambda: workspace.accept_invitation(db(), invited_email, code, new_password), then)


def _start_session(authenticate: Callable[[], Actor], then: PageSpec | None = None) -> None:
    """After the password check: a stored session, this tab signed in with it, and the browser sent through
    /session/start, which swaps the one-time code for the HttpOnly cookie and opens the asked-for page.

    Why a code and a redirect rather than an HTML form posting the password to a route: the password check,
    its lockout and the invitation flow stay in one place (services/workspace/sign_in.py) and in this form."""
    try:
        actor = authenticate()
    except AssistantError as exc:
        st.error(escape_md(str(exc)))
        return
    started = workspace.start_session(db(), actor, user_agent=_user_agent())
    st.session_state["member_id"] = actor.member_id
    st.session_state["last_seen"] = time.time()
    st.session_state["member_session_id"] = started.session_id
    wanted = then is not None and then != PAGES[0] and bool(then.roles & actor.roles)
    target = "/" + then.url_path if wanted and then is not None else "/"  # the first page lives at /
    if wanted and (asked := st.query_params.to_dict()):  # a link to one item (?post=7) opens that item
        target += "?" + urlencode(asked)
    link = f"{SESSION_START_ROUTE}?{urlencode({'code': started.code, 'next': target})}"
    _send_browser_to(link)
    st.info(_("Signing you in…"))
    st.link_button(_("Continue"), link)
    st.stop()


def sidebar_identity(actor: Actor) -> None:
    with st.sidebar:
        st.markdown(f"**{escape_md(actor.display_name)}**")
        st.caption(role_names(actor.roles))
        leaving = st.button(_("Sign out"), key="sign_out")
    if leaving:
        if oidc_configured():
            st.logout()
            sign_out()
            st.rerun()
        _end_session()


def wide_and_phone(name: str):
    """Two containers for one content: a table for wide screens, cards for a phone. The app's stylesheet
    (app.py PHONE_LAYOUT_CSS) shows one of them per screen width; without it (AppTest) both render."""
    return st.container(key=f"{name}_wide_only"), st.container(key=f"{name}_phone_only")


def run(action: Callable[[], object]) -> object | None:
    """Call a service; show its error as a message instead of a traceback (as text: errors quote user input)."""
    try:
        return action()
    except AssistantError as exc:
        st.error(escape_md(str(exc)))
        return None


# Streamlit's Markdown (CommonMark + GFM, LaTeX, its directives, icons and emoji) and how each construct is defused:
# - backslash-escaped wherever they are: emphasis and strikethrough `* _ ~`, code `` ` ``, links, images and
#   footnotes `[ ]` (so `![x](url)` and `[x](url)` cannot form), HTML and autolinks `< >`, tables `|`, LaTeX `$`,
#   and the backslash itself;
# - backslash-escaped at the start of a line (the text's first line included, as a value may start one): headings
#   `#`, lists `+ -` and `1.`/`1)`, setext underlines `=`; entities `&name;` anywhere;
# - the colon of Streamlit's directives (`:red[...]`, `:red-background[...]`, `:red-badge[...]`, `:small[...]`,
#   `:color[...]{...}`, `:help[...]`, `:shimmer[...]`, `::leaf`) is backslash-escaped; other `:word` are plain text;
# - an invisible word joiner (U+2060) goes where the replacement happens outside Markdown's parser, so escapes
#   cannot stop it: after the colon of `:material/...:` icons (replaced in the raw source), of emoji shortcodes and
#   `:streamlit:` (replaced in the parsed text).
# A bare address (`https://…`, `www.…`, `name@host.tld`) still becomes a link (GFM does it in the parsed text): its
# text is the address exactly as typed, nothing is fetched, and service messages quoting `https://` stay readable.
_MD_ALWAYS = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~$"})
WORD_JOINER = "\u2060"
# emoji names are lower-case words (`:smile:`, `:+1:`, `:t-rex:`) or `:100:`, `:1234:`, `:-1:`; "09:00-18:00" is none
_SHORTCODE = r"(?:[a-z0-9_+\-]*[a-z_+][a-z0-9_+\-]*|100|1234|-1):"
_MD_JOINED = re.compile(rf":(?=material/|{_SHORTCODE})")
_COLOURS = "red|orange|yellow|green|blue|violet|gray|grey|rainbow|primary"
_MD_DIRECTIVE = re.compile(rf":(?=(?:(?:{_COLOURS})(?:-background|-badge)?|small|shimmer|help|color)(?![\w-])|:)")
_MD_LINE_START = re.compile(r"(^|[\r\n])([ \t]*)([#+\-=])")
_MD_ORDERED = re.compile(r"(^|[\r\n])([ \t]*\d+)([.)])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape_md(text: str) -> str:
    """THE escaping helper: any text put inside Markdown (a name, a mention, model output, a URL...) renders as the
    characters typed: never markup, a link, an image, a colour, an icon, an emoji, LaTeX or HTML. Plain sentences
    ("Post 5: approved (version 2).") come out unchanged."""
    text = _MD_JOINED.sub(":" + WORD_JOINER, str(text))
    text = text.translate(_MD_ALWAYS)
    text = _MD_DIRECTIVE.sub("\\\\:", text)
    text = _MD_ENTITY.sub("\\\\&", text)
    text = _MD_ORDERED.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", text)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", text)


def escaped_lines(text: str) -> str:
    """A Markdown bullet list of text lines (`- ` prefixes of the text are the list's own), each line escaped."""
    lines = [line.removeprefix("- ") for line in str(text).splitlines() if line.strip()]
    return "\n".join("- " + escape_md(line) for line in lines)


def stream_text(chunks: Iterable[str]) -> str:
    """Show text as it streams in (a model's answer), as plain text: a model's output is never rendered as
    Markdown or HTML, so an obeying model cannot make the browser fetch an image or follow a link."""
    shown = st.empty()
    parts: list[str] = []
    for chunk in chunks:
        if chunk:
            parts.append(str(chunk))
            shown.text("".join(parts))
    return "".join(parts)


def local_time(value: datetime | None, tz: str = "UTC") -> str:
    """A moment in the executive's zone, the zone named (see assistant.formatting)."""
    return formatting.when(value, tz, with_year=True)


def day_label(day: date) -> str:
    """A day as a calendar column heads it: 'Tue 24 Nov', 'mar. 24 nov.' (Babel, in the run's language)."""
    from babel.dates import format_date

    return format_date(day, "EEE d MMM", locale=i18n.current_language())


def flash(message: str) -> None:
    """A success message that survives the st.rerun() that follows an action."""
    st.session_state["flash"] = message


def show_flash() -> None:
    message = st.session_state.pop("flash", None)
    if message:
        st.success(escape_md(message))  # a flash is plain text: it often names a member or quotes input


def drafter(executive_name: str):
    """The drafter the configured settings ask for (offline when nothing is configured)."""
    return bootstrap.drafter(settings(), executive_name=executive_name)


def x_account():
    """The configured X account, or the labelled dry run when no credentials are set."""
    return bootstrap.platform(settings())


def publisher_mode() -> str:
    """`dry-run`, `live` or `read-only`, as the configured X keys allow."""
    return bootstrap.publisher_mode(settings())


def llm_client():
    """The configured model client, or None when drafting runs offline."""
    return bootstrap.llm_client(settings())


RISK_WORDS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high"), "unknown": N_("unknown")}


def show_readers(review) -> None:
    """The AI readers review, apart from the deterministic checklist."""
    colours = {"low": "green", "medium": "orange", "high": "red", "unknown": "gray"}
    with st.container(border=True):
        st.markdown(_("**How they might read it** · an AI opinion, in addition to the checklist above"))
        for v in review.verdicts:
            risk = _(RISK_WORDS[v.risk]) if v.risk in RISK_WORDS else v.risk
            st.markdown(
                f":{colours.get(v.risk, 'gray')}-badge[{escape_md(risk)}] **{escape_md(_(v.label))}** · "
                f"{escape_md(v.reason)}"
            )


def highlighted(text: str, findings) -> str:
    """Markdown of the text with each finding's span highlighted; the text itself stays escaped."""
    colours = {"block": "red", "warn": "orange", "info": "blue"}
    spans = sorted({(f.start, f.end, f.severity) for f in findings if f.end > f.start}, key=lambda s: (s[0], -s[1]))
    out, cursor = [], 0
    for start, end, severity in spans:
        if start < cursor:
            continue  # overlapping spans: the first one wins
        out.append(escape_md(text[cursor:start]))
        out.append(f":{colours[severity]}-background[{escape_md(text[start:end])}]")
        cursor = end
    out.append(escape_md(text[cursor:]))
    return "".join(out).replace("\n", "  \n")


VERDICT_WORDS = {"ok": N_("Ready for review"), "needs_review": N_("Needs a careful look"), "block": N_("Blocked")}
SEVERITY_WORDS = {"block": N_("block"), "warn": N_("warn"), "info": N_("info")}
CATEGORY_NAMES = {
    "disclosure": N_("disclosure"),
    "sensitive": N_("sensitive"),
    "offensive": N_("offensive"),
    "privacy": N_("privacy"),
    "legal": N_("legal"),
    "authenticity": N_("authenticity"),
    "format": N_("format"),
}


def verdict_words(verdict: str | None) -> str:
    """The checklist's verdict as the panel says it, wherever it is shown, in the run's language."""
    words = VERDICT_WORDS.get(verdict or "")
    return _(words) if words else _("not checked")


# SLA classes are identifiers (stored, configured); the default ones in words. An admin's own class shows as named.
SLA_CLASS_NAMES = {
    "press": N_("press"),
    "investor": N_("investor"),
    "vip": N_("vip"),
    "complaint": N_("complaint"),
    "default": N_("default"),
}


def in_words(names: dict[str, str], value: str | None) -> str:
    """An identifier in words of the current language (an unknown one as it is, underscores as spaces)."""
    if not value:
        return ""
    return _(names[value]) if value in names else value.replace("_", " ")


def sla_class_name(sla_class: str) -> str:
    return _(SLA_CLASS_NAMES[sla_class]) if sla_class in SLA_CLASS_NAMES else sla_class


def category_name(category: str) -> str:
    """A checklist category in words (an unknown one, e.g. a workspace's own, as it is)."""
    return _(CATEGORY_NAMES[category]) if category in CATEGORY_NAMES else category


def show_check(text: str, result) -> None:
    """The checklist panel: verdict, platform length, and each finding with what to do."""
    icon = {"ok": ":material/check_circle:", "needs_review": ":material/warning:", "block": ":material/block:"}
    length = result.length
    summary = _(
        "{icon} **{verdict}** · {weighted}/{limit} characters",
        icon=icon[result.verdict],
        verdict=verdict_words(result.verdict),
        weighted=length.weighted,
        limit=length.limit,
    )
    st.markdown(summary if length.valid else summary + " · :red[" + _("too long") + "]")
    if result.findings:
        with st.container(border=True):
            st.markdown(highlighted(text, result.findings))
    for f in result.findings:
        colour = {"block": "red", "warn": "orange", "info": "blue"}[f.severity]
        st.markdown(
            f":{colour}-badge[{_(SEVERITY_WORDS[f.severity])}] **{escape_md(category_name(f.category))}** · "
            f"{escape_md(f.message)}"
        )


def forget(*keys: str) -> None:
    """Clear screen state once the work it held is safely stored."""
    for key in keys:
        st.session_state.pop(key, None)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def posts_from_upload(upload) -> list[str]:
    """Past posts from an uploaded CSV with a 'text' column."""
    import csv
    import io

    reader = csv.DictReader(io.StringIO(upload.getvalue().decode("utf-8", errors="replace")))
    if "text" not in (reader.fieldnames or []):
        st.error(_("The CSV needs a column named 'text'."))
        return []
    return [row["text"] for row in reader if (row.get("text") or "").strip()]


# Streamlit applies a text area's value only on blur or Ctrl+Enter. This script-only component (no
# HTML, no user text) presses Ctrl+Enter for the named text areas once typing pauses, so what
# depends on the text (the live checklist, the enabled buttons) follows the writer without a click away.
_LIVE_TYPING_JS = """
export default function (component) {
  const config = component.data || {};
  window.__liveTyping = { labels: new Set(config.labels || []), delay: config.delay || 300 };
  const off = () => { window.__liveTyping = { labels: new Set(), delay: 300 }; };  // left the page
  if (window.__liveTypingInstalled) return off;
  window.__liveTypingInstalled = true;
  const timers = new WeakMap();
  document.addEventListener("input", (event) => {
    const area = event.target;
    const live = window.__liveTyping;
    if (!(area instanceof HTMLTextAreaElement) || !live.labels.has(area.getAttribute("aria-label"))) return;
    clearTimeout(timers.get(area));
    timers.set(area, setTimeout(() => {
      if (!area.isConnected || document.activeElement !== area) return;  // a blur already applied it
      area.dispatchEvent(new KeyboardEvent("keydown", {
        key: "Enter", code: "Enter", keyCode: 13, ctrlKey: true, bubbles: true, cancelable: true,
      }));
    }, live.delay));
  }, true);
  return off;
}
"""
_live_typing = st.components.v2.component("live_typing", js=_LIVE_TYPING_JS)
LIVE_TYPING_PAUSE_MS = 300


def live_text_areas(*labels: str, pause_ms: int = LIVE_TYPING_PAUSE_MS) -> None:
    """Make the text areas with these labels apply their value after a pause in typing."""
    _live_typing(key="live_typing", data={"labels": list(labels), "delay": pause_ms}, height=0)
