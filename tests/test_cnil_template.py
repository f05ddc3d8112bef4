"""What the CNIL template says, the register can say: contact details, its own references and events,
its recipient types, its sensitive-data question, and authorities that are not recipients."""

from __future__ import annotations

from pathlib import Path

from registry import load
from registry.build import build_register

from .conftest import activity


def html_of(root: Path, page: str = "register.html") -> str:
    result = load(root)
    assert result.ok, [str(p) for p in result.problems]
    return next(a.content.decode() for a in build_register(result.register, ["html"]).artifacts if a.path == page)


def test_each_fiche_gives_contact_details_of_the_actors(example: Path) -> None:
    page = html_of(example, "activities/GC-01.html")
    assert ("<td>Menuiseries Rhône Lumière, 14 rue des Artisans, 69007 Lyon, France, contact@rhone-lumiere.example, "
            "+33 4 72 00 00 00</td>") in page
    assert "Julien Morel, 3 place Bellecour, 69002 Lyon, France, dpo@rhone-lumiere.example" in page


def test_the_template_values_can_be_written(example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(activity(
        ("id: T-01", "id: T-01\nreference: 1 - Exemple"),
        ("      from: end_of_contract", "      from_event: versement de la paie"),
        ("    description: Nom, email", "    description: Nom, email\n    mandatory: false"),
        extra="recipients:\n  - ref: auditor\nsecurity_measures:\n  - ref: bare\n"), encoding="utf-8")
    settings = example / "registry.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "security_measures:\n", "security_measures:\n  - id: bare\n    category: access_control\n", 1), encoding="utf-8")
    register_page = html_of(example)
    assert '<a href="#activity-T-01">1 - Exemple</a>' in register_page
    fiche = html_of(example, "activities/T-01.html")
    assert "3 ans à compter de la date de versement de la paie, puis suppression." in fiche
    security = fiche[fiche.index("Mesures de sécurité"):].split("</table>")[0]
    assert "<td></td></tr>" in security and 'class="todo"' not in security


def test_all_purposes_in_the_list_and_the_nir_answered_alike(example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(activity(
        ("    basis: contract", "    basis: contract\n  sub:\n    - label: Relances\n      basis: contract"),
        extra="  - category: nir\n    description: NIR\n    retention: {duration: P5Y, from: end_of_contract}\n"),
        encoding="utf-8")
    page = html_of(example)
    row = page[page.index('<td class="ref"><a href="#activity-T-01">'):].split("</tr>")[0]
    assert "Gestion des commandes ; Relances" in row and "<td>Oui (NIR)</td>" in row
    fiche = html_of(example, "activities/T-01.html")
    assert "le numéro de sécurité sociale (NIR), enregistré, relève de son propre régime" in fiche


def test_authorities_within_an_inquiry_are_not_recipients(example: Path, run) -> None:
    (example / "activities" / "t.yaml").write_text(activity(extra=(
        "recipients:\n  - ref: sales\n  - ref: tax-authority\n    inquiry_only: true\n"
        "    details: Sur demande, lors d'un contrôle\n")), encoding="utf-8")
    fiche = html_of(example, "activities/T-01.html")
    recipients = fiche[fiche.index("<h3>Destinataires</h3>"):].split("</table>")[0]
    assert "Administration fiscale" not in recipients
    assert "(article 4.9 du RGPD)" in fiche and "Administration fiscale (Sur demande, lors d&#39;un contrôle)" in fiche
    notice = run("notice", example, "T-01", "--draft").output
    assert ("Des autorités publiques peuvent obtenir vos données dans le cadre d'une mission d'enquête particulière, "
            "conformément à la loi : Administration fiscale (sur demande, lors d'un contrôle).") in notice
    assert "Les autorités publiques, lorsque la loi l'exige" not in notice
