"""Hostile input through every command and every format: success or located problems, and safe outputs.

``make test`` runs a bounded number of cases; ``make fuzz`` runs many more
(``FUZZ_RUNS``, ``FUZZ_SEED``).
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from registry import load
from registry.codes import V001
from registry.loading.yamlsource import parse_bytes
from registry.render.markup import markdown_text, plain

from .conftest import FIXTURE
from .fuzzing import (
    PAYLOADS,
    files_of,
    import_faults,
    leaves,
    mutated_bytes,
    mutated_register,
    mutated_workbook,
    replace,
    run_everything,
)

RUNS = int(os.environ.get("FUZZ_RUNS", "12"))
SHEETS = int(os.environ.get("FUZZ_SHEETS", "6"))
SEED = int(os.environ.get("FUZZ_SEED", "2026"))
PDF_EVERY = int(os.environ.get("FUZZ_PDF_EVERY", "6"))
"""One mutated register in this many is also built as PDF (the slowest format)."""


@pytest.fixture(scope="module")
def text_fields(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Any, ...]]]:
    """Per file, the paths of every value that accepts free text: where a contributor can write anything."""
    root = tmp_path_factory.mktemp("fields") / "register"
    shutil.copytree(FIXTURE, root)
    found: dict[str, list[tuple[Any, ...]]] = {}
    for path in files_of(root):
        original = path.read_text(encoding="utf-8")
        data = yaml.safe_load(original)
        found[path.relative_to(root).as_posix()] = []
        for loc, value in list(leaves(data)):
            if not isinstance(value, str):
                continue
            replace(data, loc, "Texte libre, écrit par n'importe qui")
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            if load(root).ok:
                found[path.relative_to(root).as_posix()].append(loc)
            replace(data, loc, value)
        path.write_text(original, encoding="utf-8")
    assert sum(map(len, found.values())) > 100
    return found


@pytest.mark.slow
@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"payload-{i}" for i in range(len(PAYLOADS))])
def test_a_payload_in_every_text_field_reaches_no_output_alive(payload: str, text_fields: dict[str, list[tuple[Any, ...]]],
                                                              tmp_path: Path) -> None:
    root = tmp_path / "register"
    shutil.copytree(FIXTURE, root)
    for name, locs in text_fields.items():
        path = root / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for loc in locs:
            replace(data, loc, payload)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert load(root).ok, [str(p) for p in load(root).problems][:3]
    with_pdf = PAYLOADS.index(payload) < 5  # the payloads aimed at the PDF: markup, CSS, attachments, links
    assert run_everything(root, tmp_path / "out", pdf=with_pdf) == []


@pytest.mark.parametrize("case", range(RUNS))
def test_mutated_registers(case: int, tmp_path: Path) -> None:
    rng = random.Random(SEED * 1000 + case)
    mutated_register(FIXTURE, tmp_path / "register", rng, changes=rng.randint(1, 4))
    assert run_everything(tmp_path / "register", tmp_path / "out", pdf=case % PDF_EVERY == 0) == []


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The frozen register exported as the CNIL workbook, in both formats: the spreadsheets to mutate."""
    from click.testing import CliRunner

    from registry.cli import cli

    folder = tmp_path_factory.mktemp("exported")
    for fmt in ("xlsx", "ods"):
        result = CliRunner().invoke(cli, ["export", str(FIXTURE), "--format", fmt, "--out", str(folder / f"r.{fmt}")])
        assert result.exit_code == 0, result.output
    return {fmt: (folder / f"r.{fmt}").read_bytes() for fmt in ("xlsx", "ods")}


@pytest.mark.parametrize("case", range(SHEETS))
def test_mutated_spreadsheets(case: int, exported: dict[str, bytes], tmp_path: Path) -> None:
    """A spreadsheet changed at random, in its cells and names or in its XML, imports or is refused in one
    located line; what an import writes goes through every command."""
    rng = random.Random(SEED * 1000 + case)
    fmt = "xlsx" if case % 3 else "ods"
    content = (mutated_workbook(exported["xlsx"], rng, rng.randint(1, 6)) if fmt == "xlsx" and case % 2
               else mutated_bytes(exported[fmt], rng))
    spreadsheet = tmp_path / f"registre.{fmt}"
    spreadsheet.write_bytes(content)
    assert import_faults(spreadsheet, tmp_path / "imported") == []


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_data_or_located_problems(raw: bytes) -> None:
    parsed = parse_bytes(raw, "any.yaml")
    lines = raw.count(b"\n") + 1
    for problem in parsed.problems:
        assert 1 <= problem.line <= lines + 1 and problem.column >= 1
        assert "\n" not in str(problem)


FRAGMENTS = st.sampled_from(["[", "]", "(", ")", "!", "<", ">", ":", "javascript", "data", "file", "//", "x",
                             "https://a.example", " ", "\n", "[1]", "mailto:", "\"", "'"])


@settings(max_examples=500, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_text_formats_never_keep_a_refused_link(text: str) -> None:
    import markdown

    from .fuzzing import html_faults

    assert html_faults(markdown.markdown(markdown_text(text)), page=False) == []
    rendered = plain(text)
    for scheme in ("javascript", "data", "file"):  # plain text shows a kept link as "label <url>"
        if f"<{scheme}" not in text:
            assert f"<{scheme}" not in rendered


@given(st.text(max_size=80), st.text(max_size=80))
def test_a_problem_prints_on_one_line(path: str, message: str) -> None:
    printed = str(V001.at(path, 1, 1, message))
    assert "\n" not in printed and "\r" not in printed



SHEET_MUTATIONS = [
    (rb"<table:table-row(?=[ >])", rb'<table:table-row table:number-rows-repeated="%d"'),
    (rb"<table:table-cell(?=[ >/])", rb'<table:table-cell table:number-columns-repeated="%d"'),
    (rb"(<text:p>)", rb'\g<1><text:s text:c="%d"/>'),
    (rb'(<row r=")\d+', rb"\g<1>%d"),
    (rb'(<c r="[A-Z]+)\d+', rb"\g<1>%d"),
    (rb'(table:name=")[^"]*', "\\g<1>Fiche\nstatus: retired\nwaivers: []".encode()),
    (rb'(<sheet name=")[^"]*', "\\g<1>Fiche&#10;status: retired".encode()),
    (rb"(<text:p>)", rb"\g<1>=HYPERLINK(&quot;http://attacker.example&quot;)"),
    (rb"(<t>)", "\\g<1>\u202e\x85=1+1 ".encode()),
]
"""Ways a crafted spreadsheet lies: huge repeats and row numbers, names that would be YAML, formulas, characters
the register refuses, billions of spaces."""


@pytest.fixture(scope="module")
def spreadsheets() -> dict[str, bytes]:
    from datetime import date

    from registry.export import export
    from registry.i18n import Messages

    register = load(FIXTURE).register
    assert register is not None
    return {fmt: export(register, fmt, Messages("fr"), date(2026, 11, 23)) for fmt in ("ods", "xlsx")}


@pytest.mark.parametrize("case", range(SHEETS))
def test_crafted_spreadsheets(case: int, spreadsheets: dict[str, bytes], tmp_path: Path) -> None:
    """An export with its XML changed as an attacker would: imported, or refused with located problems; no
    traceback, no hang, and nothing written when refused."""
    import io
    import re
    import signal
    import zipfile

    from click.testing import CliRunner

    from registry.cli import cli

    rng = random.Random(SEED * 1000 + case)
    fmt = ("ods", "xlsx")[case % 2]
    source = zipfile.ZipFile(io.BytesIO(spreadsheets[fmt]))
    xml = [n for n in source.namelist() if n.endswith(".xml")]
    changed = set(rng.sample(xml, k=min(3, len(xml)))) | {"content.xml", "xl/workbook.xml", "xl/sharedStrings.xml"}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name in changed:
                for _ in range(rng.randint(1, 4)):
                    pattern, replacement = rng.choice(SHEET_MUTATIONS)
                    if b"%d" in replacement:
                        replacement = replacement.replace(b"%d", str(rng.choice([0, 7, 10**6, 10**9, 2**63])).encode())
                    found = list(re.finditer(pattern, content))
                    for match in sorted(rng.sample(found, k=min(len(found), rng.randint(1, 3))),
                                        key=lambda m: -m.start()):
                        content = content[:match.start()] + match.expand(replacement) + content[match.end():]
                if rng.random() < 0.1:
                    content = content[: rng.randrange(len(content) + 1)]
            target.writestr(name, content)
    path = tmp_path / f"crafted.{fmt}"
    path.write_bytes(out.getvalue())

    def stop(*_: object) -> None:
        raise TimeoutError("the import did not end")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(120)
    try:
        result = CliRunner().invoke(cli, ["import", "cnil", str(path), "--into", str(tmp_path / "imported")])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        assert not (tmp_path / "imported").exists()
        return
    for written in (tmp_path / "imported" / "activities").iterdir():
        data = yaml.safe_load(written.read_text(encoding="utf-8"))
        assert not {"status", "waivers"} & set(data), written.name
