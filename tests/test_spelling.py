"""One spelling, British, across the catalog and every string the app shows."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from hipdash.catalog import DEFAULT_CATALOG_DIR

ROOT = Path(__file__).resolve().parent.parent

# American form -> the British form the project uses.
BRITISH = {
    "toward": "towards",
    "inward": "inwards",
    "outward": "outwards",
    "upward": "upwards",
    "downward": "downwards",
    "backward": "backwards",
    "center": "centre",
    "centered": "centred",
    "centimeter": "centimetre",
    "centimeters": "centimetres",
    "color": "colour",
    "colors": "colours",
    "favorite": "favourite",
    "behavior": "behaviour",
    "practicing": "practising",
    "practiced": "practised",
    "windshield": "windscreen",
    "pants": "trousers",
    "gray": "grey",
    "labeled": "labelled",
    "canceled": "cancelled",
    "analyze": "analyse",
}
_AMERICAN = re.compile(r"\b(" + "|".join(BRITISH) + r")\b", re.IGNORECASE)


def american_words(text: str) -> list[str]:
    """Return the American spellings in ``text``, each as 'word (use british)'."""
    return [f"{m.group(0)} (use {BRITISH[m.group(0).lower()]})" for m in _AMERICAN.finditer(text)]


# Markup a person never reads: Streamlit colour directives (":gray-badge["), HTML tags and
# CSS blocks.
_DIRECTIVE = re.compile(r":[a-z]+(?:-[a-z]+)*\[")
_TAG = re.compile(r"<[^>]*>")
_CSS = re.compile(r"[{;]\s*$|^\s*<style", re.MULTILINE)


def _prose(text: str) -> str:
    return "" if _CSS.search(text) else _TAG.sub(" ", _DIRECTIVE.sub("[", text))


def _catalog_texts(value: object, key: str = "") -> Iterator[str]:
    # Ids are stored keys, not words a person reads.
    if isinstance(value, str) and key not in ("id", "afterwards"):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _catalog_texts(item, key)
    elif isinstance(value, dict):
        for inner_key, item in value.items():
            if inner_key not in ("variants", "aliases"):
                yield from _catalog_texts(item, inner_key)


def _shown_strings(path: Path) -> Iterator[tuple[int, str]]:
    """Yield the string literals of a module a person could read: prose, not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            # Keys, CSS and plotly names ("center", "color") have no spaces; prose does.
            and " " in node.value.strip()
        ):
            yield node.lineno, node.value


CATALOG_FILES = sorted(DEFAULT_CATALOG_DIR.glob("*.yaml"))
APP_FILES = sorted([*ROOT.glob("hipdash/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])


@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: p.name)
def test_the_catalog_uses_british_spelling(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [word for text in _catalog_texts(raw) for word in american_words(text)]
    assert not found


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_app_shows_british_spelling(path: Path) -> None:
    found = [
        f"line {line}: {word}"
        for line, text in _shown_strings(path)
        for word in american_words(_prose(text))
    ]
    assert not found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Turn the knee toward the wall.", ["toward (use towards)"]),
        ("Turn the knee towards the wall.", []),
        ("Let it fall Inward, then outwards.", ["Inward (use inwards)"]),
        (
            "A windshield wiper and the center line.",
            ["windshield (use windscreen)", "center (use centre)"],
        ),
        ("Practise slowly in your trousers.", []),
    ],
)
def test_american_spellings_are_found_as_whole_words(text: str, found: list[str]) -> None:
    assert american_words(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (":gray-badge[Lying] in the centre", []),
        ("<style>\n.x { color: red; text-align: center; }\n</style>", []),
        ("<div style='text-align:center'>Hold</div>", []),
        ("Pick a color for the chart", ["color (use colour)"]),
    ],
)
def test_markup_is_skipped_but_prose_is_checked(text: str, found: list[str]) -> None:
    assert american_words(_prose(text)) == found
