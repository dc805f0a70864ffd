"""Draw every technique's figure into a named grid, docs/figures.png (`make figures`).

Also previews a few techniques, every key pose of each, for pose authors:

    .venv/bin/python scripts/figures.py --only glute-bridge,fire-hydrant --out /tmp/p.png

The pictures are SVG made by hipdash.figures, screenshotted by headless Chromium from a
local page; nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hipdash.catalog import Technique, load_catalog  # noqa: E402
from hipdash.figures import all_poses, figure_tints, technique_figure  # noqa: E402
from hipdash.figures.poses import (  # noqa: E402
    PoseError,
    TechniquePoses,
    check,
    mirror,
    parse_entry,
    place,
)
from hipdash.figures.render import HOLD_CYCLE_SECONDS, draw, svg  # noqa: E402
from tests.support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body {{ font-family: sans-serif; margin: 16px; background: #fff; color: #23302c; }}
h1 {{ font-size: 20px; margin: 0 0 12px; }}
.grid {{ display: grid; grid-template-columns: repeat({columns}, {cell}px); gap: 10px; }}
figure {{ margin: 0; border: 1px solid #d5dbd8; border-radius: 6px; padding: 4px; }}
figure svg {{ width: 100%; height: auto; display: block; }}
figcaption {{ font-size: 11px; line-height: 1.25; margin-top: 2px; }}
figcaption b {{ display: block; font-size: 12px; }}
</style></head><body><h1>{title}</h1><div class="grid">{cells}</div></body></html>"""


def _cell(markup: str, name: str, note: str) -> str:
    return f"<figure>{markup}<figcaption><b>{escape(name)}</b>{escape(note)}</figcaption></figure>"


def contact_sheet(techniques: list[Technique]) -> str:
    """Return a page with every technique's still figure, named."""
    cells = [
        _cell(technique_figure(t, animated=False, size="large").svg, t.name, t.id)
        for t in techniques
    ]
    return PAGE.format(columns=8, cell=210, title="hipdash technique figures", cells="".join(cells))


def lenient_read(name: str) -> dict[str, tuple[TechniquePoses, str]]:
    """Read one pose file technique by technique; keep going past errors, and name them."""
    import yaml

    from hipdash.figures.bases import BASES

    catalog = load_catalog()
    path = ROOT / "data" / "poses" / f"{name}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    bases = {**BASES, **(raw.get("bases") or {})}
    out: dict[str, tuple[TechniquePoses, str]] = {}
    for tid, spec in raw["techniques"].items():
        technique = catalog.get(tid)
        side = technique.dose.steps_side if technique else None
        try:
            poses = parse_entry(tid, spec, path.name, bases, side)
        except PoseError as exc:
            print(exc)
            continue
        try:
            check(place(poses), technique)
            problem = ""
        except PoseError as exc:
            problem = str(exc)
            print(problem)
        out[tid] = (poses, problem)
    return out


def key_sheet(techniques: list[Technique], poses: dict[str, tuple[TechniquePoses, str]]) -> str:
    """Return a page with every key pose of each technique, and the mirrored side."""
    cells: list[str] = []
    for t in techniques:
        if t.id not in poses:
            continue
        p, problem = poses[t.id]
        for i, key in enumerate(p.keys):
            scene = place(dataclasses.replace(p, still=i))
            tints = figure_tints(t, t.dose.steps_side, p.tint)
            drawing = draw(scene, p.view, tints, animated=False, reps=False, small=False,
                           mat="mat" in t.equipment)  # fmt: skip
            markup = svg(drawing, p.label, cycle_seconds=HOLD_CYCLE_SECONDS, small=False)
            note = f"{p.label} {('PROBLEM: ' + problem) if problem and i == 0 else ''}"
            cells.append(_cell(markup, f"{t.id} · {key.name}", note))
        if t.dose.per_side:
            mirrored = mirror(p)
            view = "side_left" if p.view == "side" else p.view
            tints = figure_tints(t, mirrored.side, p.tint)
            drawing = draw(place(mirrored), view, tints, animated=False, reps=False,
                           small=True, mat="mat" in t.equipment)  # fmt: skip
            markup = svg(drawing, mirrored.label, cycle_seconds=HOLD_CYCLE_SECONDS, small=True)
            cells.append(_cell(markup, f"{t.id} · mirrored, small", mirrored.label))
    return PAGE.format(columns=4, cell=300, title="key poses", cells="".join(cells))


def screenshot(html: str, out: Path) -> None:
    """Render a page in headless Chromium and save a full-page PNG."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "figures.html"
        page_file.write_text(html, encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.emulate_media(reduced_motion="reduce")
            page.goto(page_file.as_uri())
            page.screenshot(path=str(out), full_page=True)
            browser.close()


def fit(target: str) -> dict[str, float]:
    """Return fitted values for 'file:technique:key index:param,param'."""
    import yaml

    from hipdash.figures.bases import BASES
    from hipdash.figures.fit import fit_key

    name, tid, key, params = target.split(":")
    raw = yaml.safe_load((ROOT / "data" / "poses" / f"{name}.yaml").read_text(encoding="utf-8"))
    bases = {**BASES, **(raw.get("bases") or {})}
    return fit_key(raw["techniques"][tid], int(key), params.split(","), bases)


def main() -> None:
    """Write the contact sheet, or a preview of the techniques named with --only."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated technique ids: preview their keys")
    parser.add_argument("--file", help="preview every technique of one catalog file")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "figures.png")
    parser.add_argument(
        "--fit", help="FILE:TECHNIQUE:KEY:param,param - print angles that rest the key"
    )
    args = parser.parse_args()
    if args.fit:
        print(fit(args.fit))
        return
    catalog = load_catalog()
    if args.only or args.file:
        poses: dict[str, tuple[TechniquePoses, str]] = {}
        names = (
            [args.file] if args.file else [p.stem for p in (ROOT / "data" / "poses").glob("*.yaml")]
        )
        for name in names:
            poses.update(lenient_read(name))
        wanted = set(args.only.split(",")) if args.only else set(poses)
        html = key_sheet([t for t in catalog if t.id in wanted], poses)
    else:
        html = contact_sheet([t for t in catalog if t.id in all_poses()])
    screenshot(html, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
