"""Build the plain data the session runner component draws from: plan, times, words.

Pure: no Streamlit here. The browser component computes what it shows from this data
and its clock, so everything it needs about the session comes from this one function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hipdash import session_flow as flow
from hipdash.catalog import Technique
from hipdash.pacer import DEFAULT_PATTERN, PATTERNS
from hipdash.plan import TechniqueLookup
from hipdash.sounds import TONES
from hipdash.speech import spoken_script
from hipdash.timer import Timer
from hipdash.vocabulary import POSITIONS

# How many of a technique's steps "Get ready" shows: enough to get into position.
SETUP_STEPS = 2
KEY_HINT = "Keys: Space pause or resume · → next part · ← previous part"

# (svg, label) of a technique's figure for a side ("right", "left", or None for the side
# its steps describe), or None where it has none.
FigureFor = Callable[[Technique, str | None], tuple[str, str] | None]
SIDES = ("right", "left")


def timer_data(timer: Timer) -> dict[str, Any]:
    """Return the timer state the component needs to place itself on the wall clock."""
    return {
        "state": timer.state,
        "anchor_at": timer.anchor_at,
        "anchor_offset": timer.anchor_offset,
        "jump_at": timer.jump_at,
        "jump_offset": timer.jump_offset,
        "total": timer.plan.total_seconds,
    }


def step_data(technique: Technique | None, name: str, figure: FigureFor | None) -> dict[str, Any]:
    """Return what the runner shows about one step; catalog text stays plain text."""
    if technique is None:
        return {
            "name": name,
            "position": "",
            "setup": [],
            "steps": [],
            "cues": [],
            "cautions": [],
            "figure_sides": {},
        }
    shown = figure(technique, None) if figure is not None else None
    # Per-side work shows each side's own (mirrored) figure while that side is worked.
    sides = {}
    if figure is not None and technique.dose.per_side:
        for side in SIDES:
            drawn = figure(technique, side)
            if drawn is not None:
                sides[side] = list(drawn)
    return {
        "name": name,
        "position": POSITIONS.get(technique.position, ""),
        "setup": list(technique.steps[:SETUP_STEPS]),
        "steps": list(technique.steps),
        "cues": [technique.breathing_cue, technique.attention_cue],
        "cautions": list(technique.cautions),
        "figure_svg": shown[0] if shown else None,
        "figure_label": shown[1] if shown else None,
        "figure_sides": sides,
    }


def runner_data(
    timer: Timer,
    techniques: TechniqueLookup,
    *,
    session_id: str,
    routine_name: str,
    figure: FigureFor | None = None,
) -> dict[str, Any]:
    """Return everything the runner component needs, as JSON-safe data."""
    plan = timer.plan
    phases = []
    for index, phase in enumerate(plan.phases):
        technique = techniques.get(phase.technique_id)
        phases.append(
            [
                plan.boundaries[index],
                plan.boundaries[index + 1],
                phase.kind,
                phase.label,
                phase.step_index,
                flow.paces_breath(phase, technique),
                flow.next_text(timer, index),
                phase.side,
            ]
        )
    steps = [
        step_data(techniques.get(technique_id), name, figure)
        for technique_id, name in zip(plan.technique_ids, plan.step_names, strict=True)
    ]
    return {
        "session_id": session_id,
        "routine_name": routine_name,
        "timer": timer_data(timer),
        "phases": phases,
        "steps": steps,
        "script": [utterance.to_list() for utterance in spoken_script(plan, techniques)],
        "tones": {kind: [list(note) for note in notes] for kind, notes in TONES.items()},
        "breath": {
            pattern.id: {"name": pattern.name, "stages": [list(s) for s in pattern.stages]}
            for pattern in PATTERNS.values()
        },
        "default_breath": DEFAULT_PATTERN,
        "controls": dict(flow.CONTROLS),
        "key_hint": KEY_HINT,
    }
