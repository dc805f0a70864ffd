"""Check plotly figures from the chart builders: every mark inside its axis, counts ticked whole."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go


def figure_problems(figure: go.Figure, count_axes: Iterable[str] = ()) -> list[str]:
    """Return every way ``figure`` hides data or misstates counts; empty when it is truthful.

    Each trace's x and y values (a bar's whole extent, from its base to its end and across
    its width) must lie inside the explicit range of the axis it is drawn on. Every axis
    named in ``count_axes`` ("yaxis", "yaxis2", ...) must carry explicit, whole, unique
    tick values, or a whole ``dtick`` with an integer tick format.
    """
    layout = figure.to_dict()["layout"]
    problems: list[str] = []
    for index, trace in enumerate(figure.to_dict().get("data", [])):
        problems += _trace_problems(index, trace, layout)
    for name in count_axes:
        problems += _count_axis_problems(name, layout.get(name, {}))
    return problems


def _axis_name(letter: str, ref: str | None) -> str:
    suffix = (ref or letter)[1:]
    return f"{letter}axis{suffix}"


def _trace_problems(index: int, trace: dict[str, Any], layout: dict[str, Any]) -> list[str]:
    problems = []
    kind = trace.get("type", "scatter")
    horizontal = trace.get("orientation") == "h"
    for letter in ("x", "y"):
        name = _axis_name(letter, trace.get(f"{letter}axis"))
        axis = layout.get(name, {})
        values = trace.get(letter)
        if values is None or _is_category(axis, values):
            continue
        is_date = axis.get("type") == "date" or _looks_like_dates(values)
        numbers = _as_numbers(values, is_date)
        numbers = numbers[~np.isnan(numbers)]
        if kind == "heatmap" and letter == "y":
            continue
        if not len(numbers):
            continue
        value_axis = (letter == "x") == horizontal
        if kind == "bar" and value_axis:
            numbers = np.append(numbers, 0.0)  # bars grow from zero
        if kind == "bar" and not value_axis and trace.get("width") is not None:
            half = float(trace["width"]) / 2
            numbers = np.concatenate([numbers - half, numbers + half])
        axis_range = axis.get("range")
        if axis_range is None:
            problems.append(f"trace {index} ({kind}) sits on {name}, which has no set range")
            continue
        low, high = sorted(_as_numbers(list(axis_range), is_date))
        outside = numbers[(numbers < low - 1e-9) | (numbers > high + 1e-9)]
        if len(outside):
            problems.append(
                f"trace {index} ({kind}) has {letter} values outside {name}'s range "
                f"[{low}, {high}]: {sorted(set(outside.tolist()))[:5]}"
            )
    return problems


def _is_category(axis: dict[str, Any], values: Any) -> bool:
    if axis.get("type") == "category":
        return True
    if axis.get("type") == "date":
        return False
    flat = list(_unpack(values))
    return bool(flat) and isinstance(flat[0], str) and not _looks_numeric(flat[0])


def _looks_like_dates(values: Any) -> bool:
    flat = list(_unpack(values))
    if not flat:
        return False
    first = flat[0]
    return not isinstance(first, (int, float, np.number)) and not _looks_numeric(str(first))


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _unpack(values: Any) -> Any:
    if isinstance(values, dict) and "bdata" in values:
        import base64

        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
    return values


def _as_numbers(values: Any, is_date: bool) -> np.ndarray:
    flat = _unpack(values)
    if is_date:
        moments = pd.to_datetime(pd.Series(list(flat)), format="mixed")
        milliseconds = moments.astype("datetime64[ms]").astype("int64").astype("float64")
        return np.where(moments.isna(), np.nan, milliseconds)
    return np.array([np.nan if v is None else float(v) for v in flat], dtype="float64")


def _count_axis_problems(name: str, axis: dict[str, Any]) -> list[str]:
    ticks = axis.get("tickvals")
    if ticks is not None:
        values = [float(v) for v in _unpack(ticks)]
        problems = []
        if any(not math.isclose(v, round(v)) for v in values):
            problems.append(f"{name} is a count axis with fractional ticks {values}")
        if len(set(values)) != len(values):
            problems.append(f"{name} is a count axis with repeated ticks {values}")
        low, high = sorted(axis.get("range", [min(values), max(values)]))
        if any(v < low or v > high for v in values):
            problems.append(f"{name} has ticks {values} outside its range [{low}, {high}]")
        return problems
    dtick = axis.get("dtick")
    if dtick is not None and float(dtick) >= 1 and float(dtick).is_integer():
        if axis.get("tickformat") == "d":
            return []
    return [f"{name} is a count axis without whole tick values"]
