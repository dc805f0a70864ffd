"""Aggregate logged records into the daily, weekly and per-technique tables behind Progress."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, Literal, cast

import numpy as np
import pandas as pd

from hipdash.catalog import Catalog
from hipdash.records import SessionRecord, StrengthSet, TensionCheckIn
from hipdash.spans import first_and_last_day
from hipdash.vocabulary import MODALITIES

# Below this many sessions an average change is mostly noise, so it is flagged.
FEW_SAMPLES = 3
LB_PER_KG = 2.20462262
ExerciseKind = Literal["load", "reps", "hold"]
GroupBy = Literal["technique", "modality"]

CHECKIN_COLUMNS = ("id", "at", "area", "level", "side", "context", "session_id")
SET_COLUMNS = (
    "id",
    "at",
    "exercise_name",
    "exercise_id",
    "side",
    "reps",
    "load",
    "unit",
    "hold_seconds",
    "rpe",
    "session_id",
)
SESSION_COLUMNS = (
    "id",
    "started_at",
    "ended_at",
    "routine_name",
    "stop_reason",
    "active_seconds",
    "minutes",
)
STEP_COLUMNS = ("session_id", "technique_id", "status", "active_seconds")
LINK_COLUMNS = ("session_id", "checkin_id", "phase")

CheckinsLike = pd.DataFrame | Sequence[TensionCheckIn]
SetsLike = pd.DataFrame | Sequence[StrengthSet]
SessionsLike = pd.DataFrame | Sequence[SessionRecord]


@dataclass(frozen=True)
class Frames:
    """The records of one snapshot as DataFrames, times parsed to UTC, built once per snapshot."""

    checkins: pd.DataFrame
    sets: pd.DataFrame
    sessions: pd.DataFrame
    steps: pd.DataFrame  # one row per session step
    links: pd.DataFrame  # which check-ins were taken before or after which session

    @property
    def earliest(self) -> datetime | None:
        """Return the moment of the first record of any kind, or None when nothing is logged."""
        firsts = [
            frame[column].min()
            for frame, column in (
                (self.checkins, "at"),
                (self.sets, "at"),
                (self.sessions, "started_at"),
            )
            if len(frame)
        ]
        return min(firsts).to_pydatetime() if firsts else None


# --- building frames -------------------------------------------------------------------------


def frames(snapshot: Any) -> Frames:
    """Return DataFrames for a snapshot (anything with checkins, sets and sessions sequences)."""
    sessions = tuple(getattr(snapshot, "sessions", ()))
    checkins = checkin_frame(tuple(getattr(snapshot, "checkins", ())))
    return Frames(
        checkins=checkins,
        sets=set_frame(tuple(getattr(snapshot, "sets", ()))),
        sessions=session_frame(sessions),
        steps=step_frame(sessions),
        links=link_frame(sessions, checkins),
    )


# The builders read each record once into one tuple of columns, then hand pandas whole
# columns: far cheaper than a frame of row tuples. Words repeated on every row (areas,
# sides, exercise names) become categoricals, a byte or two a row; ids stay plain Python
# objects, shared with the records rather than copied.


def checkin_frame(checkins: CheckinsLike) -> pd.DataFrame:
    """Return the check-ins as a DataFrame; a DataFrame passes through untouched."""
    if isinstance(checkins, pd.DataFrame):
        return checkins
    ids, at, area, level, side, context, session_id = _columns(
        ((c.id, c.at, c.area, c.level, c.side, c.context, c.session_id) for c in checkins),
        len(CHECKIN_COLUMNS),
    )
    return pd.DataFrame(
        {
            "id": _objects(ids),
            "at": _utc(at),
            "area": _words(area),
            "level": np.array(level, dtype="int64"),
            "side": _words(side),
            "context": _words(context),
            "session_id": _objects(session_id),
        }
    )


def set_frame(sets: SetsLike) -> pd.DataFrame:
    """Return the strength sets as a DataFrame with a ``load_kg`` column; frames pass through."""
    if isinstance(sets, pd.DataFrame):
        return sets
    columns = _columns(
        (
            (
                s.id,
                s.at,
                s.exercise_name,
                s.exercise_id,
                s.side,
                s.reps,
                s.load,
                s.unit,
                s.hold_seconds,
                s.rpe,
                s.session_id,
            )
            for s in sets
        ),
        len(SET_COLUMNS),
    )
    ids, at, name, exercise_id, side, reps, load, unit, hold, rpe, session_id = columns
    loads = _numbers(load)
    in_lb = np.array([u == "lb" for u in unit], dtype=bool)
    return pd.DataFrame(
        {
            "id": _objects(ids),
            "at": _utc(at),
            "exercise_name": _words(name),
            "exercise_id": _objects(exercise_id),
            "side": _words(side),
            "reps": _numbers(reps),
            "load": loads,
            "unit": _words(unit),
            "hold_seconds": _numbers(hold),
            "rpe": _numbers(rpe),
            "session_id": _objects(session_id),
            "load_kg": np.where(in_lb, loads / LB_PER_KG, loads),
        }
    )


def session_frame(sessions: SessionsLike) -> pd.DataFrame:
    """Return one row per session; a DataFrame passes through untouched."""
    if isinstance(sessions, pd.DataFrame):
        return sessions
    ids, started, ended, routine, reason, active = _columns(
        (
            (s.id, s.started_at, s.ended_at, s.routine_name, s.stop_reason, s.active_seconds)
            for s in sessions
        ),
        6,
    )
    seconds = _numbers(active)
    return pd.DataFrame(
        {
            "id": _objects(ids),
            "started_at": _utc(started),
            "ended_at": _utc(ended),
            "routine_name": _words(routine),
            "stop_reason": _words(reason),
            "active_seconds": seconds,
            "minutes": seconds / 60,
        }
    )


def step_frame(sessions: Sequence[SessionRecord]) -> pd.DataFrame:
    """Return one row per step of every session."""
    session_id, technique_id, status, active = _columns(
        (
            (s.id, step.technique_id, step.status, step.active_seconds)
            for s in sessions
            for step in s.steps
        ),
        len(STEP_COLUMNS),
    )
    return pd.DataFrame(
        {
            "session_id": _objects(session_id),
            # Matched against catalog ids and shown as labels, so kept as plain strings.
            "technique_id": _objects(technique_id),
            "status": _words(status),
            "active_seconds": _numbers(active),
        }
    )


def link_frame(sessions: Sequence[SessionRecord], checkins: pd.DataFrame) -> pd.DataFrame:
    """Return (session, check-in, before/after) links from both the sessions and the check-ins."""
    session_ids: list[str] = []
    checkin_ids: list[str] = []
    phases: list[str] = []
    for s in sessions:
        for phase, linked in (("before", s.before_checkin_ids), ("after", s.after_checkin_ids)):
            session_ids.extend([s.id] * len(linked))
            checkin_ids.extend(linked)
            phases.extend([phase] * len(linked))
    # A check-in that names its session is linked even if the session forgot to list it.
    context = checkins["context"]
    tagged = checkins[
        checkins["session_id"].notna() & context.isin(("before_session", "after_session"))
    ]
    session_ids.extend(tagged["session_id"].tolist())
    checkin_ids.extend(tagged["id"].tolist())
    phases.extend(np.where(tagged["context"] == "before_session", "before", "after").tolist())
    links = pd.DataFrame(
        {
            "session_id": _objects(session_ids),
            "checkin_id": _objects(checkin_ids),
            "phase": _objects(phases),
        }
    ).drop_duplicates(ignore_index=True)
    links["phase"] = _words(links["phase"].tolist())
    return links


def as_frames(data: Any) -> Frames:
    """Return ``data`` if it already is Frames, else build Frames from the snapshot."""
    return data if isinstance(data, Frames) else frames(data)


def _columns(rows: Iterable[tuple[Any, ...]], width: int) -> tuple[tuple[Any, ...], ...]:
    # One pass over the records, then a transpose; no records means empty columns.
    columns = tuple(zip(*rows, strict=True))
    return columns if columns else ((),) * width


def _objects(values: Sequence[Any]) -> pd.Series:
    # Hex ids are only ever matched, and object columns match them ~30x faster than
    # pandas' default Arrow strings do.
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return pd.Series(array, dtype=object, copy=False)


def _words(values: Sequence[Any]) -> pd.Categorical:
    # Codes from a dict of the few distinct words: pd.Categorical(values) would first copy
    # every value into an Arrow string array, whose memory pool keeps ~8 MB at 20k rows.
    present = {value for value in values if value is not None}
    try:
        words = sorted(present)
    except TypeError:  # mixed kinds cannot be sorted; let pandas order them as it does
        words = []
    if not words:  # nothing to copy, or the rare mixed column: pandas' own rules
        return pd.Categorical(values)
    code_of = {word: code for code, word in enumerate(words)}
    codes: np.ndarray[tuple[int], np.dtype[np.int32]] = np.fromiter(
        (-1 if value is None else code_of[value] for value in values),
        dtype=np.int32,
        count=len(values),
    )
    categorical: pd.Categorical = pd.Categorical.from_codes(codes, categories=pd.Index(words))
    return categorical


def _numbers(values: Sequence[Any]) -> np.ndarray:
    # None (not logged) becomes NaN.
    return np.array(values, dtype="float64")


def _utc(moments: Sequence[datetime]) -> pd.DatetimeIndex:
    # Whole microseconds make the float round trip exact for any datetime.
    seconds = np.array([moment.timestamp() for moment in moments], dtype="float64")
    micros = np.round(seconds * 1e6).astype("int64")
    return pd.to_datetime(micros, unit="us", utc=True)


# --- days, weeks and ranges ------------------------------------------------------------------


def range_days(start: datetime, end: datetime, tz: tzinfo) -> pd.DatetimeIndex:
    """Return every local calendar day in [start, end) as naive midnights."""
    days = first_and_last_day(start, end, tz)
    if days is None:
        return pd.DatetimeIndex([], dtype="datetime64[us]", freq="D")
    return pd.date_range(*days, freq="D", unit="us")


def local_days(at: pd.Series, tz: tzinfo) -> pd.Series:
    """Return each UTC moment's calendar day in ``tz`` as a naive midnight."""
    # pandas-stubs types ``.dt`` of a Series of unknown dtype as Any.
    return cast(pd.Series, at.dt.tz_convert(tz).dt.tz_localize(None).dt.normalize())


def week_start(days: Any) -> Any:
    """Return the Monday that starts the week of each naive day (a Series or DatetimeIndex)."""
    weekday = days.dt.day_of_week if isinstance(days, pd.Series) else days.day_of_week
    return days - pd.to_timedelta(weekday, unit="D")


def _within(frame: pd.DataFrame, column: str, start: datetime, end: datetime) -> pd.DataFrame:
    moments = frame[column]
    return frame[(moments >= pd.Timestamp(start)) & (moments < pd.Timestamp(end))]


# --- tension ---------------------------------------------------------------------------------


def daily_tension(
    checkins: CheckinsLike,
    start: datetime,
    end: datetime,
    tz: tzinfo,
    areas: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return per area and local day: mean level, count, and the mean of the last 7 days' means."""
    frame = _checkins_in(checkins, start, end, tz, areas)
    daily = (
        frame.groupby(["area", "day"], sort=True)["level"].agg(mean="mean", n="size").reset_index()
    )
    if len(daily):
        rolling = daily.groupby("area", sort=True).rolling("7D", on="day")["mean"].mean()
        daily["rolling7"] = rolling.to_numpy()
    else:
        daily["rolling7"] = pd.Series(dtype="float64")
    return daily


def weekly_tension(
    checkins: CheckinsLike,
    start: datetime,
    end: datetime,
    tz: tzinfo,
    areas: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return per area and Monday-started week: the mean of every check-in and their count."""
    frame = _checkins_in(checkins, start, end, tz, areas)
    frame = frame.assign(week=week_start(frame["day"]))
    return (
        frame.groupby(["area", "week"], sort=True)["level"].agg(mean="mean", n="size").reset_index()
    )


def current_tension_by_area(
    checkins: CheckinsLike, now: datetime, days: int = 14
) -> dict[str, float]:
    """Return the average tension of each area over the last ``days`` days up to ``now``."""
    frame = checkin_frame(checkins)
    recent = frame[
        (frame["at"] > pd.Timestamp(now - timedelta(days=days)))
        & (frame["at"] <= pd.Timestamp(now))
    ]
    means = recent.groupby("area", sort=True)["level"].mean()
    return {str(area): float(level) for area, level in means.items()}


def _checkins_in(
    checkins: CheckinsLike,
    start: datetime,
    end: datetime,
    tz: tzinfo,
    areas: Iterable[str] | None,
) -> pd.DataFrame:
    frame = _within(checkin_frame(checkins), "at", start, end)
    if areas is not None:
        frame = frame[frame["area"].isin(list(areas))]
    return frame.assign(day=local_days(frame["at"], tz))


# --- strength --------------------------------------------------------------------------------


def strength_exercises(sets: SetsLike) -> list[str]:
    """Return the logged exercise names, most often logged first."""
    counts = set_frame(sets)["exercise_name"].value_counts(sort=False)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [str(name) for name, _ in ranked]


def exercise_kind(sets: SetsLike, exercise_name: str) -> ExerciseKind:
    """Return how an exercise is measured: by load x reps, by bodyweight reps, or by hold time."""
    frame = set_frame(sets)
    frame = frame[frame["exercise_name"] == exercise_name]
    if (frame["load"].fillna(0) > 0).any():
        return "load"
    if frame["reps"].notna().any():
        return "reps"
    return "hold"


def load_unit(sets: SetsLike, exercise_name: str) -> str:
    """Return the unit most of the exercise's loaded sets were logged in (kg when tied)."""
    frame = set_frame(sets)
    loaded = frame[(frame["exercise_name"] == exercise_name) & (frame["load"].fillna(0) > 0)]
    lb = int((loaded["unit"] == "lb").sum())
    return "lb" if lb > len(loaded) - lb else "kg"


def strength_daily(
    sets: SetsLike, exercise_name: str, start: datetime, end: datetime, tz: tzinfo
) -> pd.DataFrame:
    """Return per local day: the best set, its reps and load, the longest hold, and set count.

    The best set is the highest load x reps, or the most reps, or the longest hold,
    depending on ``exercise_kind``.
    """
    frame = _sets_in(sets, exercise_name, start, end, tz)
    columns = ["day", "best", "best_reps", "best_load", "max_hold", "sets"]
    if not len(frame):
        return pd.DataFrame(columns=columns).astype({"day": "datetime64[us]"})
    best_rows = frame.loc[frame.groupby("day", sort=True)["score"].idxmax()]
    grouped = frame.groupby("day", sort=True)
    daily = pd.DataFrame(
        {
            "best": grouped["score"].max(),
            "max_hold": grouped["hold_seconds"].max(),
            "sets": grouped.size(),
        }
    )
    daily["best_reps"] = best_rows.set_index("day")["reps"]
    daily["best_load"] = best_rows.set_index("day")["load_display"]
    return daily.reset_index()[columns]


def strength_weekly(
    sets: SetsLike, exercise_name: str, start: datetime, end: datetime, tz: tzinfo
) -> pd.DataFrame:
    """Return per Monday-started week the volume and set count of one exercise.

    Volume is the sum of load x reps; bodyweight moves fall back to total reps, and holds
    to total hold seconds.
    """
    frame = _sets_in(sets, exercise_name, start, end, tz)
    frame = frame.assign(week=week_start(frame["day"]))
    return (
        frame.groupby("week", sort=True)
        .agg(volume=("score", "sum"), sets=("score", "size"))
        .reset_index()
    )


def _sets_in(
    sets: SetsLike, exercise_name: str, start: datetime, end: datetime, tz: tzinfo
) -> pd.DataFrame:
    everything = set_frame(sets)
    frame = _within(everything[everything["exercise_name"] == exercise_name], "at", start, end)
    kind = exercise_kind(everything, exercise_name)
    unit = load_unit(everything, exercise_name)
    load = frame["load_kg"] * (LB_PER_KG if unit == "lb" else 1.0)
    if kind == "load":
        score = load * frame["reps"]
    elif kind == "reps":
        score = frame["reps"]
    else:
        score = frame["hold_seconds"]
    # A set that lacks the measure (a bodyweight set of a loaded move) scores nothing.
    return frame.assign(day=local_days(frame["at"], tz), score=score.fillna(0.0), load_display=load)


# --- consistency -----------------------------------------------------------------------------


def daily_activity(
    sessions: SessionsLike, start: datetime, end: datetime, tz: tzinfo
) -> pd.DataFrame:
    """Return every local day in the range with its session count and active minutes."""
    frame = _within(session_frame(sessions), "started_at", start, end)
    frame = frame.assign(day=local_days(frame["started_at"], tz))
    per_day = frame.groupby("day").agg(sessions=("id", "size"), minutes=("minutes", "sum"))
    days = range_days(start, end, tz)
    filled = per_day.reindex(days, fill_value=0)
    filled.index.name = "day"
    return _fix_counts(filled.reset_index())


def weekly_consistency(
    sessions: SessionsLike, start: datetime, end: datetime, tz: tzinfo
) -> pd.DataFrame:
    """Return every Monday-started week in the range with its sessions and active minutes."""
    daily = daily_activity(sessions, start, end, tz)
    daily["week"] = week_start(daily["day"])
    weekly = daily.groupby("week", sort=True)[["sessions", "minutes"]].sum().reset_index()
    return _fix_counts(weekly)


def _fix_counts(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({"sessions": "int64", "minutes": "float64"})


# --- what helps ------------------------------------------------------------------------------


def session_changes(data: Any, start: datetime, end: datetime) -> pd.DataFrame:
    """Return, per session started in the range, the mean after-minus-before tension change.

    Before and after check-ins are paired by area; a session without a pair is left out.
    """
    tables = as_frames(data)
    sessions = _within(tables.sessions, "started_at", start, end)
    links = tables.links[tables.links["session_id"].isin(sessions["id"])]
    linked = links.merge(
        tables.checkins[["id", "area", "level"]], left_on="checkin_id", right_on="id"
    )
    levels = linked.groupby(["session_id", "area", "phase"])["level"].mean().unstack("phase")
    if not {"before", "after"} <= set(levels.columns):
        return pd.DataFrame(
            {
                "session_id": pd.Series(dtype=object),
                **{name: pd.Series(dtype="float64") for name in ("change", "before", "after")},
                "areas": pd.Series(dtype="int64"),
            }
        )
    paired = levels[["before", "after"]].dropna()
    paired = paired.assign(change=paired["after"] - paired["before"], areas=1)
    per_session = paired.groupby(level="session_id", sort=True)
    table = per_session[["change", "before", "after"]].mean()
    table["areas"] = per_session["areas"].sum()
    return table.reset_index()


def what_helps_table(
    data: Any,
    catalog: Catalog,
    start: datetime,
    end: datetime,
    by: GroupBy = "technique",
) -> pd.DataFrame:
    """Return the average tension change per technique or modality, ranked, with counts.

    A session's change counts for every technique it completed. Rows with at least
    FEW_SAMPLES sessions come first, biggest drop first; rows with fewer follow, flagged.
    """
    tables = as_frames(data)
    columns = [
        "key",
        "label",
        "modality",
        "sessions",
        "mean_change",
        "mean_before",
        "mean_after",
        "few_samples",
    ]
    changes = session_changes(tables, start, end)
    done = tables.steps[tables.steps["status"] == "done"][["session_id", "technique_id"]]
    joined = done.merge(changes, on="session_id")
    techniques = {t.id: t for t in catalog}
    if by == "modality":
        modality_of = {tid: t.modality for tid, t in techniques.items()}
        joined = joined.assign(key=joined["technique_id"].map(modality_of)).dropna(subset=["key"])
    elif by == "technique":
        joined = joined.assign(key=joined["technique_id"])
    else:
        raise ValueError(f"unknown grouping {by!r}; expected 'technique' or 'modality'")
    # A technique done twice in one session still counts that session once.
    joined = joined.drop_duplicates(subset=["session_id", "key"])
    table = (
        joined.groupby("key", sort=True)
        .agg(
            sessions=("session_id", "size"),
            mean_change=("change", "mean"),
            mean_before=("before", "mean"),
            mean_after=("after", "mean"),
        )
        .reset_index()
    )
    if by == "modality":
        table["label"] = table["key"].map(lambda key: MODALITIES.get(key, key))
        table["modality"] = table["key"]
    else:
        table["label"] = table["key"].map(
            lambda key: techniques[key].name if key in techniques else key
        )
        table["modality"] = table["key"].map(
            lambda key: techniques[key].modality if key in techniques else ""
        )
    table["few_samples"] = table["sessions"] < FEW_SAMPLES
    table = table.sort_values(
        ["few_samples", "mean_change", "sessions", "label"], ascending=[True, True, False, True]
    )
    table = table.reset_index(drop=True)[columns]
    return table.astype({"sessions": "int64", "few_samples": "bool", "mean_change": "float64"})
