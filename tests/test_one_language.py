"""Messages speak English, documents their own language: a preview never lists English problems under a
French title, and says which language each part is in."""

from __future__ import annotations

from pathlib import Path

from registry.serve import Preview


def test_the_preview_banner_is_a_diagnostic_in_english_above_a_french_register(example: Path) -> None:
    fiche = example / "activities" / "gestion-clients.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("basis: contract", "basis: todo", 1), encoding="utf-8")
    preview = Preview(example)
    preview.refresh()
    page = preview.pages["/register.html"].decode()
    assert '<html lang="fr">' in page and "Gestion des clients" in page
    banner = page[page.index('<section id="registry-problems"'):page.index("</section>")]
    assert 'lang="en"' in banner and "The register fails compliance checks" in banner and "A30005" in banner
    assert "registre" not in banner.lower()

    fiche.write_text("purposes: [unclosed\n", encoding="utf-8")
    preview.refresh()
    error = preview.pages["/register.html"].decode()
    assert '<html lang="en">' in error and "The register cannot be shown" in error and "V001" in error
