"""A position's text: its canonical form (what is hashed and signed), the editor's plain-text notation of
numbered points, and the side-by-side comparison of two versions.

Pure functions over plain values: no database, so the hash of a text never depends on where it is read.
"""

import difflib
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_SUBPOINT = re.compile(r"^\s*[-–•]\s+")


def clean_text(value: str) -> str:
    """NFC, Unix line ends, no trailing spaces, no blank lines at either end: invisible differences in how a
    browser or an editor sends text must not change the hash."""
    value = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in value.split("\n")).strip("\n")


def normalize_points(points: list) -> list[dict]:
    """Points as stored: each {"text": str, "subpoints": [str, ...]}, empty ones dropped."""
    result = []
    for point in points:
        text = clean_text(point.get("text", ""))
        subpoints = [clean_text(sub) for sub in point.get("subpoints", []) if clean_text(sub)]
        if text or subpoints:
            result.append({"text": text, "subpoints": subpoints})
    return result


def canonical_text(*, title: str, preamble: str, points: list, justification: str) -> str:
    """The exact form that is hashed: JSON with sorted keys, no insignificant whitespace, NFC text."""
    return json.dumps(
        {
            "title": clean_text(title),
            "preamble": clean_text(preamble),
            "points": normalize_points(points),
            "justification": clean_text(justification),
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def text_sha256(*, title: str, preamble: str, points: list, justification: str) -> str:
    canonical = canonical_text(title=title, preamble=preamble, points=points, justification=justification)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def version_sha256(version) -> str:
    return text_sha256(title=version.title, preamble=version.preamble, points=version.points, justification=version.justification)


def points_from_notation(notation: str) -> list[dict]:
    """Read the editor's notation: points separated by a blank line; lines starting with "-" or "–" inside a
    point are its sub-points. Numbers are not typed; they follow from the order."""
    points = []
    for block in re.split(r"\n\s*\n", clean_text(notation)):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        text_lines, subpoints = [], []
        for line in lines:
            if _SUBPOINT.match(line):
                subpoints.append(_SUBPOINT.sub("", line, count=1))
            elif subpoints:
                subpoints[-1] += " " + line.strip()  # a wrapped sub-point continues
            else:
                text_lines.append(line.strip())
        points.append({"text": " ".join(text_lines), "subpoints": subpoints})
    return normalize_points(points)


def points_to_notation(points: list) -> str:
    blocks = []
    for point in normalize_points(points):
        lines = [point["text"]] if point["text"] else []
        lines += [f"- {sub}" for sub in point["subpoints"]]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def subpoint_label(index: int) -> str:
    """Sub-points are lettered a), b), … as in Polish and Czech legal drafting."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < len(letters) else letters[index // len(letters) - 1] + letters[index % len(letters)]


# --- Comparing versions ---------------------------------------------------------------------------------


def _lines(version) -> list[tuple[str, str]]:
    """A version as labelled lines: the unit of comparison."""
    lines = [(str(_("title")), version.title)]
    if version.preamble:
        lines += [(str(_("introduction")), paragraph) for paragraph in version.preamble.split("\n") if paragraph.strip()]
    for number, point in enumerate(version.points, start=1):
        lines.append((f"{number}.", point["text"]))
        lines += [(f"{number}{subpoint_label(i)})", sub) for i, sub in enumerate(point["subpoints"])]
    lines += [(str(_("justification")), paragraph) for paragraph in version.justification.split("\n") if paragraph.strip()]
    return lines


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side comparison: `kind` is "same", "changed", "added" or "removed"."""

    kind: str
    old_label: str
    old_html: SafeString
    new_label: str
    new_html: SafeString


def _highlight_words(old: str, new: str) -> tuple[SafeString, SafeString]:
    old_words, new_words = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    old_out, new_out = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        old_part, new_part = escape("".join(old_words[i1:i2])), escape("".join(new_words[j1:j2]))
        if tag == "equal":
            old_out.append(old_part)
            new_out.append(new_part)
        else:
            if old_part:
                old_out.append(f"<del>{old_part}</del>")
            if new_part:
                new_out.append(f"<ins>{new_part}</ins>")
    return mark_safe("".join(old_out)), mark_safe("".join(new_out))  # noqa: S308 - every part is escaped above


def version_diff(old, new) -> list[DiffRow]:
    """Rows comparing two versions side by side, with changed words marked <del> and <ins>."""
    old_lines, new_lines = _lines(old), _lines(new)
    rows = []
    matcher = difflib.SequenceMatcher(a=[text for _label, text in old_lines], b=[text for _label, text in new_lines], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for (old_label, text), (new_label, _text) in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True):
                rows.append(DiffRow("same", old_label, escape(text), new_label, escape(text)))
            continue
        olds, news = old_lines[i1:i2], new_lines[j1:j2]
        for index in range(max(len(olds), len(news))):
            old_item = olds[index] if index < len(olds) else None
            new_item = news[index] if index < len(news) else None
            if old_item and new_item:
                old_html, new_html = _highlight_words(old_item[1], new_item[1])
                rows.append(DiffRow("changed", old_item[0], old_html, new_item[0], new_html))
            elif old_item:
                rows.append(DiffRow("removed", old_item[0], mark_safe(f"<del>{escape(old_item[1])}</del>"), "", mark_safe("")))  # noqa: S308
            else:
                rows.append(DiffRow("added", "", mark_safe(""), new_item[0], mark_safe(f"<ins>{escape(new_item[1])}</ins>")))  # noqa: S308
    return rows
