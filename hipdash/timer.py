"""Run a session plan as an immutable wall-clock timer with pause, skip, back and stop."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from hipdash.plan import Phase, Plan
from hipdash.records import STOP_REASONS, StepOutcome

RUN_STATES = ("idle", "running", "paused", "stopped")
# Pressing back this early in a step means "the previous one", as in music players.
BACK_GRACE_SECONDS = 3.0
STATE_VERSION = 1


class TimerStateError(ValueError):
    """Stored timer state cannot be read back."""


@dataclass(frozen=True)
class Timer:
    """The state of a guided session; every event returns a new Timer.

    The position in the plan is derived from the wall clock ``now`` each time it is
    asked for, so slow or missed ticks never stretch a hold and a long session cannot
    drift. While running, position = ``anchor_offset + (now - anchor_at)``; while
    paused or stopped it stays at ``anchor_offset``.
    """

    plan: Plan
    state: str = "idle"
    started_at: float | None = None
    anchor_at: float | None = None
    anchor_offset: float = 0.0
    last_event_at: float | None = None
    jump_at: float | None = None
    jump_offset: float | None = None
    ended_at: float | None = None
    stop_reason: str | None = None
    step_active: tuple[float, ...] = field(default=())
    skipped: tuple[bool, ...] = field(default=())
    # The running stretch that the latest event ended, as (from_at, from_offset, to_at):
    # a cue inside it must still sound if a pause or skip lands between two ticks.
    last_run: tuple[float, float, float] | None = None

    def __post_init__(self) -> None:
        count = self.plan.step_count
        if len(self.step_active) != count:
            object.__setattr__(self, "step_active", (0.0,) * count)
        if len(self.skipped) != count:
            object.__setattr__(self, "skipped", (False,) * count)

    # -- events -------------------------------------------------------------------------

    def start(self, now: float) -> Timer:
        """Start the session at the first phase."""
        if self.state != "idle":
            return self
        return replace(
            self,
            state="running",
            started_at=now,
            anchor_at=now,
            anchor_offset=0.0,
            last_event_at=now,
            jump_at=now,
            jump_offset=0.0,
        )

    def pause(self, now: float) -> Timer:
        """Freeze the countdown; paused time never counts toward a hold."""
        if self.state != "running" or self.is_finished(now):
            return self
        return replace(self._settled(now), state="paused", anchor_at=None)

    def resume(self, now: float) -> Timer:
        """Continue a paused session from where it stopped."""
        if self.state != "paused" or self.is_finished(now):
            return self
        now = self._clamped(now)
        return replace(self, state="running", anchor_at=now, last_event_at=now)

    def skip(self, now: float) -> Timer:
        """Mark the current step skipped and jump to the start of the next one."""
        step = self._live_step(now)
        if step is None:
            return self
        settled = self._settled(now)
        skipped = tuple(flag or index == step for index, flag in enumerate(self.skipped))
        target = (
            self.plan.step_entries[step + 1]
            if step + 1 < self.plan.step_count
            else self.plan.total_seconds
        )
        return settled._jumped(now, target, skipped=skipped)

    def skip_phase(self, now: float) -> Timer:
        """Jump to the next phase, such as cutting a get-ready or a rest short."""
        settled, index = self._live_phase(now)
        if index is None:
            return settled
        return settled._jumped(now, self.plan.boundaries[index + 1])

    def back_phase(self, now: float) -> Timer:
        """Restart the current part, or go to the previous one in a part's first seconds."""
        settled, index = self._live_phase(now)
        if index is None:
            return settled
        boundaries = self.plan.boundaries
        into_phase = settled.anchor_offset - boundaries[index]
        target = index - 1 if into_phase < BACK_GRACE_SECONDS and index > 0 else index
        step = self.plan.phases[target].step_index
        # Going back into a step means doing it again, so its skip no longer stands.
        skipped = tuple(flag and number < step for number, flag in enumerate(self.skipped))
        return settled._jumped(now, boundaries[target], skipped=skipped)

    def back(self, now: float) -> Timer:
        """Restart the current step, or go to the previous one in a step's first seconds."""
        step = self._live_step(now)
        if step is None:
            return self
        settled = self._settled(now)
        into_step = settled.anchor_offset - self.plan.step_entries[step]
        target = step - 1 if into_step < BACK_GRACE_SECONDS and step > 0 else step
        # The person is redoing these steps, so an earlier skip no longer stands.
        skipped = tuple(flag and index < target for index, flag in enumerate(self.skipped))
        return settled._jumped(now, self.plan.step_entries[target], skipped=skipped)

    def stop(self, now: float, reason: str = "stopped_early") -> Timer:
        """End the session for ``reason`` (one of records.STOP_REASONS)."""
        if reason not in STOP_REASONS:
            raise ValueError(f"unknown stop reason {reason!r}; expected one of {STOP_REASONS}")
        if self.state == "stopped":
            return self
        if self.state == "idle":
            return replace(
                self, state="stopped", ended_at=now, last_event_at=now, stop_reason=reason
            )
        finished_at = self.finished_at()
        if finished_at is not None and finished_at <= now:
            now = finished_at
        settled = self._settled(now)
        return replace(
            settled,
            state="stopped",
            anchor_at=None,
            ended_at=settled.last_event_at,
            stop_reason=reason,
        )

    # -- queries ------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        """Return whether the countdown is moving (it may have reached the end)."""
        return self.state == "running"

    @property
    def is_paused(self) -> bool:
        """Return whether the session is paused."""
        return self.state == "paused"

    def position(self, now: float) -> float:
        """Return how far into the plan the session is, in plan seconds."""
        if self.state != "running" or self.anchor_at is None:
            return min(self.anchor_offset, self.plan.total_seconds)
        moved = max(0.0, now - self.anchor_at)
        return min(self.anchor_offset + moved, self.plan.total_seconds)

    def is_finished(self, now: float) -> bool:
        """Return whether the session was stopped or has played to its end."""
        if self.state == "stopped":
            return True
        return self.state != "idle" and self.position(now) >= self.plan.total_seconds

    def finished_at(self) -> float | None:
        """Return the wall time the session ended or will end if left running, else None."""
        if self.state == "stopped":
            return self.ended_at
        if self.state == "running" and self.anchor_at is not None:
            return self.anchor_at + max(0.0, self.plan.total_seconds - self.anchor_offset)
        if self.state == "paused" and self.anchor_offset >= self.plan.total_seconds:
            return self.last_event_at
        return None

    def current_phase_index(self, now: float) -> int | None:
        """Return the index of the phase under way, or None once the session is over."""
        if self.state == "stopped":
            return None
        return self._phase_index(self.position(now))

    def phase_index_at(self, offset: float) -> int | None:
        """Return the index of the phase at plan second ``offset``, or None at or past the end."""
        return self._phase_index(offset)

    def current_phase(self, now: float) -> Phase | None:
        """Return the phase under way, or None once the session is over."""
        index = self.current_phase_index(now)
        return None if index is None else self.plan.phases[index]

    def current_step_index(self, now: float) -> int | None:
        """Return the index of the routine step under way, or None once it is over."""
        phase = self.current_phase(now)
        return None if phase is None else phase.step_index

    def remaining_in_phase(self, now: float) -> float:
        """Return the seconds left in the current phase (0 once over)."""
        index = self.current_phase_index(now)
        if index is None:
            return 0.0
        return max(0.0, self.plan.boundaries[index + 1] - self.position(now))

    def remaining_seconds(self, now: float) -> float:
        """Return the planned seconds left in the whole session (0 once over)."""
        if self.state == "stopped":
            return 0.0
        return max(0.0, self.plan.total_seconds - self.position(now))

    def phase_fraction(self, now: float) -> float:
        """Return how much of the current phase has passed, 0.0 to 1.0."""
        index = self.current_phase_index(now)
        if index is None:
            return 1.0
        start, end = self.plan.boundaries[index], self.plan.boundaries[index + 1]
        return _fraction(self.position(now) - start, end - start)

    def session_fraction(self, now: float) -> float:
        """Return how much of the planned session has passed, 0.0 to 1.0."""
        if self.plan.total_seconds <= 0:
            return 1.0 if self.state != "idle" else 0.0
        return _fraction(self.position(now), self.plan.total_seconds)

    def elapsed_active(self, now: float) -> float:
        """Return the seconds spent in the session, paused time excluded."""
        return math.fsum(self.step_active) + self._running_seconds(now)

    def outcomes(self, now: float) -> list[StepOutcome]:
        """Return, per step, whether it was done, skipped or not reached, and its time.

        A step begun but left unfinished (by skip or stop) counts as skipped; one
        left before any of its work began counts as not reached unless skip was pressed.
        """
        position = self.position(now)
        active = self._step_active_at(now)
        plan = self.plan
        result = []
        for index, technique_id in enumerate(plan.technique_ids):
            _, end = plan.step_spans[index]
            if self.skipped[index]:
                status = "skipped"
            elif self.state != "idle" and position >= end:
                status = "done"
            elif self.state != "idle" and position > plan.step_work_starts[index]:
                status = "skipped"
            else:
                status = "not_reached"
            result.append(StepOutcome(technique_id, status, active[index]))
        return result

    # -- storage ------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return the whole timer, plan included, as plain JSON-safe data."""
        return {
            "version": STATE_VERSION,
            "plan": self.plan.to_dict(),
            "state": self.state,
            "started_at": self.started_at,
            "anchor_at": self.anchor_at,
            "anchor_offset": self.anchor_offset,
            "last_event_at": self.last_event_at,
            "jump_at": self.jump_at,
            "jump_offset": self.jump_offset,
            "ended_at": self.ended_at,
            "stop_reason": self.stop_reason,
            "step_active": list(self.step_active),
            "skipped": list(self.skipped),
            "last_run": None if self.last_run is None else list(self.last_run),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Timer:
        """Rebuild a timer from ``to_dict`` output; raise TimerStateError if malformed."""
        try:
            if data["version"] != STATE_VERSION:
                raise TimerStateError(f"unsupported timer state version {data['version']!r}")
            plan = Plan.from_dict(data["plan"])
            timer = cls(
                plan=plan,
                state=data["state"],
                started_at=_optional_number(data["started_at"]),
                anchor_at=_optional_number(data["anchor_at"]),
                anchor_offset=_number(data["anchor_offset"]),
                last_event_at=_optional_number(data["last_event_at"]),
                jump_at=_optional_number(data["jump_at"]),
                jump_offset=_optional_number(data["jump_offset"]),
                ended_at=_optional_number(data["ended_at"]),
                stop_reason=data["stop_reason"],
                step_active=tuple(_number(value) for value in data["step_active"]),
                skipped=tuple(bool(value) for value in data["skipped"]),
                last_run=_optional_run(data["last_run"]),
            )
        except TimerStateError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise TimerStateError(f"stored timer state is malformed ({exc})") from exc
        if timer.state not in RUN_STATES:
            raise TimerStateError(f"stored timer state has unknown state {timer.state!r}")
        if timer.stop_reason is not None and timer.stop_reason not in STOP_REASONS:
            raise TimerStateError(
                f"stored timer state has unknown stop reason {timer.stop_reason!r}"
            )
        if len(data["step_active"]) != plan.step_count or len(data["skipped"]) != plan.step_count:
            raise TimerStateError("stored timer state does not match its plan's steps")
        if timer.state == "running" and timer.anchor_at is None:
            raise TimerStateError("stored timer state is running without an anchor time")
        return timer

    # -- internals ----------------------------------------------------------------------

    def _clamped(self, now: float) -> float:
        # A clock that steps backwards must not undo time already counted.
        return now if self.last_event_at is None else max(now, self.last_event_at)

    def _live_phase(self, now: float) -> tuple[Timer, int | None]:
        """Return the timer settled at ``now`` and its phase, or itself and None when not live."""
        if self._live_step(now) is None:
            return self, None
        settled = self._settled(now)
        return settled, settled._phase_index(settled.anchor_offset)

    def _live_step(self, now: float) -> int | None:
        if self.state not in ("running", "paused") or self.is_finished(now):
            return None
        return self.current_step_index(self._clamped(now))

    def _running_seconds(self, now: float) -> float:
        if self.state != "running":
            return 0.0
        return self.position(now) - self.anchor_offset

    def _step_active_at(self, now: float) -> tuple[float, ...]:
        if self.state != "running":
            return self.step_active
        low, high = self.anchor_offset, self.position(now)
        return tuple(
            banked + max(0.0, min(high, end) - max(low, start))
            for banked, (start, end) in zip(self.step_active, self.plan.step_spans, strict=True)
        )

    def _settled(self, now: float) -> Timer:
        """Bank the running stretch up to ``now`` and re-anchor there."""
        now = self._clamped(now)
        if self.state != "running":
            return replace(self, last_event_at=now)
        return replace(
            self,
            anchor_at=now,
            anchor_offset=self.position(now),
            step_active=self._step_active_at(now),
            last_event_at=now,
            last_run=(
                self.anchor_at if self.anchor_at is not None else now,
                self.anchor_offset,
                now,
            ),
        )

    def _jumped(self, now: float, offset: float, skipped: tuple[bool, ...] | None = None) -> Timer:
        now = self._clamped(now)
        anchor_at = now if self.state == "running" else None
        return replace(
            self,
            anchor_at=anchor_at,
            anchor_offset=offset,
            jump_at=now,
            jump_offset=offset,
            skipped=self.skipped if skipped is None else skipped,
        )

    def _phase_index(self, position: float) -> int | None:
        if position >= self.plan.total_seconds:
            return None
        return bisect_right(self.plan.boundaries, position) - 1


def _fraction(part: float, whole: float) -> float:
    if whole <= 0:
        return 1.0
    return min(1.0, max(0.0, part / whole))


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise TypeError(f"expected a finite number, got {value!r}")
    return float(value)


def _optional_number(value: Any) -> float | None:
    return None if value is None else _number(value)


def _optional_run(value: Any) -> tuple[float, float, float] | None:
    if value is None:
        return None
    from_at, from_offset, to_at = (_number(item) for item in value)
    return from_at, from_offset, to_at
