"""Hold what the Session page shows between reruns as one value, with its transitions.

The page keeps a ``SessionScreen`` under one session-state key (as ``to_dict()``), so its
stages are plain to see: choosing a routine, running it, and the saved result. Widgets keep
their own keys; this holds only what the page itself decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from hipdash.records import RoutineStep
from hipdash.session_flow import ActiveSession, steps_from_plain, steps_to_plain
from hipdash.timer import Timer

Stage = Literal["choose", "run", "saved"]


@dataclass(frozen=True)
class SessionScreen:
    """The Session page's own state: the routine on the page and the session it runs."""

    steps: tuple[RoutineStep, ...] = ()
    routine_name: str = ""
    # Where the routine came from ("queue:<ids>", "built_in:<id>", "saved:<id>", "builder").
    loaded_from: str | None = None
    timer: Timer | None = None
    session_id: str | None = None
    # The timer as this tab last kept it in the session file, to notice another tab's writes.
    kept_timer: Mapping[str, Any] | None = None
    before: Mapping[str, int] = field(default_factory=dict)
    before_at: float | None = None
    rated_areas: tuple[str, ...] = ()
    notice: str | None = None
    # The saved session's summary while its result is shown.
    saved: Mapping[str, Any] | None = None
    # What the routine builder said last, as (kind of message, text).
    builder_note: tuple[str, str] | None = None

    @property
    def stage(self) -> Stage:
        """Return which stage the page is in: choose a routine, run it, or its saved result."""
        if self.saved is not None:
            return "saved"
        return "choose" if self.timer is None else "run"

    # -- the routine ---------------------------------------------------------------------

    def loaded(self, steps: Iterable[RoutineStep], name: str, loaded_from: str) -> SessionScreen:
        """Return the screen with a routine loaded from ``loaded_from``."""
        return replace(self, steps=tuple(steps), routine_name=name, loaded_from=loaded_from)

    def edited(self, steps: Iterable[RoutineStep]) -> SessionScreen:
        """Return the screen with the routine's steps changed, its name and source kept."""
        return replace(self, steps=tuple(steps))

    def renamed(self, name: str, loaded_from: str) -> SessionScreen:
        """Return the screen once the routine is saved under ``name``."""
        return replace(self, routine_name=name, loaded_from=loaded_from)

    # -- the session -----------------------------------------------------------------------

    def ready(
        self,
        timer: Timer,
        session_id: str,
        areas: Iterable[str],
        before: Mapping[str, int],
        before_at: float | None,
    ) -> SessionScreen:
        """Return the screen with a new session ready to start, its before-ratings taken."""
        return replace(
            self,
            timer=timer,
            session_id=session_id,
            kept_timer=None,
            before=dict(before),
            before_at=before_at,
            rated_areas=tuple(areas),
        )

    def resumed(self, active: ActiveSession, kept_timer: Mapping[str, Any]) -> SessionScreen:
        """Return the screen running an unfinished session taken over from the session file."""
        return replace(
            self.ready(active.timer, active.session_id, active.areas, active.before, None),
            kept_timer=kept_timer,
            routine_name=active.routine_name,
            before_at=active.before_at,
        )

    def active(self) -> ActiveSession:
        """Return the running session as the resumable copy the session file keeps."""
        if self.timer is None or self.session_id is None:
            raise ValueError("no session is running")
        return ActiveSession(
            session_id=self.session_id,
            routine_name=self.routine_name,
            timer=self.timer,
            areas=self.rated_areas,
            before=dict(self.before),
            before_at=self.before_at,
        )

    def stopped(self, notice: str | None = None) -> SessionScreen:
        """Return the screen with no session running, and ``notice`` to say why if given."""
        return replace(self, timer=None, notice=notice if notice is not None else self.notice)

    def saved_as(self, summary: Mapping[str, Any]) -> SessionScreen:
        """Return the screen showing a saved session's result."""
        return replace(self, timer=None, saved=dict(summary))

    def started_over(self) -> SessionScreen:
        """Return the screen back at choosing a routine after a result."""
        return replace(self, timer=None, saved=None)

    # -- plain values for session state ------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return the screen as plain values that session state can hold."""
        return {
            "steps": steps_to_plain(self.steps),
            "routine_name": self.routine_name,
            "loaded_from": self.loaded_from,
            "timer": None if self.timer is None else self.timer.to_dict(),
            "session_id": self.session_id,
            "kept_timer": None if self.kept_timer is None else dict(self.kept_timer),
            "before": dict(self.before),
            "before_at": self.before_at,
            "rated_areas": list(self.rated_areas),
            "notice": self.notice,
            "saved": None if self.saved is None else dict(self.saved),
            "builder_note": None if self.builder_note is None else list(self.builder_note),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionScreen:
        """Rebuild a screen from ``to_dict`` output; raise ValueError if it is malformed."""
        timer = data.get("timer")
        note = data.get("builder_note")
        return cls(
            steps=tuple(steps_from_plain(data.get("steps", ()))),
            routine_name=str(data.get("routine_name", "")),
            loaded_from=data.get("loaded_from"),
            timer=None if timer is None else Timer.from_dict(timer),
            session_id=data.get("session_id"),
            kept_timer=data.get("kept_timer"),
            before=dict(data.get("before") or {}),
            before_at=data.get("before_at"),
            rated_areas=tuple(data.get("rated_areas", ())),
            notice=data.get("notice"),
            saved=data.get("saved"),
            builder_note=None if note is None else (str(note[0]), str(note[1])),
        )
