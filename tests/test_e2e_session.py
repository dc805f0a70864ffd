"""End to end in headless Chromium: guided sessions run by the browser's clock, hands-free."""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hipdash.catalog import load_catalog
from hipdash.plan import build_plan
from hipdash.records import RoutineStep
from hipdash.session_flow import countdown_text
from hipdash.sidecar import SessionSidecar
from hipdash.speech import spoken_script
from hipdash.timer import Timer
from tests.support import ROOT, playwright_expect, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser
CATALOG = load_catalog()
# Both are glute yoga poses, so one Explore filter shows them; at the live app's 0.1 time
# scale the whole session takes about 21 s, the first hold 6 s.
FIRST, SECOND = "glute-happy-baby", "glute-supported-pigeon"
RED_FLAG = "Sharp pain, numbness or tingling: stop"
STEP_LINE = re.compile(r"^Step \d+ of \d+ · ")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1200, "height": 900}
# The hands-free run is slow enough for "3, 2, 1" and "Halfway" to be said.
HANDS_FREE_SCALE = 0.2
HANDS_FREE = [SECOND, "box-breathing-seated"]
# Records what the page says and when it holds the screen awake, instead of doing it.
STUBS = """
(() => {
  window.__spoken = [];
  window.__wake = [];
  const voice = { name: "Test voice", lang: "en-GB", default: true, localService: true };
  const synth = {
    speaking: false, pending: false, paused: false,
    getVoices: () => [voice],
    speak: (utterance) => { window.__spoken.push(utterance.text); },
    cancel: () => {}, pause: () => {}, resume: () => {},
    addEventListener: () => {}, removeEventListener: () => {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  Object.defineProperty(navigator, "wakeLock", {
    configurable: true,
    value: {
      request: async (kind) => {
        window.__wake.push("request:" + kind);
        return { release: async () => { window.__wake.push("release"); },
                 addEventListener: () => {} };
      },
    },
  });
})();
"""


def _first_work_label(technique_ids: list[str]) -> str:
    """Return what the runner names the first timed part of a queue run at its catalog dose."""
    steps = [RoutineStep(t, sets=CATALOG.get(t).dose.sets) for t in technique_ids]
    return next(p.label for p in build_plan(steps, CATALOG).phases if p.kind == "work")


def _sidecar(db: Path) -> SessionSidecar:
    return SessionSidecar(db)


def _button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def _countdown(page) -> int:
    """Return the big countdown in seconds."""
    minutes, seconds = page.get_by_role("timer").inner_text().strip().split(":")
    return int(minutes) * 60 + int(seconds)


@contextlib.contextmanager
def _session_page(
    browser,
    db: Path,
    queue: list[str],
    *,
    viewport: dict[str, int] = DESKTOP,
    init_script: str = STUBS,
    clock: bool = False,
    **context_options,
):
    """Queue ``queue``, then yield a fresh browser page (closed afterwards) to run it in.

    ``clock`` installs Playwright's fake clock at the real time, for tests that move it.
    """
    _sidecar(db).set_queue(queue)
    context = browser.new_context(viewport=viewport, **context_options)
    context.add_init_script(init_script)
    page = context.new_page()
    page.set_default_timeout(20_000)
    if clock:
        page.clock.install(time=time.time())
    try:
        yield page
    finally:
        context.close()


def _get_ready_unrated(page, url: str) -> None:
    """Open the Session page on the queued routine and get ready without a rating."""
    page.goto(f"{url}/session")
    wait_until_idle(page)
    page.get_by_role("button", name="Skip rating").click()


def _start_unrated(page, url: str, queue: list[str]) -> None:
    """Get the queued routine ready without a rating and start it: its first hold shows."""
    _get_ready_unrated(page, url)
    _button(page, "Start").click()
    playwright_expect()(page.get_by_text(_first_work_label(queue), exact=True)).to_be_visible()


def _save_unrated(page) -> None:
    """Save the ended session without an after-rating; the result shows."""
    page.get_by_role("button", name="Save without rating").click()
    playwright_expect()(page.get_by_text("Session saved ·", exact=False)).to_be_visible()


def _stop_and_save(page) -> None:
    """Stop the running session early and save it without an after-rating."""
    _button(page, "Stop").click()
    _save_unrated(page)


def _stored_sessions(db: Path) -> list[dict]:
    return list(json.loads(db.read_text()).get("sessions", {}).values())


def _in_view(page, locator) -> bool:
    try:
        box = locator.bounding_box(timeout=1_000)
    except Exception:  # noqa: BLE001 - gone from the page counts as not in view
        return False
    viewport = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= viewport["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
    )


# True when the focused element, looked for inside shadow roots too, reads ``name``.
FOCUSED_IS = """(name) => {
    let active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) {
        active = active.shadowRoot.activeElement;
    }
    return Boolean(active) && active.textContent.trim() === name;
}"""


def test_a_queued_session_runs_pauses_advances_and_counts_on_progress(
    live_app: str, live_db: Path, page
) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore?area=glutes&modality=yoga")
    for technique_id in (FIRST, SECOND):
        page.locator(f'.explore-card[data-id="{technique_id}"] .card-add').click()
        expect(page.locator(f'.explore-card[data-id="{technique_id}"] .card-add')).to_be_disabled()
    expect(page.get_by_text("Session queue: 2 techniques")).to_be_visible()

    # The queue lives in the session file: a reload keeps it.
    page.reload()
    expect(page.get_by_text("Session queue: 2 techniques")).to_be_visible()
    page.get_by_role("link", name="Session", exact=True).click()
    wait_until_idle(page)
    expect(page.get_by_text("1. Happy baby pose", exact=False)).to_be_visible()
    expect(_button(page, "Use my queue")).to_have_count(0)
    glutes = page.get_by_role("slider", name="Glutes")
    glutes.focus()
    glutes.press("ArrowRight")
    page.get_by_role("button", name="Save ratings and get ready").click()

    # "Get ready" shows how to get into position before anything starts.
    expect(page.get_by_text("Get into position: Happy baby pose")).to_be_visible()
    expect(page.locator(".setup").get_by_text(CATALOG.get(FIRST).steps[0])).to_be_visible()
    _button(page, "Start").click()
    expect(page.get_by_text(_first_work_label([FIRST]), exact=True)).to_be_visible()
    first = _countdown(page)
    time.sleep(1.6)
    assert _countdown(page) < first, "the countdown falls while running"

    _button(page, "Pause").click()
    expect(_button(page, "Resume")).to_be_visible()
    assert page.evaluate(FOCUSED_IS, "Resume"), "focus stays on the control just used"
    frozen = _countdown(page)
    time.sleep(2.0)
    assert _countdown(page) == frozen, "a paused countdown holds still"
    _button(page, "Resume").click()

    # No button pressed: the runner moves on to the next step by itself.
    expect(page.get_by_text("Step 2 of 2", exact=False)).to_be_visible(timeout=15_000)
    _button(page, "Next technique").click()

    expect(page.get_by_text("How tense is it now?")).to_be_visible()
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session saved ·", exact=False)).to_be_visible()

    sessions = _stored_sessions(live_db)
    assert [s["routine_name"] for s in sessions] == ["Your queue"]
    assert [step["status"] for step in sessions[0]["steps"]] == ["done", "skipped"]
    assert sessions[0]["before_checkin_ids"] and sessions[0]["after_checkin_ids"]
    # The technique done leaves the queue; the skipped one stays for next time.
    expect(page.get_by_text("Session queue: 1 technique")).to_be_visible()

    page.get_by_role("link", name="Progress", exact=True).click()
    wait_until_idle(page)
    sessions_metric = page.locator('[data-testid="stMetric"]').filter(has_text="Sessions")
    expect(sessions_metric.locator('[data-testid="stMetricValue"]')).to_have_text("1")


@pytest.fixture(scope="module")
def hands_free_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Serve app.py at a time scale slow enough for every kind of spoken cue."""
    db = tmp_path_factory.mktemp("hands_free") / "hipdash.json"
    env = {"HIPDASH_DB": str(db), "HIPDASH_TEST_TIME_SCALE": str(HANDS_FREE_SCALE)}
    with streamlit_server(ROOT / "app.py", log_dir=db.parent, env=env) as server:
        yield server.url, db


def test_a_routine_runs_hands_free_on_a_phone_with_voice_keys_and_the_screen_kept_on(
    hands_free_app: tuple[str, Path], browser
) -> None:
    expect = playwright_expect()
    url, db = hands_free_app
    with _session_page(browser, db, HANDS_FREE, viewport=PHONE, has_touch=True) as page:
        _get_ready_unrated(page, url)
        expect(_button(page, "Start")).to_be_visible()
        timer, flag = page.get_by_role("timer"), _button(page, RED_FLAG)
        expect(page.get_by_text("Keys: Space pause or resume", exact=False)).to_be_visible()
        for target in (_button(page, "Start"), flag):
            box = target.bounding_box()
            assert box is not None and box["height"] >= 44, "touch targets are at least 44 px"

        # The runner takes focus when it appears, so Space works at once.
        page.wait_for_function(FOCUSED_IS, arg="Start")
        page.keyboard.press("Space")
        expect(_button(page, "Pause")).to_be_visible()

        expect(page.get_by_text(_first_work_label(HANDS_FREE), exact=True)).to_be_visible()
        page.wait_for_function("() => window.__wake.join() === 'request:screen'")

        page.keyboard.press("Space")
        expect(_button(page, "Resume")).to_be_visible()

        expect(page.get_by_text("(paused)", exact=False)).to_be_visible()
        # Pausing lets the screen sleep again.
        page.wait_for_function("() => window.__wake.at(-1) === 'release'")
        frozen = timer.inner_text()
        time.sleep(1.5)
        assert timer.inner_text() == frozen
        page.keyboard.press("Space")
        expect(_button(page, "Pause")).to_be_visible()

        # Hands off: check the essentials stay on screen until the after-rating shows.
        ended = page.get_by_text("How tense is it now?")
        deadline = time.monotonic() + 120
        while ended.count() == 0 and time.monotonic() < deadline:
            seen = [
                _in_view(page, timer),
                _in_view(page, flag),
                _in_view(page, page.get_by_text(STEP_LINE)),
                _in_view(page, _button(page, "Pause")),
            ]
            # Not measured while the page swaps the runner for the end.
            if ended.count() == 0 and timer.count() == 1:
                assert seen == [True] * 4, f"countdown, flag, part, main control: {seen}"
            time.sleep(0.4)
        expect(ended).to_be_visible()

        plan = build_plan(
            [RoutineStep(t, sets=CATALOG.get(t).dose.sets) for t in HANDS_FREE],
            CATALOG,
            time_scale=HANDS_FREE_SCALE,
        )
        expected = [utterance.text for utterance in spoken_script(plan, CATALOG)]
        assert any(text == "Halfway." for text in expected)
        assert any(text.startswith("Switch sides.") for text in expected)
        assert page.evaluate("window.__spoken") == expected
        _save_unrated(page)


def test_the_countdown_is_right_at_once_after_a_minute_in_the_background(
    live_app: str, live_db: Path, browser
) -> None:
    # Long enough that a minute away lands in a later part, not after the end.
    queue = ["hip-flexor-constructive-rest", "glute-squeeze-and-soften", "outer-hip-clamshell"]
    with _session_page(browser, live_db, queue, clock=True) as page:
        _start_unrated(page, live_app, queue)
        kept = _sidecar(live_db).read().active
        assert kept is not None and kept["timer"]["state"] == "running"

        # Hidden for a minute: Chromium throttles the page's timers; each fires at most once.
        page.evaluate(
            """() => {
                Object.defineProperty(document, "visibilityState",
                    { value: "hidden", configurable: true });
                document.dispatchEvent(new Event("visibilitychange"));
            }"""
        )
        said_before = len(page.evaluate("window.__spoken"))
        hidden_at = page.evaluate("Date.now() / 1000")
        page.clock.fast_forward(60_000)
        page.evaluate(
            """() => {
                Object.defineProperty(document, "visibilityState",
                    { value: "visible", configurable: true });
                document.dispatchEvent(new Event("visibilitychange"));
            }"""
        )
        shown = page.get_by_role("timer").inner_text().strip()
        browser_now = page.evaluate("Date.now() / 1000")
        timer = Timer.from_dict(kept["timer"])
        # What the timing core says for this clock reading, or a tick (0.2 s) before it.
        right = {countdown_text(timer.remaining_in_phase(browser_now - lag)) for lag in (0, 0.3)}
        assert browser_now - hidden_at >= 60
        assert shown in right, (shown, right)
        # A minute on, the session is well into a later part, and the page says which.
        assert timer.current_phase_index(browser_now) > timer.current_phase_index(hidden_at)
        assert page.locator(".part").inner_text() == timer.current_phase(browser_now).label
        said = page.evaluate("window.__spoken")[said_before:]
        assert len(said) <= 1, f"only the latest cue sounds after the gap, not {said}"
        _stop_and_save(page)


def test_voice_settings_are_remembered_and_a_browser_without_speech_is_told_plainly(
    live_app: str, live_db: Path, browser
) -> None:
    expect = playwright_expect()
    # A browser without the Web Speech API.
    no_speech = "delete window.speechSynthesis;"
    with _session_page(browser, live_db, [FIRST], viewport=PHONE, init_script=no_speech) as page:
        for visit in range(2):
            _get_ready_unrated(page, live_app)
            voice = page.get_by_role("switch", name="Speak the session")
            speed = page.get_by_role("slider", name="Speed")
            expect(page.get_by_text("This browser has no speech", exact=False)).to_be_visible()
            if visit == 0:
                expect(voice).to_be_checked()
                voice.uncheck()
                speed.fill("1.3")
                speed.dispatch_event("change")
            else:
                # A new browser session: the choices were kept in this browser.
                expect(voice).not_to_be_checked()
                expect(speed).to_have_value("1.3")


def test_the_runner_shows_what_the_timing_core_and_the_pacer_say_at_each_moment(
    live_app: str, live_db: Path, browser
) -> None:
    import math

    from hipdash.pacer import DEFAULT_PATTERN, breath_at

    with _session_page(browser, live_db, [SECOND], clock=True) as page:
        _start_unrated(page, live_app, [SECOND])
        timer = Timer.from_dict(_sidecar(live_db).read().active["timer"])
        # Python's clock API takes seconds since the epoch.
        page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 0.2)
        words = {"inhale": "Breathe in", "hold": "Hold", "exhale": "Breathe out"}
        for step_ms in (0, 600, 1100, 1900, 2500):
            page.clock.run_for(step_ms)
            # Draw now, at this exact clock reading, as on coming back to the tab.
            page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
            now = page.evaluate("Date.now() / 1000")
            phase = timer.current_phase(now)
            assert page.get_by_role("timer").inner_text() == countdown_text(
                timer.remaining_in_phase(now)
            )
            assert page.locator(".part").inner_text() == phase.label
            bar = page.get_by_role("progressbar", name="This part")
            assert bar.get_attribute("aria-valuenow") == str(round(timer.phase_fraction(now) * 100))
            if phase.kind == "work":
                start = timer.plan.boundaries[timer.current_phase_index(now)]
                breath = breath_at(timer.position(now) - start, DEFAULT_PATTERN)
                left = math.ceil(round(breath.seconds_left, 6))
                assert page.locator(".breath").inner_text() == f"{words[breath.stage]} · {left}"
        page.clock.resume()
        _stop_and_save(page)
