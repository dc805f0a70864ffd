"""Build the words a guided session speaks, and when, from its plan.

The browser's own speech synthesis says them; this module only decides the script, so
every word is tested without a browser. Times are plan seconds from the session start.
"""

from __future__ import annotations

from dataclasses import dataclass

from hipdash.plan import Phase, Plan, TechniqueLookup

# "3, 2, 1" needs room: shorter parts would talk over their own start.
# Shorter holds end before a halfway cue would help.
HALFWAY_MIN_SECONDS = 20.0
COUNTDOWN_MIN_SECONDS = 8.0
COUNTDOWN_FROM = 3
CLOSING_LINE = "That is the end of the session. Well done. Take a moment before you get up."
START_POSITIONS = {
    "lying": "Start on the floor.",
    "seated": "Start seated on a chair.",
    "standing": "Start standing.",
    "wall": "Start at a wall.",
}


@dataclass(frozen=True)
class Utterance:
    """One thing to say at plan second ``at``, with the tone that goes with it, if any."""

    at: float
    text: str
    tone: str | None = None  # a key of sounds.TONES

    def to_list(self) -> list[object]:
        """Return the utterance as a compact JSON-safe row: [at, text, tone]."""
        return [round(self.at, 3), self.text, self.tone]


def spoken_script(plan: Plan, techniques: TechniqueLookup) -> tuple[Utterance, ...]:
    """Return everything the session says, in the order it is said.

    Each step is introduced by name and starting position (and the side it starts on),
    each part by its side, set and dose; rests and side switches are announced, holds
    of 20 s or more get "Halfway", parts of 8 s or more end with "3", "2", "1", and a closing
    line ends the session.
    """
    said: list[Utterance] = []
    boundaries = plan.boundaries
    introduced: set[int] = set()
    for index, phase in enumerate(plan.phases):
        start, end = boundaries[index], boundaries[index + 1]
        if phase.step_index not in introduced:
            introduced.add(phase.step_index)
            # The very first lead-in is silent in tone, like the timer's cues.
            tone = None if index == 0 else "rest"
            said.append(Utterance(start, _introduction(plan, phase, techniques), tone))
        said.extend(_part_words(plan, index, start, techniques))
        if (
            phase.kind == "work"
            and phase.reps is None
            and phase.duration_seconds >= HALFWAY_MIN_SECONDS
        ):
            said.append(Utterance(start + phase.duration_seconds / 2, "Halfway.", "halfway"))
        if phase.kind in ("work", "rest", "get_ready") and (
            phase.duration_seconds >= COUNTDOWN_MIN_SECONDS
        ):
            said.extend(
                Utterance(end - count, f"{count}.") for count in range(COUNTDOWN_FROM, 0, -1)
            )
    if plan.phases:
        said.append(Utterance(plan.total_seconds, CLOSING_LINE, "done"))
    # A stable sort keeps same-moment words in the order they were written.
    return tuple(sorted(said, key=lambda utterance: utterance.at))


def seconds_words(seconds: float) -> str:
    """Return a length of time as spoken: '30 seconds', '1 minute', '2 minutes'."""
    whole = max(1, round(seconds))
    if whole % 60 == 0:
        minutes = whole // 60
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    return "1 second" if whole == 1 else f"{whole} seconds"


def _introduction(plan: Plan, phase: Phase, techniques: TechniqueLookup) -> str:
    step = phase.step_index
    technique = techniques.get(phase.technique_id)
    words = [f"Step {step + 1} of {plan.step_count}: {plan.step_names[step]}."]
    if technique is not None:
        words.append(START_POSITIONS.get(technique.position, ""))
    first_side = next(
        (p.side for p in plan.phases if p.step_index == step and p.side is not None), None
    )
    if first_side is not None:
        words.append(f"{first_side.capitalize()} side first.")
    return " ".join(word for word in words if word)


def _part_words(
    plan: Plan, index: int, start: float, techniques: TechniqueLookup
) -> list[Utterance]:
    phase = plan.phases[index]
    if phase.kind == "work":
        return [Utterance(start, _work_words(plan, phase, techniques), "phase_start")]
    if phase.kind == "rest":
        technique = techniques.get(phase.technique_id)
        if technique is not None and technique.modality == "ball_release":
            return [Utterance(start, "Find the next point.", "rest")]
        return [Utterance(start, f"Rest for {seconds_words(phase.duration_seconds)}.", "rest")]
    if phase.kind == "switch_sides":
        following = _next_side(plan, index)
        text = "Switch sides." + (f" {following.capitalize()} side next." if following else "")
        return [Utterance(start, text, "switch_sides")]
    return []


def _work_words(plan: Plan, phase: Phase, techniques: TechniqueLookup) -> str:
    technique = techniques.get(phase.technique_id)
    ball = technique is not None and technique.modality == "ball_release"
    sets = sum(
        1
        for p in plan.phases
        if p.step_index == phase.step_index and p.kind == "work" and p.side == phase.side
    )
    parts = [f"{phase.side} side"] if phase.side else []
    if sets > 1 and phase.set_number is not None:
        parts.append(f"{'point' if ball else 'set'} {phase.set_number} of {sets}")
    if phase.reps is not None:
        parts.append(f"{phase.reps} reps")
    else:
        parts.append(f"hold for {seconds_words(phase.duration_seconds)}")
    text = ", ".join(parts)
    return text[0].upper() + text[1:] + "."


def _next_side(plan: Plan, index: int) -> str | None:
    phase = plan.phases[index]
    for later in plan.phases[index + 1 :]:
        if later.step_index != phase.step_index:
            return None
        if later.side is not None:
            return later.side
    return None
