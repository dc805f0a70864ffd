"""Name the fixed vocabularies of the catalog: areas, modalities, equipment, positions, benefits."""

from __future__ import annotations

# Each vocabulary maps a stable id (stored in data files and the database)
# to the label a person reads. Order is the order shown in the app.

AREAS: dict[str, str] = {
    "glutes": "Glutes",
    "hip_flexors": "Hip flexors & psoas",
    "outer_hip": "Outer hip (TFL, IT band, glute medius)",
    "inner_thigh": "Inner thigh (adductors)",
    "hamstrings": "Hamstrings",
    "deep_rotators": "Deep rotators (piriformis)",
    "lower_back": "Lower back",
}

AREA_SHORT_LABELS: dict[str, str] = {
    "glutes": "Glutes",
    "hip_flexors": "Hip flexors",
    "outer_hip": "Outer hip",
    "inner_thigh": "Inner thigh",
    "hamstrings": "Hamstrings",
    "deep_rotators": "Piriformis",
    "lower_back": "Lower back",
}

MODALITIES: dict[str, str] = {
    "ball_release": "Massage-ball release",
    "stretch": "Stretch",
    "yoga": "Yoga hip opener",
    "strength": "Strengthening",
    "breathwork": "Breathwork",
    "somatic": "Somatic movement",
}

# "ball" means any lacrosse, tennis or massage ball: the techniques work with
# each, only the firmness differs.
EQUIPMENT: dict[str, str] = {
    "none": "No equipment needed",
    "ball": "Massage ball (lacrosse, tennis or massage ball)",
    "mat": "Mat or carpet",
    "wall": "a clear wall",
    "chair": "A sturdy chair",
    "band": "Resistance band",
    "step": "Step or low box",
    "weight": "Dumbbell or kettlebell",
    "cushion": "Cushion, block or folded blanket",
}

POSITIONS: dict[str, str] = {
    "lying": "On the floor (lying, kneeling or sitting)",
    "seated": "Seated on a chair",
    "standing": "Standing",
    "wall": "Against a wall",
}

BENEFITS: dict[str, str] = {
    "knee_pain": "Knee pain",
    "back_pain": "Back pain",
    "balance": "Balance",
    "running": "Running",
    "lifting": "Lifting",
    "desk_sitting": "Desk sitting",
    "stress": "Stress",
}

DIFFICULTIES: dict[int, str] = {1: "Gentle", 2: "Moderate", 3: "Challenging"}

# Flags a technique carries; each safety flag comes with a line the loader checks for
# (see catalog._FLAG_RULES), and "heavy" sets a longer rest between sets.
FLAGS: dict[str, str] = {
    "back_lying": "Lying on the back",
    "hip_replacement": "Deep hip bending, crossing, turning, or stretching the hip back under load",
    "spinal_flexion": "Rounding or twisting the spine",
    "sciatic_nerve": "Pressure or stretch near the sciatic nerve",
    "heavy": "Heavy multi-joint sets",
}

# What one and several records of each stored kind are called in messages.
RECORD_NOUNS: dict[str, tuple[str, str]] = {
    "checkins": ("tension check-in", "tension check-ins"),
    "sets": ("strength set", "strength sets"),
    "sessions": ("session", "sessions"),
    "notes": ("note", "notes"),
    "routines": ("saved routine", "saved routines"),
}


def counted(count: int, one: str, many: str | None = None) -> str:
    """Return '1 set' or '3 sets': the count with the noun in the right number."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
