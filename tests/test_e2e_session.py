"""End to end in headless Chromium: a guided session from the Explore queue to Progress."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.support import playwright_expect, wait_until_idle

pytestmark = pytest.mark.browser
# Both are glute yoga poses, so one Explore filter shows them; at the live app's 0.1 time
# scale the whole session takes about 21 s, the first hold 6 s.
FIRST, SECOND = "glute-happy-baby", "glute-supported-pigeon"


def _countdown(page) -> int:
    """Return the big countdown in seconds."""
    text = page.locator(".st-key-session_countdown .hd-countdown").inner_text().strip()
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def _stored_sessions(db: Path) -> list[dict]:
    return list(json.loads(db.read_text()).get("sessions", {}).values())


def test_a_queued_session_runs_pauses_advances_and_counts_on_progress(
    live_app: str, live_db: Path, page
) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore?area=glutes&modality=yoga")
    for technique_id in (FIRST, SECOND):
        page.locator(f".st-key-explore_add_{technique_id} button").click()
        expect(page.locator(f".st-key-explore_add_{technique_id} button")).to_be_disabled()
    expect(page.get_by_text("Session queue: 2 techniques")).to_be_visible()

    # The sidebar link keeps this browser session, and with it the queue.
    page.get_by_role("link", name="Session", exact=True).click()
    wait_until_idle(page)
    expect(page.get_by_text("1. Happy baby pose")).to_be_visible()
    glutes = page.get_by_role("slider", name="Glutes")
    glutes.focus()
    glutes.press("ArrowRight")
    page.get_by_role("button", name="Save ratings and get ready").click()
    page.locator(".st-key-session_start button").click()

    # The hold of step 1 begins after a one-second get-ready.
    expect(page.get_by_text("Hold", exact=True)).to_be_visible()
    first = _countdown(page)
    time.sleep(1.6)
    assert _countdown(page) < first, "the countdown falls while running"

    page.locator(".st-key-session_pause button").click()
    expect(page.locator(".st-key-session_resume button")).to_be_visible()
    frozen = _countdown(page)
    time.sleep(2.0)
    assert _countdown(page) == frozen, "a paused countdown holds still"
    page.locator(".st-key-session_resume button").click()

    # No button pressed: the runner moves on to the next step by itself.
    expect(page.get_by_text("Step 2 of 2", exact=False)).to_be_visible(timeout=15_000)
    page.locator(".st-key-session_skip button").click()

    expect(page.get_by_text("How tense is it now?")).to_be_visible()
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session saved ·", exact=False)).to_be_visible()

    sessions = _stored_sessions(live_db)
    assert [s["routine_name"] for s in sessions] == ["Your queue"]
    assert [step["status"] for step in sessions[0]["steps"]] == ["done", "skipped"]
    assert sessions[0]["before_checkin_ids"] and sessions[0]["after_checkin_ids"]

    page.get_by_role("link", name="Progress", exact=True).click()
    wait_until_idle(page)
    sessions_metric = page.locator('[data-testid="stMetric"]').filter(has_text="Sessions")
    expect(sessions_metric.locator('[data-testid="stMetricValue"]')).to_have_text("1")
