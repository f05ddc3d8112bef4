"""The YAML layer: exact positions, and none of PyYAML's silent surprises."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from registry.loading.yamlsource import MAX_FILE_BYTES, parse_bytes, parse_file


def parse(text: str):
    return parse_bytes(text.encode(), "f.yaml")


def test_positions_are_one_based_and_point_at_values_and_keys() -> None:
    parsed = parse("a:\n  b: 1\n  c:\n    - x: 1\n      y: two\n")
    assert parsed.ok
    assert parsed.source.locate(("a", "c", 0, "y")) == (5, 10)
    assert parsed.source.locate(("a", "c", 0, "y"), at_key=True) == (5, 7)
    assert parsed.source.locate(("a", "b"), at_key=True) == (2, 3)


@pytest.mark.parametrize("other_break", ["\x85", "\u2028", "\u2029", "\r"])
def test_positions_count_lines_as_editors_do(other_break: str) -> None:
    """YAML also ends a line at NEL, LS, PS and a lone CR; git, grep and editors do not. The position of a
    value, of a key and of a syntax error is where those tools show it."""
    parsed = parse(f'a: "one{other_break}two"\nb:\n  c: 3\n')
    assert parsed.ok and parsed.source.locate(("b", "c")) == (3, 6) and parsed.source.locate(("b", "c"), at_key=True) == (3, 3)
    broken = parse(f'a: "one{other_break}two"\nb: [\n')
    assert [(p.line, p.column) for p in broken.problems] == [(3, 1)]
    assert [(p.line, p.column) for p in parse(f"{other_break}[").problems] == [(1, 3)]


def test_missing_path_falls_back_to_nearest_ancestor() -> None:
    parsed = parse("a:\n  b: 1\n")
    assert parsed.source.locate(("a", "missing"), at_key=True) == (1, 1)
    assert parsed.source.locate(("nothing", "here")) == (1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v: NO", "NO"),            # Norway stays Norway
        ("v: no", "no"),
        ("v: yes", "yes"),
        ("v: on", "on"),
        ("v: true", True),
        ("v: False", False),
        ("v: 2024-01-15", "2024-01-15"),  # dates stay text; the model parses them
        ("v: 12:30", "12:30"),      # no base-60 numbers
        ("v: 0478123456", "0478123456"),  # leading zero kept
        ("v: 69007", 69007),
        ("v: 1.5", 1.5),
        ("v: 1e3", "1e3"),
        ("v: ~", None),
        ("v:", None),
        ("v: 0x1F", "0x1F"),
    ],
)
def test_scalar_resolution_is_predictable(text: str, expected: object) -> None:
    assert parse(text).data == {"v": expected}


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    parsed = parse("name: a\nid: x\nname: b\n")
    [problem] = parsed.problems
    assert (problem.line, problem.column, problem.code) == (3, 1, "V002")
    assert "first defined at line 1" in problem.message


def test_nested_duplicate_key() -> None:
    [problem] = parse("a:\n  b: 1\n  b: 2\n").problems
    assert (problem.line, problem.column) == (3, 3)


def test_syntax_error_is_located() -> None:
    [problem] = parse("a: [1, 2\nb: 3\n").problems
    assert problem.code == "V001" and problem.line == 2
    assert problem.message.startswith("YAML syntax error")


def test_tab_indentation_says_so() -> None:
    [problem] = parse("a:\n\tb: 1\n").problems
    assert (problem.line, problem.column) == (2, 1)
    assert "tab" in problem.message


def test_aliases_are_refused_and_a_bomb_is_harmless() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    parsed = parse("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1
    assert [p.code for p in parsed.problems] == ["V011"]
    assert (parsed.problems[0].line, parsed.problems[0].column) == (2, 4)  # the list holding it


def test_custom_tags_are_refused() -> None:
    [problem] = parse("a: !!python/object:os.system x\n").problems
    assert "unsupported YAML tag" in problem.message


def test_empty_file() -> None:
    for text in ("", "   \n", "# only a comment\n"):
        [problem] = parse(text).problems
        assert problem.code == "V012"


def test_binary_and_non_utf8_files() -> None:
    [binary] = parse_bytes(b"a: 1\n\x00\x01", "f.yaml").problems
    assert binary.code == "V010" and binary.line == 2
    [latin1] = parse_bytes("a: 1\nb: caf\xe9\n".encode("latin-1"), "f.yaml").problems
    assert (latin1.line, latin1.column) == (2, 7) and "UTF-8" in latin1.message


def test_bom_is_accepted() -> None:
    assert parse_bytes("\ufeffa: 1\n".encode(), "f.yaml").data == {"a": 1}


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    start = time.perf_counter()
    [problem] = parse_file(big, "big.yaml").problems
    assert time.perf_counter() - start < 1
    assert problem.code == "V017" and "50.0 MiB" in problem.message
    assert MAX_FILE_BYTES < 50 * 1024 * 1024


def test_only_one_document_per_file() -> None:
    [problem] = parse("a: 1\n---\nb: 2\n").problems
    assert problem.line == 2 and "single document" in problem.message


def test_complex_keys_are_refused() -> None:
    parsed = parse("? [a, b]\n: 1\nc: 2\n")
    assert [p.line for p in parsed.problems] == [1]
    assert parsed.data == {"c": 2}


def test_keys_are_always_text() -> None:
    assert parse("1: a\ntrue: b\nnull: c\n").data == {"1": "a", "true": "b", "null": "c"}
