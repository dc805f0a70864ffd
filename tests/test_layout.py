"""Test the project's layout rules: only the UI package talks to Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hipdash"
UI_PACKAGE = PACKAGE / "ui"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_only_the_ui_package_imports_streamlit() -> None:
    outside_ui = [path for path in PACKAGE.rglob("*.py") if UI_PACKAGE not in path.parents]
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in outside_ui
        if any(name.split(".")[0] == "streamlit" for name in _imported_modules(path))
    ]
    assert outside_ui, "the package has modules outside hipdash/ui"
    assert offenders == []


def test_the_ui_package_holds_every_streamlit_module() -> None:
    ui_modules = sorted(path.stem for path in UI_PACKAGE.glob("*.py") if path.stem != "__init__")
    assert "shell" in ui_modules
    assert not list(PACKAGE.glob("ui_*.py")), "UI modules belong in hipdash/ui/"
