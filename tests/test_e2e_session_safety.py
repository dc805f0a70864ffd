"""End to end in headless Chromium: the red-flag stop, reload and resume, built-in routines."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from hipdash.catalog import load_catalog
from hipdash.durations import duration_text
from hipdash.plan import build_plan
from hipdash.routines import Routine, get_built_in
from tests.support import LIVE_APP_TIME_SCALE, playwright_expect, wait_until_idle

pytestmark = pytest.mark.browser
CATALOG = load_catalog()


def _built_in(routine_id: str) -> Routine:
    routine = get_built_in(routine_id)
    assert routine is not None, routine_id
    return routine


# Evening wind-down opens with a 120 s hold, 12 s at the live app's time scale: long
# enough to reload the page and resume inside it.
CALM = _built_in("evening-wind-down")
# Desk-day hip reset takes about a minute at that scale.
DESK = _built_in("desk-day-hip-reset")


def _name(technique_id: str) -> str:
    technique = CATALOG.get(technique_id)
    assert technique is not None, technique_id
    return technique.name


# -- the live app's database ------------------------------------------------------------


def _data(live_db: Path) -> dict:
    # The store writes the file atomically, so a read never sees half a write.
    return json.loads(live_db.read_text()) if live_db.exists() else {}


def _sessions(live_db: Path) -> dict[str, dict]:
    """Return the stored sessions by their id."""
    return {s["id"]: s for s in _data(live_db).get("sessions", {}).values()}


def _active_session(live_db: Path) -> dict | None:
    """Return the unfinished session the session file keeps for a reload, or None."""
    path = live_db.with_name(live_db.stem + ".session.json")
    # The file is written atomically, so a read never sees half a write.
    return json.loads(path.read_text()).get("active") if path.exists() else None


@pytest.fixture(autouse=True)
def _no_unfinished_session_left(live_db: Path, page, live_app: str):
    """Let no test leave an unfinished session behind for the next one to trip over."""
    assert _active_session(live_db) is None, "an earlier test left an unfinished session"
    yield
    if _active_session(live_db) is not None:
        # The test failed half-way; discard the session through the page.
        page.goto(f"{live_app}/session")
        page.locator(".st-key-session_discard_active button").click()
        playwright_expect()(page.locator(".st-key-session_discard_active")).to_have_count(0)


# -- driving the Session page -----------------------------------------------------------


RED_FLAG = "Sharp pain, numbness or tingling: stop"


def _button(page, name: str):
    """Return the runner's (or the page's) button with exactly this name."""
    return page.get_by_role("button", name=name, exact=True)


def _countdown(page) -> int:
    """Return the big countdown in seconds."""
    text = page.get_by_role("timer").inner_text().strip()
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def _session_left(page) -> int:
    """Return the seconds left in the whole session, from the progress bar's label."""
    text = page.get_by_text(re.compile(r"^Whole session · \d+:\d\d left$")).inner_text()
    minutes, seconds = re.search(r"(\d+):(\d\d)", text).groups()
    return int(minutes) * 60 + int(seconds)


def _choose_built_in(page, live_app: str, routine: Routine) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/session")
    wait_until_idle(page)
    use = page.locator(f".st-key-session_use_{routine.id} button")
    use.click()
    # The card's button turns into a disabled "Chosen" once the routine is loaded.
    expect(use).to_be_disabled()
    expect(use).to_contain_text("Chosen")
    wait_until_idle(page)


def _start(page, live_app: str, routine: Routine) -> None:
    """Choose a built-in routine, skip the rating, start it and wait for its first hold."""
    expect = playwright_expect()
    _choose_built_in(page, live_app, routine)
    page.get_by_role("button", name="Skip rating").click()
    _button(page, "Start").click()
    expect(_button(page, "Pause")).to_be_visible()


def _stop_and_save(page) -> None:
    """End a running session with Stop and save it without the after-rating."""
    expect = playwright_expect()
    _button(page, "Stop").click()
    page.get_by_role("button", name="Save without rating").click()
    expect(page.get_by_text("Session saved · Stopped early", exact=False)).to_be_visible()


# -- the journeys -----------------------------------------------------------------------


def test_the_red_flag_button_ends_the_session_at_once_shows_stop_guidance_and_stores_why(
    live_app: str, page, live_db: Path
) -> None:
    expect = playwright_expect()
    before = set(_sessions(live_db))
    _start(page, live_app, CALM)
    expect(page.get_by_text("Hold", exact=True)).to_be_visible()

    _button(page, RED_FLAG).click()

    # At once: no after-rating, no runner; the guidance and the saved session show.
    guidance = page.locator('[data-testid="stAlertContentError"]')
    expect(guidance).to_contain_text("Stop now and do not push through.")
    expect(guidance).to_contain_text("see a doctor or physiotherapist")
    expect(page.get_by_text("Sharp, stabbing or electric pain.", exact=False)).to_be_visible()
    saved = "Session saved · Stopped for sharp pain, numbness or tingling"
    expect(page.get_by_text(saved, exact=False)).to_be_visible()
    wait_until_idle(page)
    expect(page.get_by_role("timer")).to_have_count(0)
    expect(_button(page, RED_FLAG)).to_have_count(0)
    expect(page.get_by_text("How tense is it now?")).to_have_count(0)

    new = [s for sid, s in _sessions(live_db).items() if sid not in before]
    assert len(new) == 1, new
    stored = new[0]
    assert stored["stop_reason"] == "red_flag"
    assert stored["routine_name"] == CALM.name
    # Stopped inside the first hold: that step counts as skipped, the rest never began.
    assert [step["status"] for step in stored["steps"]] == ["skipped"] + ["not_reached"] * (
        len(CALM.steps) - 1
    )
    assert stored["after_checkin_ids"] == []
    assert _active_session(live_db) is None, "a red-flag stop leaves nothing to resume"


def test_after_a_reload_the_running_session_can_be_resumed_and_kept_counting_meanwhile(
    live_app: str, page, live_db: Path
) -> None:
    expect = playwright_expect()
    _start(page, live_app, CALM)
    expect(page.get_by_text("Hold", exact=True)).to_be_visible()
    kept = _active_session(live_db)
    assert kept is not None and kept["routine_name"] == CALM.name
    hold_left, session_left, read_at = _countdown(page), _session_left(page), time.monotonic()
    time.sleep(2.0)  # let it run a little

    page.reload()
    offer = page.locator(".st-key-session_resume_active button")
    expect(offer).to_be_visible()
    expect(page.get_by_text("You have an unfinished session")).to_be_visible()
    expect(page.get_by_text(f"Routine: {CALM.name}", exact=True)).to_be_visible()
    expect(page.get_by_text("(still running;", exact=False)).to_be_visible()
    offer.click()

    # The timer runs on the wall clock: the hold went on counting during the reload.
    expect(page.get_by_text("Hold", exact=True)).to_be_visible()
    expect(_button(page, "Pause")).to_be_visible()
    wait_until_idle(page)
    first_step = f"Step 1 of {len(CALM.steps)} · {_name(CALM.steps[0].technique_id)}"
    expect(page.get_by_text(first_step, exact=True)).to_be_visible()
    hold_now, session_now = _countdown(page), _session_left(page)
    passed = time.monotonic() - read_at
    assert passed > 2.0
    # Countdowns show whole seconds rounded up and refresh twice a second.
    assert abs((hold_left - hold_now) - passed) <= 1.6, (hold_left, hold_now, passed)
    assert abs((session_left - session_now) - passed) <= 1.6, (session_left, session_now, passed)

    _stop_and_save(page)
    # The resumed session is the one that was started, saved once under its own id.
    stored = _sessions(live_db)[kept["session_id"]]
    assert stored["stop_reason"] == "stopped_early"
    assert stored["routine_name"] == CALM.name
    assert _active_session(live_db) is None


def test_after_a_reload_discarding_the_session_saves_it_as_stopped_early_and_forgets_it(
    live_app: str, page, live_db: Path
) -> None:
    expect = playwright_expect()
    _start(page, live_app, CALM)
    kept = _active_session(live_db)
    assert kept is not None

    page.reload()
    discard = page.locator(".st-key-session_discard_active button")
    expect(discard).to_be_visible()
    discard.click()

    expect(page.get_by_text("The unfinished session was saved as stopped early.")).to_be_visible()
    expect(page.get_by_text("1 · Choose a routine")).to_be_visible()
    wait_until_idle(page)
    expect(page.locator(".st-key-session_resume_active")).to_have_count(0)
    assert _active_session(live_db) is None
    stored = _sessions(live_db)[kept["session_id"]]
    assert stored["stop_reason"] == "stopped_early"
    assert stored["routine_name"] == CALM.name

    # Forgotten for good: another reload offers nothing to resume.
    page.reload()
    expect(page.get_by_text("1 · Choose a routine")).to_be_visible()
    wait_until_idle(page)
    expect(page.get_by_text("You have an unfinished session")).to_have_count(0)
    expect(page.locator(".st-key-session_resume_active")).to_have_count(0)


def test_a_built_in_routine_lists_its_steps_and_total_time_and_starts_at_its_first_step(
    live_app: str, page, live_db: Path
) -> None:
    expect = playwright_expect()
    names = [_name(step.technique_id) for step in DESK.steps]
    planned = duration_text(
        build_plan(DESK.steps, CATALOG, time_scale=LIVE_APP_TIME_SCALE).total_seconds
    )
    _choose_built_in(page, live_app, DESK)

    expect(page.get_by_text(f"Routine: {DESK.name}", exact=True)).to_be_visible()
    for number, name in enumerate(names, start=1):
        row = re.compile(rf"^{number}\. {re.escape(name)}\s")
        expect(page.get_by_text(row)).to_be_visible()
    total = page.locator('[data-testid="stMetric"]').filter(has_text="Planned time")
    expect(total.locator('[data-testid="stMetricValue"]')).to_have_text(planned)

    page.get_by_role("button", name="Skip rating").click()
    _button(page, "Start").click()
    expect(_button(page, "Pause")).to_be_visible()
    expect(page.get_by_text(f"Step 1 of {len(names)} · {names[0]}", exact=True)).to_be_visible()

    _stop_and_save(page)


def test_a_session_discarded_in_another_tab_stops_in_the_first_and_is_saved_once(
    live_app: str, page, browser, live_db: Path
) -> None:
    expect = playwright_expect()
    _start(page, live_app, CALM)
    kept = _active_session(live_db)
    assert kept is not None
    # A second tab with its own browser session, as after opening the app again.
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        second = other.new_page()
        second.goto(f"{live_app}/session")
        second.locator(".st-key-session_discard_active button").click()
        expect(
            second.get_by_text("The unfinished session was saved as stopped early.")
        ).to_be_visible()
    finally:
        other.close()

    # The first tab hands over as soon as it acts: it stops its countdown and says why.
    _button(page, "Pause").click()
    expect(page.get_by_text("This session was ended and saved in another tab.")).to_be_visible()
    wait_until_idle(page)
    expect(page.get_by_role("timer")).to_have_count(0)
    assert _sessions(live_db)[kept["session_id"]]["stop_reason"] == "stopped_early"
    assert _active_session(live_db) is None
