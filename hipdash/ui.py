"""Hold the Streamlit pieces every page shares: the app shell, safety text, cards, the body map."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path

import streamlit as st

from hipdash.catalog import Catalog, CatalogError, Technique, load_catalog
from hipdash.paths import default_db_path
from hipdash.store import (
    DatabaseError,
    RecordNotFoundError,
    Snapshot,
    Store,
    StoreBusyError,
)
from hipdash.store import local_now as now
from hipdash.validation import ValidationError
from hipdash.vocabulary import AREAS, DIFFICULTIES, EQUIPMENT, MODALITIES, POSITIONS, counted

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
    # No page_title here: st.navigation titles each tab after its page, and a
    # second title made the browser redo the page head on every rerun.
    st.set_page_config(page_icon=":material/self_improvement:", layout="wide")
    init_state()
    page = st.navigation(page_definitions())
    _sidebar()
    _demo_banner()
    _shell.active = True
    try:
        page.run()
    finally:
        _shell.active = False


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
    except RecordNotFoundError:
        return f"{nothing}: that entry was deleted in another window. Reload the page."
    return None


def save(write: Callable[[], object], done: str) -> bool:
    """Run one store write here; show why if it fails, toast ``done`` if it worked."""
    problem = write_problem(write)
    if problem is not None:
        st.error(problem, icon=":material/error:")
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
    store.replace_all(
        Snapshot(
            checkins=demo.checkins,
            sets=demo.sets,
            sessions=demo.sessions,
            notes=demo.notes,
            routines=demo.routines,
        )
    )
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
        st.error(f"The technique catalog could not be loaded: {exc}", icon=":material/error:")
        st.info("Fix the named field in the file under data/techniques/, then reload the page.")
        st.stop()
        raise  # st.stop() does not return; this keeps type checkers honest.


def queue_add(technique_id: str) -> None:
    """Put a technique at the end of the session queue, once."""
    queue: list[str] = st.session_state.setdefault("session_queue", [])
    if technique_id not in queue:
        st.session_state["session_queue"] = [*queue, technique_id]


def _sidebar() -> None:
    with st.sidebar:
        count = len(st.session_state.get("session_queue", []))
        st.markdown(f"**Session queue:** {counted(count, 'technique')}")
        if count:
            st.page_link("pages/session.py", label="Open the session", icon=":material/timer:")
        with st.expander("When to stop", icon=":material/health_and_safety:"):
            when_to_stop(compact=True)
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


def minutes_text(seconds: int) -> str:
    """Return a duration as '45 s' or '3 min'."""
    if seconds < 90:
        return f"{seconds} s"
    return f"{round(seconds / 60)} min"


def equipment_text(technique: Technique) -> str:
    """Return the equipment a technique needs, in words."""
    return ", ".join(EQUIPMENT[item] for item in technique.equipment)


def technique_card(technique: Technique, on_details: Callable[[str], None]) -> None:
    """Render one result card with its Details and Add-to-session buttons."""
    # One markdown block per card keeps the page light when many cards show.
    with st.container(border=True):
        st.markdown(
            f"**{technique.name}**  \n"
            f":green-badge[{MODALITIES[technique.modality]}] "
            f":blue-badge[{DIFFICULTIES[technique.difficulty]}] "
            f":gray-badge[{POSITIONS[technique.position]}]  \n"
            f"{technique.summary}  \n"
            f"{technique.dose.describe()} · about **{minutes_text(technique.total_seconds)}**  \n"
            f"Needs: {equipment_text(technique)}"
        )
        queued = technique.id in st.session_state.get("session_queue", [])
        with st.container(horizontal=True):
            st.button(
                "Details",
                key=f"explore_details_{technique.id}",
                on_click=on_details,
                args=(technique.id,),
            )
            st.button(
                "In session" if queued else "Add to session",
                key=f"explore_add_{technique.id}",
                on_click=queue_add,
                args=(technique.id,),
                disabled=queued,
                type="primary",
                icon=":material/check:" if queued else ":material/add:",
            )


def technique_detail(technique: Technique) -> None:
    """Render the steps, cues, cautions and area highlight of one technique."""
    text, picture = st.columns([3, 2])
    with text:
        st.caption(
            f"{MODALITIES[technique.modality]} · {DIFFICULTIES[technique.difficulty]} · "
            f"{POSITIONS[technique.position]} · {technique.dose.describe()} · about "
            f"{minutes_text(technique.total_seconds)}"
        )
        technique_steps(technique)
        technique_cues(technique)
    with picture:
        body_map(f"detail_map_{technique.id}", selected=technique.primary_areas)
        st.caption("Targets: " + ", ".join(AREAS[a] for a in technique.areas))
    technique_safety(technique)


def technique_steps(technique: Technique) -> None:
    """Render a technique's numbered steps."""
    numbered = "\n".join(f"{n}. {step}" for n, step in enumerate(technique.steps, 1))
    st.markdown("**Steps**\n\n" + numbered)


def technique_cues(technique: Technique) -> None:
    """Render a technique's breathing and attention cues."""
    st.markdown(
        f"**Breathing:** {technique.breathing_cue}  \n**Attention:** {technique.attention_cue}"
    )


def technique_safety(technique: Technique) -> None:
    """Render a technique's cautions and, where it has them, its contraindications."""
    st.warning(
        "**Cautions**\n\n" + "\n".join(f"- {c}" for c in technique.cautions),
        icon=":material/warning:",
    )
    if technique.contraindications:
        st.error(
            "**Skip this or ask a professional first if:**\n\n"
            + "\n".join(f"- {c}" for c in technique.contraindications),
            icon=":material/block:",
        )


_BODY_MAP_CSS = """
.bodymap { width: 100%; max-width: 760px; height: auto; display: block; margin: 0 auto; }
.bodymap .outline { fill: #f3f1ec; stroke: #8fa39a; stroke-width: 0.06; }
.bodymap .region { fill: #dfe8e3; stroke: #ffffff; stroke-width: 0.06; cursor: pointer;
  transition: fill 120ms ease; }
.bodymap .region:hover { fill: #b9d3c8; }
.bodymap .region:focus { outline: none; stroke: #23302c; stroke-width: 0.1; }
.bodymap .region.chosen { fill: #2f7d6d; }
.bodymap .region.chosen:hover { fill: #276a5c; }
.bodymap.static .region { cursor: default; }
.bodymap.static .region:hover { fill: #dfe8e3; }
.bodymap.static .region.chosen, .bodymap.static .region.chosen:hover { fill: #2f7d6d; }
.bodymap .leader { stroke: #8fa39a; stroke-width: 0.04; }
.bodymap text { font-family: sans-serif; fill: #23302c; }
.bodymap .label { font-size: 0.56px; }
.bodymap .label.chosen { font-weight: 700; fill: #2f7d6d; }
.bodymap .view { font-size: 0.6px; font-weight: 700; text-anchor: middle; }
"""
# Runs on mount and on every new `data`: mark the chosen areas, colour a
# heatmap, and (unless static) report clicks or Enter/Space as a trigger value.
_BODY_MAP_JS = """
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const chosen = new Set((data && data.selected) || []);
  const fills = (data && data.fills) || {};
  const still = Boolean(data && data.static);
  parentElement.querySelector("svg").classList.toggle("static", still);
  parentElement.querySelectorAll("[data-area]").forEach((shape) => {
    const area = shape.getAttribute("data-area");
    shape.classList.toggle("chosen", chosen.has(area));
    shape.style.fill = fills[area] || "";
    if (still) {
      shape.removeAttribute("role");
      shape.removeAttribute("aria-pressed");
      shape.setAttribute("tabindex", "-1");
      shape.onclick = shape.onkeydown = null;
      return;
    }
    shape.setAttribute("aria-pressed", chosen.has(area) ? "true" : "false");
    shape.onclick = () => setTriggerValue("clicked", area);
    shape.onkeydown = (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        setTriggerValue("clicked", area);
      }
    };
  });
  parentElement.querySelectorAll("[data-label]").forEach((label) => {
    label.classList.toggle("chosen", chosen.has(label.getAttribute("data-label")));
  });
}
"""


@st.cache_resource(show_spinner=False)
def _body_map_component() -> Callable[..., object]:
    # Registered once per process: re-registering on every run would remount it.
    from hipdash.bodymap import body_map_svg

    return st.components.v2.component(
        "hipdash_body_map", html=body_map_svg(), css=_BODY_MAP_CSS, js=_BODY_MAP_JS
    )


def body_map(
    key: str, *, selected: Iterable[str] = (), fills: Mapping[str, str] | None = None
) -> None:
    """Render the body map for looking only: chosen areas filled, or coloured by ``fills``."""
    _body_map_component()(
        key=key, data={"selected": list(selected), "fills": dict(fills or {}), "static": True}
    )


def _toggle_from_map(prefix: str) -> None:
    result = st.session_state.get(f"{prefix}_map")
    area = result.get("clicked") if result else None
    if area not in AREAS:
        return
    chosen: list[str] = st.session_state[f"{prefix}_chosen_areas"]
    st.session_state[f"{prefix}_chosen_areas"] = (
        [a for a in chosen if a != area] if area in chosen else [*chosen, area]
    )


def _copy_pills(prefix: str) -> None:
    st.session_state[f"{prefix}_chosen_areas"] = list(st.session_state[f"{prefix}_areas"])


def area_picker(
    prefix: str, *, map_slot: object, label: str = "Where does it feel tense?"
) -> list[str]:
    """Render the clickable body map in ``map_slot`` and an area list here, kept in sync.

    The chosen areas live in ``st.session_state[f"{prefix}_chosen_areas"]``.
    """
    chosen_key = f"{prefix}_chosen_areas"
    st.session_state.setdefault(chosen_key, [])
    # Streamlit forgets widget state on other pages, so the list is primed
    # from the kept value on every run.
    st.session_state[f"{prefix}_areas"] = list(st.session_state[chosen_key])
    st.pills(
        label,
        list(AREAS),
        # Every option is a key of AREAS; unlike .get, [] is typed to always give a str.
        format_func=AREAS.__getitem__,
        selection_mode="multi",
        wrap=True,
        key=f"{prefix}_areas",
        on_change=_copy_pills,
        args=(prefix,),
    )
    with map_slot:  # type: ignore[attr-defined]
        _body_map_component()(
            key=f"{prefix}_map",
            data={"selected": list(st.session_state[chosen_key])},
            on_clicked_change=partial(_toggle_from_map, prefix),
        )
        st.caption("Click a region to choose it; click it again to clear it.")
    return list(st.session_state[chosen_key])
