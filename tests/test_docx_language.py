"""The Word notice is an A4 document that Word proofs in the notice's language, read back from its XML."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from .test_notice_documents import written

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("lang, tag", [("fr", "fr-FR"), ("en", "en-GB")])
def test_word_notice_is_a4_in_the_notice_language(run, example: Path, tmp_path: Path, lang: str, tag: str) -> None:
    from lxml import etree

    [content] = written(run, example, tmp_path, "PR-01", "--format", "docx", "--lang", lang).values()
    parts = zipfile.ZipFile(io.BytesIO(content))
    document = etree.fromstring(parts.read("word/document.xml"))
    [size] = document.iter(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # 210 × 297 mm in twentieths of a point
    runs = list(document.iter(f"{W}r"))
    assert len(runs) > 20 and any(run.getparent().tag == f"{W}hyperlink" for run in runs)
    assert [run.find(f"{W}rPr/{W}lang").get(f"{W}val") for run in runs] == [tag] * len(runs)
    styles = etree.fromstring(parts.read("word/styles.xml"))
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == tag
    assert {lang.get(f"{W}val") for lang in styles.iter(f"{W}lang")} == {tag}
    languages = set(re.findall(rb'<w:(?:lang|themeFontLang) w:val="([^"]+)"', b"".join(
        parts.read(name) for name in parts.namelist() if name.startswith("word/"))))
    assert languages == {tag.encode()}
    assert f"<dc:language>{tag}</dc:language>" in parts.read("docProps/core.xml").decode()
