"""Build small, valid catalog techniques for tests that must not depend on data/."""

from __future__ import annotations

from typing import Any

from hipdash.catalog import Dose, Technique


def make_technique(
    technique_id: str,
    modality: str = "stretch",
    areas: tuple[str, ...] = ("glutes",),
    *,
    sets: int = 1,
    rest: int = 0,
    per_side: bool = False,
    hold: int | None = 30,
    reps: int | None = None,
    steps_side: str | None = None,
    **fields: Any,
) -> Technique:
    """Return a technique with a simple dose; any other field can be given by name."""
    values: dict[str, Any] = {
        "id": technique_id,
        "name": technique_id.replace("-", " ").title(),
        "modality": modality,
        "primary_areas": areas,
        "secondary_areas": (),
        "equipment": ("none",),
        "position": "lying",
        "difficulty": 1,
        "dose": Dose(
            sets=sets,
            rest_seconds=rest,
            per_side=per_side,
            hold_seconds=hold,
            reps=reps,
            steps_side=(steps_side or "right") if per_side else None,
        ),
        "steps": ("one", "two", "three"),
        "breathing_cue": "breathe",
        "attention_cue": "notice",
        "cautions": ("stop on sharp pain",),
        "contraindications": (),
        "benefits": (),
        "summary": "summary",
    }
    values.update(fields)
    return Technique(**values)
