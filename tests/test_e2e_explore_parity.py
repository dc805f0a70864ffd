"""In headless Chromium: the browser's copy of the filter rule agrees with hipdash.filtering.

Explore filters in the browser. For every single area, kind, equipment, position, time limit
and level, and for many seeded random combinations, the ids the component chose (its full
list, not only the cards shown) must equal ``select()``, the first cards must be its first
ids, and an empty list must carry ``advise_on_empty``'s advice word for word.
"""

from __future__ import annotations

import random

import pytest

from hipdash.catalog import load_catalog
from hipdash.filtering import (
    CHOOSABLE_EQUIPMENT,
    Filters,
    advise_on_empty,
    minute_limits,
    select,
)
from hipdash.ui.explore import CARDS_PER_PAGE
from hipdash.vocabulary import AREAS, DIFFICULTIES, MODALITIES, POSITIONS
from tests.support import playwright_expect

pytestmark = pytest.mark.browser
CATALOG = load_catalog()
LIMITS = minute_limits(CATALOG)
RANDOM_COMBINATIONS = 150

# Clear every filter, then press each pill of the combination (by group and value) the way
# a click does; return what the component then shows and the full list it chose.
APPLY = """(root, pills) => {
    root.querySelector(".explore-clear").click();
    for (const [group, value] of pills) {
        const pill = root.querySelector(`.pill[data-group="${group}"][data-value="${value}"]`);
        if (!pill) throw new Error(`no pill ${group}=${value}`);
        pill.click();
    }
    const advice = root.querySelector(".explore-advice");
    return {
        chosen: root.dataset.results ? root.dataset.results.split(" ") : [],
        cards: [...root.querySelectorAll(".explore-card")].map((card) => card.dataset.id),
        heading: root.querySelector("h2.explore-count").textContent,
        advice: advice.hidden ? null : advice.textContent,
    };
}"""


def pills_for(filters: Filters) -> list[tuple[str, str]]:
    """Return the (group, value) pills a person presses to set ``filters``."""
    pills = [("areas", a) for a in filters.areas]
    pills += [("modalities", m) for m in filters.modalities]
    pills += [("equipment", e) for e in filters.equipment or ()]
    if filters.max_minutes is not None:
        pills.append(("max_minutes", str(filters.max_minutes)))
    if filters.max_difficulty is not None:
        pills.append(("max_difficulty", str(filters.max_difficulty)))
    pills += [("positions", p) for p in filters.positions]
    return pills


def _some(rng: random.Random, options: list[str], most: int) -> tuple[str, ...]:
    return tuple(rng.sample(options, rng.randint(0, most)))


def combinations() -> list[Filters]:
    """Return every one-filter choice, then seeded random mixes of all six filters."""
    singles = [
        *(Filters(areas=(a,)) for a in AREAS),
        *(Filters(modalities=(m,)) for m in MODALITIES),
        *(Filters(equipment=(e,)) for e in CHOOSABLE_EQUIPMENT),
        *(Filters(max_minutes=m) for m in LIMITS),
        *(Filters(max_difficulty=d) for d in DIFFICULTIES),
        *(Filters(positions=(p,)) for p in POSITIONS),
    ]
    rng = random.Random(12)
    mixes = [
        Filters(
            areas=_some(rng, list(AREAS), 2),
            modalities=_some(rng, list(MODALITIES), 2),
            equipment=_some(rng, list(CHOOSABLE_EQUIPMENT), 3) or None,
            max_minutes=rng.choice([None, *LIMITS]),
            max_difficulty=rng.choice([None, *DIFFICULTIES]),
            positions=_some(rng, list(POSITIONS), 2),
        )
        for _ in range(RANDOM_COMBINATIONS)
    ]
    return [Filters(), *singles, *mixes]


def test_the_browser_chooses_exactly_what_select_chooses(live_app: str, page) -> None:
    page.goto(f"{live_app}/explore")
    root = page.locator(".explore")
    playwright_expect()(root.locator(".explore-card").first).to_be_visible()
    checked = empty = 0
    for filters in combinations():
        shown = root.evaluate(APPLY, pills_for(filters))
        expected = [t.id for t in select(CATALOG, filters)]
        assert shown["chosen"] == expected, filters
        assert shown["cards"] == expected[:CARDS_PER_PAGE], filters
        noun = "technique fits" if len(expected) == 1 else "techniques fit"
        assert shown["heading"] == f"{len(expected)} {noun}", filters
        if expected:
            assert shown["advice"] is None, filters
        else:
            empty += 1
            assert shown["advice"] == advise_on_empty(CATALOG, filters).message, filters
        checked += 1
    assert checked > 180 and empty > 10, (checked, empty)
