import hashlib

from positions import text
from tests.factories import POINTS


class _Version:
    def __init__(self, *, title="Tytuł", preamble="", points=(), justification=""):
        self.title, self.preamble, self.points, self.justification = title, preamble, list(points), justification


def test_points_from_notation_reads_points_and_sub_points():
    notation = "Federacja popiera projekt.\n\nFederacja wnosi o:\n- zwiększenie subwencji,\n– coroczną\n  waloryzację.\n\n\n Trzeci punkt. "

    assert text.points_from_notation(notation) == [
        {"text": "Federacja popiera projekt.", "subpoints": []},
        {"text": "Federacja wnosi o:", "subpoints": ["zwiększenie subwencji,", "coroczną waloryzację."]},
        {"text": "Trzeci punkt.", "subpoints": []},
    ]


def test_notation_round_trip_keeps_the_points():
    assert text.points_from_notation(text.points_to_notation(POINTS)) == POINTS


def test_hash_is_sha256_of_the_canonical_json():
    canonical = text.canonical_text(title="T", preamble="", points=[{"text": "Ż", "subpoints": []}], justification="U")

    assert canonical == '{"justification":"U","points":[{"subpoints":[],"text":"Ż"}],"preamble":"","title":"T"}'
    assert (
        text.text_sha256(title="T", preamble="", points=[{"text": "Ż", "subpoints": []}], justification="U")
        == hashlib.sha256(canonical.encode()).hexdigest()
    )


def test_hash_ignores_invisible_differences_but_not_visible_ones():
    composed = text.text_sha256(title="Zażółć", preamble="", points=[{"text": "a", "subpoints": []}], justification="x\r\ny  ")
    decomposed = text.text_sha256(
        title="Zaz\u0307o\u0301ł\u0107", preamble="", points=[{"text": "a", "subpoints": []}], justification="x\ny"
    )
    changed = text.text_sha256(title="Zażółć", preamble="", points=[{"text": "a.", "subpoints": []}], justification="x\ny")

    assert composed == decomposed
    assert composed != changed


def test_subpoint_labels_follow_the_alphabet():
    assert [text.subpoint_label(i) for i in (0, 1, 25, 26)] == ["a", "b", "z", "aa"]


def test_version_diff_marks_changed_words_added_and_removed_points():
    old = _Version(points=[{"text": "Federacja popiera projekt.", "subpoints": []}, {"text": "Usunięty punkt.", "subpoints": []}])
    new = _Version(
        points=[{"text": "Federacja nie popiera projektu.", "subpoints": []}, {"text": "Nowy punkt <b>.", "subpoints": ["lit. a"]}]
    )

    rows = text.version_diff(old, new)

    assert [row.kind for row in rows] == ["same", "changed", "changed", "added"]
    assert (rows[1].old_html, rows[1].new_html) == (
        "Federacja popiera <del>projekt.</del>",
        "Federacja<ins> nie</ins> popiera <ins>projektu.</ins>",
    )
    assert (rows[2].old_html, rows[2].new_html) == ("<del>Usunięty</del> <del>punkt.</del>", "<ins>Nowy</ins> <ins>punkt &lt;b&gt;.</ins>")
    assert (rows[3].new_label, rows[3].new_html) == ("2a)", "<ins>lit. a</ins>")
