"""The metrics behind ``newsclust eval``: how well clusters and story boundaries match labels.

Clusters are compared as assignments ``{article id: label}``; boundaries as lists of character
offsets where stories start. Nothing here reads files or prints: the command line does that.

>>> scores = score_clusters({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"})
>>> scores["bcubed"]["f1"], scores["ari"]
(1.0, 1.0)
>>> score_boundaries([0, 101, 250], [0, 100, 300])["f1"]
0.6667
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from newsclust.errors import DataError

#: A predicted story start this many characters or fewer from a gold start matches it.
DEFAULT_TOLERANCE = 3
#: A matched story's headline is right when it is at least this alike the gold headline.
HEADLINE_SIMILARITY = 0.9
LEVELS = ("events", "threads")
Sized = Sequence[Any] | int
_DIGITS = 4


# --------------------------------------------------------------------------- clusters


def score_clusters(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, Any]:
    """Compare two assignments ``{id: cluster label}`` over the ids of ``gold``.

    Ids that ``predicted`` lacks count as clusters of their own (``missing``); ids only in
    ``predicted`` are ignored (``extra``). Returns B-cubed and pairwise precision/recall/F1, ARI,
    NMI (arithmetic mean normalisation, as scikit-learn's default) and AMI, and cluster counts.
    Pairwise precision is 1 when nothing is predicted together (no wrong pair), recall likewise.

    >>> s = score_clusters({"a": 0, "b": 0, "c": 0}, {"a": 0, "b": 0, "c": 1})
    >>> s["bcubed"], s["pairwise"]
    ({'precision': 0.5556, 'recall': 1.0, 'f1': 0.7143}, {'precision': 0.3333, 'recall': 1.0, 'f1': 0.5})
    """
    from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score, normalized_mutual_info_score

    if not gold:
        raise DataError("the gold labels hold no articles; nothing to score")
    ids = list(gold)
    missing = [i for i in ids if i not in predicted]
    extra = sorted(i for i in predicted if i not in gold)
    # Missing ids get labels no real cluster can have, so each stays alone.
    gold_codes = _codes(gold[i] for i in ids)
    pred_codes = _codes(predicted[i] if i in predicted else (_MISSING, i) for i in ids)

    n = len(ids)
    pred_sizes = np.bincount(pred_codes)
    gold_sizes = np.bincount(gold_codes)
    # The contingency table, sparse: one count per (predicted, gold) pair of labels that co-occur.
    pair_keys, overlap = np.unique(pred_codes * len(gold_sizes) + gold_codes, return_counts=True)
    pair_pred, pair_gold = pair_keys // len(gold_sizes), pair_keys % len(gold_sizes)
    overlap = overlap.astype(np.float64)

    # B-cubed: each article's precision is |its predicted cluster ∩ its gold cluster| / |predicted
    # cluster|; summed over the articles in one cell of the table that is overlap² / size.
    b3_precision = float(np.sum(overlap**2 / pred_sizes[pair_pred]) / n)
    b3_recall = float(np.sum(overlap**2 / gold_sizes[pair_gold]) / n)

    together_both = float(np.sum(_pairs(overlap)))
    together_pred = float(np.sum(_pairs(pred_sizes)))
    together_gold = float(np.sum(_pairs(gold_sizes)))
    pair_precision = together_both / together_pred if together_pred else 1.0
    pair_recall = together_both / together_gold if together_gold else 1.0

    return {
        "articles": n,
        "missing": len(missing),
        "extra": len(extra),
        "clusters": {"predicted": len(pred_sizes), "gold": len(gold_sizes)},
        "bcubed": _prf(b3_precision, b3_recall),
        "pairwise": _prf(pair_precision, pair_recall),
        "ari": _round(adjusted_rand_score(gold_codes, pred_codes)),
        "nmi": _round(normalized_mutual_info_score(gold_codes, pred_codes)),
        "ami": _round(adjusted_mutual_info_score(gold_codes, pred_codes)),
        "missing_ids": missing,
        "extra_ids": extra,
    }


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


def _codes(labels: Iterable[Hashable]) -> np.ndarray:
    index: dict[Hashable, int] = {}
    return np.fromiter((index.setdefault(label, len(index)) for label in labels), dtype=np.int64)


def _pairs(counts: np.ndarray) -> np.ndarray:
    return counts * (counts - 1) / 2


def thread_assignments(threads: Iterable[Mapping[str, Any]], *, level: str = "events") -> dict[str, str]:
    """``{article id: label}`` from ``newsclust cluster`` output, at the ``events`` or ``threads`` level.

    A thread without ``events`` is one event. Raises DataError when an article is in two places.

    >>> threads = [{"id": "t1", "events": [{"id": "e1", "articles": ["a"]}, {"id": "e2", "articles": ["b"]}],
    ...             "articles": [{"id": "a"}, {"id": "b"}]}]
    >>> thread_assignments(threads, level="events"), thread_assignments(threads, level="threads")
    ({'a': 't1/e1', 'b': 't1/e2'}, {'a': 't1', 'b': 't1'})
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    assignment: dict[str, str] = {}
    for number, thread in enumerate(threads, 1):
        thread_id = str(thread.get("id", number))
        if level == "threads":
            groups = [(thread_id, _thread_members(thread, number))]
        else:
            events = thread.get("events") or [{"id": "", "articles": _thread_members(thread, number)}]
            if not isinstance(events, list):
                raise DataError(f"thread {thread_id}: 'events' must be a list")
            groups = []
            for event_number, event in enumerate(events, 1):
                if not isinstance(event, Mapping) or "articles" not in event:
                    raise DataError(f"thread {thread_id}: event {event_number} has no 'articles' list")
                groups.append(
                    (f"{thread_id}/{event.get('id', event_number)}", _member_ids(event["articles"]))
                )
        for label, members in groups:
            for article_id in members:
                if article_id in assignment and assignment[article_id] != label:
                    raise DataError(
                        f"the prediction puts article {article_id!r} in two clusters "
                        f"({assignment[article_id]} and {label})"
                    )
                assignment[article_id] = label
    return assignment


def _thread_members(thread: Mapping[str, Any], number: int) -> list[str]:
    if "articles" in thread:
        return _member_ids(thread["articles"])
    if "events" in thread:
        return [i for event in thread["events"] or [] for i in _member_ids(event.get("articles", []))]
    raise DataError(f"thread {thread.get('id', number)} has neither 'articles' nor 'events'")


def _member_ids(members: Any) -> list[str]:
    if not isinstance(members, list):
        raise DataError(
            f"'articles' must be a list of ids or of objects with 'id', not {type(members).__name__}"
        )
    ids = []
    for member in members:
        if isinstance(member, Mapping):
            if "id" not in member:
                raise DataError(f"an article in the prediction has no 'id': {_short(member)}")
            member = member["id"]
        ids.append(str(member))
    return ids


def label_assignments(
    records: Iterable[Mapping[str, Any]],
    *,
    what: str = "gold",
    field: str = "cluster",
    skip_null: bool = False,
    field_required: bool = True,
) -> dict[str, Hashable]:
    """``{id: cluster}`` from records with ``id`` and ``cluster`` fields (JSON Lines of labels);
    ``field`` names another label field, ``skip_null`` leaves out records whose label is null,
    and without ``field_required`` a record without the field is one whose label is null.

    >>> label_assignments([{"id": 1, "cluster": "x"}, {"id": "2", "cluster": "x"}])
    {'1': 'x', '2': 'x'}
    """
    assignment: dict[str, Hashable] = {}
    seen: set[str] = set()
    for number, record in enumerate(records, 1):
        if not isinstance(record, Mapping):
            raise DataError(f"{what} record {number} is not a JSON object: {_short(record)}")
        for name in ("id", field):
            if name not in record and (name == "id" or field_required):
                raise DataError(f"{what} record {number} has no {name!r} field: {_short(record)}")
        article_id = str(record["id"])
        if article_id in seen:
            raise DataError(f"{what} has the id {article_id!r} twice")
        seen.add(article_id)
        label = record.get(field)
        if label is None and skip_null:
            continue
        assignment[article_id] = (
            label
            if isinstance(label, str | int | float | bool) or label is None
            else (json.dumps(label, sort_keys=True))
        )
    return assignment


def is_cluster_output(records: Sequence[Any]) -> bool:
    """True when ``records`` look like ``newsclust cluster`` threads rather than ``{id, cluster}`` labels."""
    return any(isinstance(r, Mapping) and ("events" in r or "articles" in r) for r in records)


def evaluate_clusters(
    predicted: Sequence[Mapping[str, Any]],
    gold: Sequence[Mapping[str, Any]],
    *,
    levels: Sequence[str] = LEVELS,
) -> dict[str, Any]:
    """Score a prediction (cluster output, or ``{id, cluster}`` records) against ``{id, cluster}`` gold.

    Returns ``{"prediction": "threads" | "labels", <level>: score_clusters(...)}``, with one entry
    per level for cluster output and a single ``clusters`` entry for labels. The gold is read as
    it is (``gold_labels``); ``warnings`` lists, where there are any, the levels the gold has no
    labels for (left out) and the records it leaves unlabelled. DataError when no level is left.
    """
    warnings: list[str] = []
    scored: dict[str, Any] = {}
    if is_cluster_output(predicted):
        result: dict[str, Any] = {"prediction": "threads"}
        for level in levels:
            gold_assignment = gold_labels(gold, level, warnings)
            if gold_assignment:
                scored[level] = score_clusters(thread_assignments(predicted, level=level), gold_assignment)
    else:
        result = {"prediction": "labels"}
        level = "threads" if tuple(levels) == ("threads",) else "events"
        gold_assignment = gold_labels(gold, level, warnings)
        if gold_assignment:
            predicted_labels = label_assignments(predicted, what="prediction")
            scored["clusters"] = score_clusters(predicted_labels, gold_assignment)
    if not scored:
        raise DataError(" and ".join(warnings) or "the gold labels hold no articles; nothing to score")
    result.update(scored)
    if warnings:
        result["warnings"] = warnings
    return result


#: The gold field each level is read from: the shared data labels events ``cluster`` and, where it
#: has them, threads ``thread`` (DUC 2004's topics have threads and no events).
GOLD_FIELDS = {"events": "cluster", "threads": "thread"}


def gold_labels(gold: Sequence[Mapping[str, Any]], level: str, warnings: list[str] | None = None) -> dict:
    """``{id: label}`` of the gold at ``level``: events from ``cluster``; threads from ``thread``
    where the gold has any, else from ``cluster``. Records whose label is null are unlabelled and
    left out; what is left out is said in ``warnings``.

    >>> gold = [{"id": "a", "cluster": None, "thread": "t1"}, {"id": "b", "cluster": None, "thread": "t1"}]
    >>> notes = []
    >>> gold_labels(gold, "events", notes), gold_labels(gold, "threads", notes)
    ({}, {'a': 't1', 'b': 't1'})
    >>> notes[0][:60]
    "the gold has no 'cluster' labels (null in all 2 records), so"
    """
    field = GOLD_FIELDS[level]
    if field != "cluster" and not any(isinstance(r, Mapping) and r.get(field) is not None for r in gold):
        field = "cluster"
    required = field == "cluster"  # every gold record names its cluster, if only as null
    labels = label_assignments(gold, what="gold", field=field, skip_null=True, field_required=required)
    notes = warnings if warnings is not None else []
    if not labels and gold:
        other = "threads" if level == "events" else "events"
        notes.append(
            f"the gold has no {field!r} labels (null in all {len(gold)} records), so {level} cannot be "
            f"scored; try --level {other}"
        )
    elif len(labels) < len(gold):
        notes.append(
            f"{len(gold) - len(labels)} of {len(gold)} gold records have no {field!r} label and are "
            f"left out of the {level} scores"
        )
    return labels


# --------------------------------------------------------------------------- segmentation


def match_boundaries(
    predicted: Sequence[int], gold: Sequence[int], *, tolerance: int = DEFAULT_TOLERANCE
) -> list[tuple[int, int]]:
    """Pair gold starts with predicted starts at most ``tolerance`` apart, one to one.

    Returns ``(gold index, predicted index)`` pairs. The pairing has as many pairs as possible
    (greedy over sorted starts, O(n log n)); among equally many it prefers the closest start.

    >>> match_boundaries([0, 12, 98], [0, 10, 100, 200], tolerance=2)
    [(0, 0), (1, 1), (2, 2)]
    """
    if tolerance < 0:
        raise ValueError("tolerance must be 0 or more")
    pred_order = sorted(range(len(predicted)), key=lambda i: predicted[i])
    gold_order = sorted(range(len(gold)), key=lambda i: gold[i])
    pred_sorted = [predicted[i] for i in pred_order]
    used = [False] * len(pred_sorted)
    pairs = []
    first = 0
    for rank, gold_index in enumerate(gold_order):
        start = gold[gold_index]
        while first < len(pred_sorted) and (used[first] or pred_sorted[first] < start - tolerance):
            first += 1
        candidates = []
        j = first
        while j < len(pred_sorted) and pred_sorted[j] <= start + tolerance:
            if not used[j]:
                candidates.append(j)
            j += 1
        if not candidates:
            continue
        # Taking the earliest candidate leaves the most for later gold starts (that keeps the
        # count maximal); the closest is just as good when the next gold start cannot reach it.
        chosen = candidates[0]
        closest = min(candidates, key=lambda c: (abs(pred_sorted[c] - start), c))
        next_start = gold[gold_order[rank + 1]] if rank + 1 < len(gold_order) else None
        if next_start is None or pred_sorted[closest] < next_start - tolerance:
            chosen = closest
        used[chosen] = True
        pairs.append((gold_index, pred_order[chosen]))
    return sorted(pairs)


def score_boundaries(
    predicted: Sequence[int], gold: Sequence[int], *, tolerance: int = DEFAULT_TOLERANCE
) -> dict[str, Any]:
    """Boundary precision, recall and F1 with :func:`match_boundaries`, and the counts behind them.

    >>> score_boundaries([0, 50], [0, 52, 90], tolerance=2)
    {'predicted': 2, 'gold': 3, 'matched': 2, 'precision': 1.0, 'recall': 0.6667, 'f1': 0.8}
    """
    matched = len(match_boundaries(predicted, gold, tolerance=tolerance))
    return {
        "predicted": len(predicted),
        "gold": len(gold),
        "matched": matched,
        **_counts_prf(matched, predicted, gold),
    }


def _counts_prf(matched: int, predicted: Sized, gold: Sized) -> dict[str, float]:
    n_pred, n_gold = _len(predicted), _len(gold)
    precision = matched / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    recall = matched / n_gold if n_gold else 1.0
    return _prf(precision, recall)


def _len(value: Sized) -> int:
    return value if isinstance(value, int) else len(value)


def line_offsets(text: str) -> list[int]:
    """Where each line of ``text`` starts (a final newline opens no line).

    >>> line_offsets("a\\nbc\\n\\nd\\n")
    [0, 2, 5, 6]
    """
    return [0] + [m.end() for m in re.finditer("\n", text) if m.end() < len(text)]


def window_size(gold: Sequence[int], text: str) -> int:
    """The Pk/WindowDiff window in lines: half the mean gold story length in lines, at least 2."""
    return max(2, round(len(line_offsets(text)) / max(1, len(set(gold))) / 2))


def _line_segments(starts: Iterable[int], offsets: np.ndarray) -> np.ndarray:
    # For each line, how many starts lie at or before it: the number of its segment (0 before any).
    return np.searchsorted(np.array(sorted(set(starts)), dtype=np.int64), offsets, side="right")


def _windows(predicted: Sequence[int], gold: Sequence[int], text: str, k: int | None):
    offsets = np.array(line_offsets(text), dtype=np.int64)
    k = window_size(gold, text) if k is None else k
    if k < 1:
        raise ValueError("k must be 1 or more")
    n = len(offsets) - k
    return _line_segments(gold, offsets), _line_segments(predicted, offsets), k, n


def pk(predicted: Sequence[int], gold: Sequence[int], text: str, *, k: int | None = None) -> float:
    """Pk over lines: how often two lines ``k`` apart are wrongly judged in the same or different stories.

    0 is perfect. ``k`` defaults to :func:`window_size`. Texts shorter than ``k`` lines score 0.

    >>> text = "".join(f"line {i}\\n" for i in range(8))
    >>> pk([0, 35], [0, 28], text, k=2)
    0.3333
    """
    gold_seg, pred_seg, k, n = _windows(predicted, gold, text, k)
    if n <= 0:
        return 0.0
    wrong = (gold_seg[:n] == gold_seg[k:]) != (pred_seg[:n] == pred_seg[k:])
    return _round(wrong.mean())


def window_diff(predicted: Sequence[int], gold: Sequence[int], text: str, *, k: int | None = None) -> float:
    """WindowDiff over lines: how often a window of ``k`` lines holds a different number of boundaries.

    >>> text = "".join(f"line {i}\\n" for i in range(8))
    >>> window_diff([0, 35], [0, 28], text, k=2)
    0.3333
    """
    gold_seg, pred_seg, k, n = _windows(predicted, gold, text, k)
    if n <= 0:
        return 0.0
    wrong = (gold_seg[k:] - gold_seg[:n]) != (pred_seg[k:] - pred_seg[:n])
    return _round(wrong.mean())


def headline_similarity(predicted: str, gold: str) -> float:
    """How alike two headlines are, 0 to 1 (difflib's ratio, as the project's scorecard uses)."""
    return difflib.SequenceMatcher(None, predicted.strip(), gold.strip()).ratio()


def score_segmentation(
    stories: Sequence[Mapping[str, Any]],
    gold: Sequence[Mapping[str, Any]],
    *,
    text: str | None = None,
    tolerance: int = DEFAULT_TOLERANCE,
) -> dict[str, Any]:
    """Score the stories ``split`` found in one file against that file's gold stories.

    Both are records with ``start`` and ``title``. Gives boundary P/R/F1, headline accuracy over
    matched stories, and Pk/WindowDiff when ``text`` (the file's decoded text) is given, else None.
    """
    pred_starts = _field_list(stories, "start", int, "story")
    gold_starts = _field_list(gold, "start", int, "gold story")
    pred_titles = _field_list(stories, "title", str, "story")
    gold_titles = _field_list(gold, "title", str, "gold story")
    pairs = match_boundaries(pred_starts, gold_starts, tolerance=tolerance)
    headlines_right = sum(
        headline_similarity(pred_titles[p], gold_titles[g]) >= HEADLINE_SIMILARITY for g, p in pairs
    )
    result: dict[str, Any] = {
        "predicted": len(pred_starts),
        "gold": len(gold_starts),
        "matched": len(pairs),
        **_counts_prf(len(pairs), pred_starts, gold_starts),
        "headlines_right": headlines_right,
        "headline_accuracy": _round(headlines_right / len(pairs)) if pairs else None,
        "pk": None,
        "window_diff": None,
        "k": None,
    }
    if text is not None:
        k = window_size(gold_starts, text)
        result.update(
            pk=pk(pred_starts, gold_starts, text, k=k),
            window_diff=window_diff(pred_starts, gold_starts, text, k=k),
            k=k,
        )
    return result


def evaluate_split(
    stories: Sequence[Mapping[str, Any]],
    golds: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    texts: Mapping[str, str] | None = None,
    tolerance: int = DEFAULT_TOLERANCE,
) -> dict[str, Any]:
    """Score ``split`` output that may span several files, each against its gold.

    ``golds`` and ``texts`` are keyed by file stem (``dump00-clean`` for ``dumps/dump00-clean.txt``);
    stories are grouped by the stem of their ``file``. With one gold, all stories are scored
    against it whatever their file. Returns ``{"files": [...], "total": {...}, "unmatched_files": [...]}``:
    boundary counts and headlines summed over files, Pk and WindowDiff averaged over files.
    """
    texts = dict(texts or {})
    if not golds:
        raise DataError("no gold stories given")
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for number, story in enumerate(stories, 1):
        if not isinstance(story, Mapping):
            raise DataError(f"story {number} is not a JSON object: {_short(story)}")
        groups.setdefault(file_stem(story.get("file") or ""), []).append(story)

    if len(golds) == 1:
        (name,) = golds
        if len(groups) > 1:
            raise DataError(
                f"the stories come from {len(groups)} files ({', '.join(sorted(groups))}); "
                "give one --gold per file, named like the file"
            )
        pairs = [(name, [s for group in groups.values() for s in group])]
        if len(texts) == 1 and name not in texts:
            texts = {name: next(iter(texts.values()))}
        unmatched: list[str] = []
    else:
        pairs = [(name, groups.get(name, [])) for name in sorted(golds)]
        unmatched = sorted(set(groups) - set(golds))
    unused_texts = sorted(set(texts) - set(golds))
    if unused_texts:
        raise DataError(
            f"no gold for the text of {', '.join(unused_texts)}; name texts like their gold files"
        )

    files = []
    for name, file_stories in pairs:
        scored = score_segmentation(file_stories, golds[name], text=texts.get(name), tolerance=tolerance)
        files.append({"file": name, **scored})
    matched = sum(f["matched"] for f in files)
    headlines = sum(f["headlines_right"] for f in files)
    with_text = [f for f in files if f["pk"] is not None]
    total = {
        "files": len(files),
        "predicted": sum(f["predicted"] for f in files),
        "gold": sum(f["gold"] for f in files),
        "matched": matched,
        **_counts_prf(matched, sum(f["predicted"] for f in files), sum(f["gold"] for f in files)),
        "headlines_right": headlines,
        "headline_accuracy": _round(headlines / matched) if matched else None,
        "pk": _round(sum(f["pk"] for f in with_text) / len(with_text)) if with_text else None,
        "window_diff": _round(sum(f["window_diff"] for f in with_text) / len(with_text))
        if with_text
        else None,
    }
    return {"tolerance": tolerance, "files": files, "total": total, "unmatched_files": unmatched}


def file_stem(path: str) -> str:
    """The name a file is matched by: its base name without ``.gold.json``, ``.json`` or ``.txt``.

    >>> file_stem("data/dumps/dump00-clean.gold.json"), file_stem("dumps/dump00-clean")
    ('dump00-clean', 'dump00-clean')
    """
    name = os.path.basename(os.path.normpath(path)) if path else ""
    for suffix in (".gold.json", ".json", ".jsonl", ".txt"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _field_list(records: Sequence[Mapping[str, Any]], name: str, kind: type, what: str) -> list[Any]:
    values = []
    for number, record in enumerate(records, 1):
        if not isinstance(record, Mapping):
            raise DataError(f"{what} {number} is not a JSON object: {_short(record)}")
        if name not in record:
            raise DataError(f"{what} {number} has no {name!r} field: {_short(record)}")
        value = record[name]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise DataError(f"{what} {number}: {name!r} must be a whole number of characters, not {value!r}")
        if kind is str and not isinstance(value, str):
            raise DataError(f"{what} {number}: {name!r} must be text, not {value!r}")
        values.append(value)
    return values


# --------------------------------------------------------------------------- parsing and helpers


def parse_records(text: str, name: str = "input") -> list[Any]:
    """The records of a JSON array, a single JSON object, or JSON Lines; DataError naming ``name`` if neither.

    >>> parse_records('{"id": 1}\\n{"id": 2}\\n')
    [{'id': 1}, {'id': 2}]
    """
    stripped = text.strip()
    if not stripped:
        raise DataError(f"{name} is empty; expected a JSON array or JSON Lines")
    try:
        document = json.loads(stripped)
    except json.JSONDecodeError as whole_error:
        records = []
        for line_number, line in enumerate(stripped.split("\n"), 1):  # "\n" only, as JSON Lines
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                where = whole_error if line_number == 1 else error
                raise DataError(
                    f"{name} is not JSON or JSON Lines (line {line_number}: {where.msg})"
                ) from None
        return records
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        return [document]
    raise DataError(f"{name} holds a JSON {type(document).__name__}; expected an array or objects")


def _prf(precision: float, recall: float) -> dict[str, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": _round(precision), "recall": _round(recall), "f1": _round(f1)}


def _round(value: float) -> float:
    return round(float(value), _DIGITS)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


__all__ = [
    "DEFAULT_TOLERANCE",
    "HEADLINE_SIMILARITY",
    "evaluate_clusters",
    "evaluate_split",
    "file_stem",
    "headline_similarity",
    "is_cluster_output",
    "label_assignments",
    "line_offsets",
    "match_boundaries",
    "parse_records",
    "pk",
    "score_boundaries",
    "score_clusters",
    "score_segmentation",
    "thread_assignments",
    "window_diff",
    "window_size",
]
