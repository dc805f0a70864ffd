"""Hold the Streamlit pieces every page shares: the app shell, the store, safety text, errors."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from hipdash.catalog import Catalog, CatalogError, load_catalog
from hipdash.paths import default_db_path
from hipdash.sidecar import SessionSidecar, SidecarError
from hipdash.store import (
    DatabaseError,
    RecordNotFoundError,
    Snapshot,
    StorageError,
    Store,
    StoreBusyError,
)
from hipdash.store import local_now as now
from hipdash.ui.theme import apply_theme
from hipdash.validation import ValidationError
from hipdash.vocabulary import counted

NOT_MEDICAL_ADVICE = (
    "hipdash is a self-care companion, not medical advice. It does not diagnose or treat "
    "anything. If you are unsure whether a technique is right for you, ask a doctor or "
    "physiotherapist first."
)
STOP_SIGNS = (
    (
        "Sharp, stabbing or electric pain",
        "Stop at once. Discomfort from a stretch or a ball "
        "should feel dull and ease within seconds; sharp pain is a signal, not something to "
        "push through.",
    ),
    (
        "Numbness, tingling or pins and needles",
        "Stop and move off the spot. Pressure may be on "
        "a nerve. If it does not settle within a few minutes, get it checked.",
    ),
    (
        "Pain that gets worse",
        "Pain that builds during a session, lingers for hours after it, or "
        "keeps you awake at night needs a professional's look, not more of the same.",
    ),
    (
        "A recent injury or surgery",
        "After a fall, a strain, or any hip, knee or back surgery, "
        "follow your clinician's plan and ask before adding anything here.",
    ),
    (
        "A hip replacement",
        "Many hip openers and deep bends are off-limits for a while after a "
        "replacement. Ask your surgeon or physiotherapist which movements are safe for you.",
    ),
    (
        "Pregnancy",
        "Hormones loosen the joints and some positions (lying flat on the back late "
        "in pregnancy, deep pressure, deep stretches) may not suit you. Check with your midwife "
        "or doctor.",
    ),
)
SEE_SOMEONE_URGENTLY = (
    "Seek urgent care for hip or back pain with fever, after a hard fall, with numbness in the "
    "groin or buttocks, new trouble controlling your bladder or bowels, or a leg that suddenly "
    "cannot bear weight."
)

APP_NAME = "hipdash"
# The favicon, drawn here and sent inline (a data: URL): a :material/...: or emoji icon
# would make the browser fetch it from Google's or a CDN's servers.
FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<rect width="64" height="64" rx="14" fill="#2f7d6d"/>'
    '<circle cx="32" cy="17" r="7" fill="#fbfaf7"/>'
    '<path d="M16 50c4-11 9-17 16-17s12 6 16 17" fill="none" stroke="#fbfaf7" '
    'stroke-width="7" stroke-linecap="round"/></svg>'
)
# Every error a store write can raise on purpose; each leaves the data file as it was.
WRITE_ERRORS: tuple[type[Exception], ...] = (
    ValidationError,
    DatabaseError,
    StoreBusyError,
    StorageError,
    RecordNotFoundError,
)

# Streamlit's legacy multipage mode runs a deep-linked page on its own until
# some session has loaded the main script; this flag tells a page whether the
# shell (app.py) is running it in this thread.
_shell = threading.local()


def page_definitions() -> list[st.Page]:
    """Return the app's pages in menu order."""
    return [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("pages/explore.py", title="Explore", icon=":material/search:", url_path="explore"),
        st.Page("pages/session.py", title="Session", icon=":material/timer:", url_path="session"),
        st.Page("pages/log.py", title="Log", icon=":material/edit_note:", url_path="log"),
        st.Page(
            "pages/progress.py", title="Progress", icon=":material/monitoring:", url_path="progress"
        ),
        st.Page(
            "pages/safety.py",
            title="When to stop",
            icon=":material/health_and_safety:",
            url_path="safety",
        ),
        st.Page(
            "pages/settings.py",
            title="Data & settings",
            icon=":material/settings:",
            url_path="settings",
        ),
    ]


def run_app() -> None:
    """Set up the page, draw the shared sidebar and run the chosen page."""
    # The icon goes first: the browser would otherwise take the chosen page's
    # :material/...: icon as the favicon and fetch it from fonts.gstatic.com.
    st.set_page_config(page_icon=FAVICON_SVG, layout="wide")
    init_state()
    apply_theme()
    page = st.navigation(page_definitions())
    st.set_page_config(page_title=tab_title(page.title))
    # Home shows the not-medical-advice note in its body, where a phone shows it too.
    _sidebar(note=page.url_path != "")
    _demo_banner()
    _shell.active = True
    try:
        page.run()
    finally:
        _shell.active = False


def tab_title(page_title: str) -> str:
    """Return the browser tab's title for a page, such as 'Log · hipdash'."""
    return f"{page_title} · {APP_NAME}"


def require_shell() -> None:
    """Run this page inside the app shell when a deep link started it on its own."""
    if getattr(_shell, "active", False):
        return
    # Calling st.navigation (in run_app) switches the server to the shell's
    # page list for good; the shell then runs this page once more, inside it,
    # in this same run, and the bare legacy pass stops here.
    run_app()
    st.stop()


def init_state() -> None:
    """Create the session-state keys every page may read, once per browser session."""
    st.session_state.setdefault("session_queue", [])
    st.session_state.setdefault("data_mode", "real")


def real_db_path() -> Path:
    """Return the person's own data file ($HIPDASH_DB or the per-user default)."""
    return default_db_path()


def demo_db_path() -> Path:
    """Return the demo data file, beside the real one and never mixed with it."""
    return real_db_path().with_name("hipdash-demo.json")


def in_demo() -> bool:
    """Return True while this browser session looks at demo data."""
    return st.session_state.get("data_mode") == "demo"


@st.cache_resource(show_spinner=False)
def _store_at(path: str) -> Store:
    # One Store per file and process: its read cache is shared by every tab,
    # and its file lock keeps tabs and processes from losing each other's writes.
    return Store(Path(path))


def get_store() -> Store:
    """Return the store for the data this session looks at (real or demo)."""
    return _store_at(str(demo_db_path() if in_demo() else real_db_path()))


def load_snapshot() -> Snapshot:
    """Return everything stored; on a damaged file explain how to recover and stop the page."""
    try:
        return get_store().snapshot()
    except DatabaseError as exc:
        show_database_error(exc)
        st.stop()
        raise  # st.stop() does not return; this keeps type checkers honest.


def show_database_error(exc: DatabaseError) -> None:
    """Explain a damaged or foreign data file in plain words; the file is left untouched."""
    # A path may hold characters Markdown would take as markup; the hint must copy exactly.
    st.error(escape_markdown(exc.recovery_hint()), icon=":material/error:")
    if exc.backup is not None:
        st.caption("Latest automatic backup: " + escape_markdown(str(exc.backup)))


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def escape_markdown(text: str) -> str:
    """Return text a person typed, escaped so that Markdown shows it literally.

    Toasts and alerts render Markdown; a typed name such as ``![x](http://…)``
    would otherwise become an image the browser fetches.
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def write_problem(write: Callable[[], object], verb: str = "saved") -> str | None:
    """Run one store write; return what went wrong in plain words, or None when it worked.

    Nothing is half-written: the store validates everything before it writes. ``verb``
    says what did not happen ("Nothing was imported").
    """
    nothing = f"Nothing was {verb}"
    try:
        write()
    except ValidationError as exc:
        return f"{nothing}. {exc}"
    except DatabaseError as exc:
        return exc.recovery_hint()
    except StoreBusyError:
        return f"{nothing}: the data file is busy in another window. Try again in a moment."
    except StorageError as exc:
        # The store's advice names the folder and what to do; the file is unchanged.
        return f"{nothing}, and your data file is unchanged. {exc.advice}"
    except RecordNotFoundError:
        return f"{nothing}: that entry was deleted in another window. Reload the page."
    return None


def save(write: Callable[[], object], done: str) -> bool:
    """Run one store write here; show why if it fails, toast ``done`` if it worked."""
    problem = write_problem(write)
    if problem is not None:
        # Problems are plain text that may quote a path or what a person typed.
        st.error(escape_markdown(problem), icon=":material/error:")
        return False
    st.toast(done, icon=":material/check_circle:")
    return True


def save_from_callback(write: Callable[[], object], done: str | None, slot: str) -> bool:
    """Run one store write in a widget callback; keep any problem for ``show_problem(slot)``.

    An error drawn inside a callback lands at the top of the page, so the message waits
    in session state until the page draws it where it belongs.
    """
    problem = write_problem(write)
    if problem is not None:
        st.session_state[slot] = problem
        return False
    st.session_state.pop(slot, None)
    if done:
        st.toast(done, icon=":material/check_circle:")
    return True


def show_problem(slot: str) -> None:
    """Draw, once, the problem a callback kept under ``slot``."""
    problem = st.session_state.pop(slot, None)
    if problem:
        # Problems are plain text that may quote a path or what a person typed.
        st.error(escape_markdown(problem), icon=":material/error:")


def start_demo() -> None:
    """Fill the separate demo file with 12 fresh weeks of synthetic logs and switch to it."""
    from hipdash.demo import generate_demo

    demo = generate_demo(get_catalog(), now(), weeks=12)
    store = _store_at(str(demo_db_path()))
    store.replace_all(demo.snapshot())
    st.session_state["data_mode"] = "demo"


def leave_demo() -> None:
    """Go back to the person's own data."""
    st.session_state["data_mode"] = "real"


def _demo_banner() -> None:
    if not in_demo():
        return
    with st.container(border=True):
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.warning(
            "**Demo data.** You are looking at 12 weeks of made-up logs, kept in a separate "
            "file. Nothing you do here touches your own data.",
            icon=":material/science:",
        )
        button.button("Back to my data", key="demo_leave", on_click=leave_demo, type="primary")


@st.cache_resource(show_spinner=False)
def _load_catalog_once() -> Catalog:
    return load_catalog()


def get_catalog() -> Catalog:
    """Return the validated catalog, loaded once per process; stop the page on a bad file."""
    try:
        return _load_catalog_once()
    except CatalogError as exc:
        # The reason may quote the catalog file's own text: shown literally, never as markup.
        st.error(
            "The technique catalog could not be loaded: " + escape_markdown(str(exc)),
            icon=":material/error:",
        )
        st.info("Fix the named field in the file under data/techniques/, then reload the page.")
        st.stop()
        raise  # st.stop() does not return; this keeps type checkers honest.


@st.cache_resource(show_spinner=False)
def _sidecar_at(path: str) -> SessionSidecar:
    # One per data file and process, like the store, so its cache is shared by every tab.
    return SessionSidecar(Path(path))


def get_sidecar() -> SessionSidecar:
    """Return the session file (unfinished session and queue) of the data looked at."""
    return _sidecar_at(str(get_store().path))


def sync_queue() -> None:
    """Load the session queue from the session file, so it lasts across reloads and tabs.

    A damaged or unreadable file leaves this tab's own copy of the queue in place; the
    Session page says what is wrong with the file.
    """
    try:
        st.session_state["session_queue"] = list(get_sidecar().read().queue)
    except SidecarError:
        st.session_state.setdefault("session_queue", [])


def set_queue(queue: list[str]) -> None:
    """Replace the session queue here and in the session file."""
    st.session_state["session_queue"] = list(queue)
    try:
        st.session_state["session_queue"] = list(get_sidecar().set_queue(queue))
    except SidecarError as exc:
        # The queue still works in this tab; it just won't outlast a reload.
        st.session_state["queue_problem"] = str(exc)


def queue_add(technique_id: str) -> None:
    """Put a technique at the end of the session queue, once, and keep it for later visits."""
    queue: list[str] = st.session_state.setdefault("session_queue", [])
    try:
        st.session_state["session_queue"] = list(get_sidecar().add_to_queue(technique_id))
    except SidecarError as exc:
        st.session_state["queue_problem"] = str(exc)
        if technique_id not in queue:
            st.session_state["session_queue"] = [*queue, technique_id]


def _sidebar(*, note: bool) -> None:
    sync_queue()
    with st.sidebar:
        count = len(st.session_state.get("session_queue", []))
        st.markdown(f"**Session queue:** {counted(count, 'technique')}")
        if count:
            st.page_link("pages/session.py", label="Open the session", icon=":material/timer:")
        with st.expander("When to stop", icon=":material/health_and_safety:"):
            when_to_stop(compact=True)
        if note:
            st.caption(NOT_MEDICAL_ADVICE)


def when_to_stop(*, compact: bool = False) -> None:
    """Render the stop signs and when to see a professional."""
    if compact:
        # One list, not one element per sign: the sidebar is redrawn on every rerun.
        st.markdown("\n".join(f"- **{sign}**" for sign, _ in STOP_SIGNS))
        st.caption("Stop and see a doctor or physiotherapist.")
        st.page_link("pages/safety.py", label="Read more", icon=":material/arrow_forward:")
    else:
        for sign, advice in STOP_SIGNS:
            st.markdown(f"**{sign}.** {advice}")
        st.warning(SEE_SOMEONE_URGENTLY, icon=":material/emergency:")


def disclaimer() -> None:
    """Render the not-medical-advice note."""
    st.info(NOT_MEDICAL_ADVICE, icon=":material/info:")
