"""The app as served: the Streamlit script plus the two HTTP routes that set and clear the session cookie.

Run it with `streamlit run app.py` (scripts/run.sh does). A Streamlit script run cannot set a cookie, an HTTP
response can: the sign-in form sends the browser to /session/start with a one-time code (see
assistant/services/workspace/sessions.py), and sign-out sends it to /session/end.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant import config
from assistant.services import workspace

config.load_env_file()  # before anything reads the environment (DATABASE_URL, keys)

SCRIPT = str(Path(__file__).with_name("streamlit_app.py"))


def _redirect(request: Request, path: str) -> RedirectResponse:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    response = RedirectResponse(("/" + base if base else "") + path, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def _from_elsewhere(request: Request) -> bool:
    """A navigation started by another site (a link or form elsewhere): refused, so nobody can sign a visitor
    into the attacker's account or out of their own. Browsers send Sec-Fetch-Site; same-origin or typed = fine."""
    return request.headers.get("sec-fetch-site", "same-origin") in ("cross-site", "same-site")


def _secure(request: Request) -> bool:
    """Secure cookies only over https (a Secure cookie is dropped on plain-http localhost)."""
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


def session_start(request: Request) -> RedirectResponse:
    """GET /session/start?code=…&next=/inbox: one-time code -> session cookie, then the page (303)."""
    target = workspace.safe_next(request.query_params.get("next"))
    if _from_elsewhere(request):
        return _redirect(request, "/")
    token = workspace.exchange_code(config.database(), request.query_params.get("code"))
    response = _redirect(request, target)  # without a token the page shows the sign-in form again
    if token is not None:
        response.set_cookie(
            workspace.COOKIE_NAME,
            token,
            max_age=int(workspace.LIFETIME.total_seconds()),
            path="/",
            httponly=True,
            samesite="lax",
            secure=_secure(request),
        )
    return response


def session_end(request: Request) -> RedirectResponse:
    """GET /session/end: the session is revoked (the script did too: this covers a direct visit), cookie cleared."""
    response = _redirect(request, "/")
    if _from_elsewhere(request):
        return response
    workspace.end_session(config.database(), token=request.cookies.get(workspace.COOKIE_NAME))
    response.delete_cookie(workspace.COOKIE_NAME, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response


# On a narrow screen the sidebar covers the page; Streamlit closes it after a page link only when the user agent
# says "phone", so a narrow desktop or tablet window kept it open over the content. 768 px is Streamlit's own
# `md` breakpoint, below which the sidebar overlays the page. Static text: no user data goes into it.
PHONE_NAVIGATION_JS = b"""<script>
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest('[data-testid="stSidebarNavLink"]');
  if (!link || !window.matchMedia("(max-width: 768px)").matches) return;
  setTimeout(function () {
    var sidebar = document.querySelector('[data-testid="stSidebar"]');
    var close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (sidebar && close && sidebar.getAttribute("data-collapsed") === "false") close.click();
  }, 150);
}, true);
</script>"""
# Pages fill two containers where a table does not read on a phone: `ui.wide_and_phone` names them, this
# stylesheet shows one per screen (640 px: Streamlit's `sm` breakpoint, where columns stack).
PHONE_LAYOUT_CSS = b"""<style>
@media (max-width: 640px) { [class*="_wide_only"] { display: none !important; } }
@media (min-width: 641px) { [class*="_phone_only"] { display: none !important; } }
</style>"""
_NOT_PAGES = ("/_stcore/", "/static/", "/media/", "/component/", "/session/")


class PhoneNavigation:
    """Adds PHONE_NAVIGATION_JS and PHONE_LAYOUT_CSS to the app's HTML page (the one document every page
    address serves)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith(_NOT_PAGES)
            or "text/html" not in Headers(scope=scope).get("accept", "")
        ):
            await self.app(scope, receive, send)
            return
        # Ask for the page uncompressed so the script can be added (it is a couple of kilobytes).
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        start: Message | None = None
        chunks: list[bytes] = []

        async def add_script(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers = MutableHeaders(raw=start["headers"])
            if headers.get("content-type", "").startswith("text/html") and b"</head>" in body:
                body = body.replace(b"</head>", PHONE_NAVIGATION_JS + PHONE_LAYOUT_CSS + b"</head>", 1)
                headers["content-length"] = str(len(body))
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, add_script)


# Plain (sync) endpoints: Starlette runs them in its thread pool, so the database calls do not block the loop.
app = st.App(
    SCRIPT,
    routes=[
        Route("/session/start", session_start, methods=["GET"]),
        Route("/session/end", session_end, methods=["GET"]),
    ],
    middleware=[Middleware(PhoneNavigation)],
)
