"""The Progress page's pieces: views built once per data version, and what counts as logged."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from hipdash.datauri import svg_data_uri
from hipdash.records import StrengthSet, TensionCheckIn
from hipdash.store import Snapshot, Store, local_now
from hipdash.ui.progress import Views, has_logs, html_table, overview_html


def test_a_view_is_built_once_per_data_version(db_path: Path) -> None:
    store = Store(db_path)
    store.add_checkins([TensionCheckIn(at=local_now(), area="glutes", level=3)])
    builds: list[str] = []

    def build() -> str:
        builds.append("built")
        return f"view {len(builds)}"

    first = Views(store.snapshot())
    assert first.get(("overview",), build) == "view 1"
    assert Views(store.snapshot()).get(("overview",), build) == "view 1"
    store.add_checkins([TensionCheckIn(at=local_now(), area="glutes", level=5)])
    assert Views(store.snapshot()).get(("overview",), build) == "view 2"
    assert builds == ["built", "built"]


def test_the_frames_hold_every_record_of_the_data_version(db_path: Path) -> None:
    store = Store(db_path)
    moment = datetime.now().astimezone()
    store.add_checkins([TensionCheckIn(at=moment, area="glutes", level=3)])
    store.add_sets([StrengthSet(at=moment, exercise_name="Bridge", reps=10)])
    frames = Views(store.snapshot()).frames()
    assert list(frames.checkins["area"]) == ["glutes"]
    assert list(frames.sets["exercise_name"]) == ["Bridge"]


def test_only_checkins_sets_and_sessions_count_as_something_to_chart() -> None:
    assert not has_logs(Snapshot())
    assert has_logs(Snapshot(checkins=(TensionCheckIn(at=local_now(), area="glutes", level=1),)))


def test_the_overview_shows_one_of_two_drawings_each_with_the_chart_in_words() -> None:
    html = overview_html("<svg>wide</svg>", "<svg>narrow</svg>", 'Tension "3.4" & <sets>', [])
    images = re.findall(r"<img [^>]*>", html)
    assert [re.search(r'class="([^"]+)"', i).group(1) for i in images] == [  # type: ignore[union-attr]
        "hd-overview hd-overview-wide",
        "hd-overview hd-overview-narrow",
    ]
    assert all('alt="Tension &quot;3.4&quot; &amp; &lt;sets&gt;"' in i for i in images)
    assert "@media (max-width: 640px)" in html
    assert svg_data_uri("<svg>wide</svg>") in images[0]


def test_the_overviews_numbers_open_under_it_as_a_table() -> None:
    html = overview_html("<svg/>", "<svg/>", "words", [("2 Jun 2025", "5.2", "3")])
    assert "<summary>The numbers behind the chart</summary>" in html
    assert '<th scope="col">Week of</th>' in html
    assert "<tr><td>2 Jun 2025</td><td>5.2</td><td>3</td></tr>" in html


def test_a_table_escapes_every_cell() -> None:
    table = html_table(("<b>Week</b>",), [("a & <i>b</i>",)])
    assert "<b>" not in table and "<i>" not in table
    assert "&lt;b&gt;Week&lt;/b&gt;" in table and "a &amp; &lt;i&gt;b&lt;/i&gt;" in table


def test_the_timeline_is_built_once_per_data_version(db_path: Path) -> None:
    store = Store(db_path)
    store.add_checkins([TensionCheckIn(at=local_now(), area="glutes", level=3)])
    assert Views(store.snapshot()).timeline() is Views(store.snapshot()).timeline()
