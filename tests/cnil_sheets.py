"""Spreadsheets as DPOs really keep them, built with openpyxl: the CNIL template with its oddities.

The tool never wrote these: labels and layout imitate the CNIL's
``registre-traitement-simplifie.ods`` (shared/docs/domain.md §1.3), with the
things real files do: an inserted column, reordered list columns, empty rows,
merged section titles, dates typed as text, a fiche copied to a new sheet, the
CNIL's example and the blank model left in, and a fiche full of gaps.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

DATA_ROWS = ["État civil, identité, données d'identification, images…",
             "Vie personnelle (habitudes de vie, situation familiale, etc.)",
             "Informations d'ordre économique et financier (revenus, situation financière, situation fiscale, etc.)",
             "Données de connexion (adress IP, logs, etc.)",
             "Données de localisation (déplacements, données GPS, GSM, etc.)",
             "Numéro de Sécurité Sociale (ou NIR)"]
SENSITIVE_ROWS = ["Données révélant l'origine raciale ou ethnique", "Données révélant les opinions politiques",
                  "Données révélant les convictions religieuses ou philosophiques",
                  "Données révélant l'appartenance syndicale", "Données génétiques",
                  "Données biométriques aux fins d'identifier une personne physique de manière unique",
                  "Données concernant la santé", "Données concernant la vie sexuelle ou l'orientation sexuelle",
                  "Données relatives à des condamnations pénales ou infractions"]


def _section(ws: Worksheet, title: str, *headers: str) -> None:
    ws.append([])
    ws.append([title])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=8)
    if headers:
        ws.append(["", *headers])


def fiche(ws: Worksheet, name: str, ref: str, created: object, updated: object, *, purposes: list[tuple[str, str]],
          data: dict[int, tuple[str, str]], sensitive: dict[int, tuple[str, str]] | None = None,
          subjects: list[tuple[str, str]] = (), recipients: list[tuple[str, str]] = (),
          measures: list[tuple[str, str]] = (), transfers: list[tuple[str, str, str, str]] = ()) -> None:
    """One fiche as sheet 3 of the template lays it out, with a legal basis column some DPOs add."""
    ws.append(["Fiche de registre", None, None, None, "ref-001"])
    _section(ws, "Description du traitement")
    ws.append(["Nom du traitement", name])
    ws.append(["N° / RÉF", ref])
    ws.append(["Date de création du traitement", created])
    ws.append(["Mise à jour du traitement", updated])
    _section(ws, "Acteurs", "Nom", "Adresse", "Code Postal", "Ville", "Pays", "Téléphone", "Adresse mél")
    ws.append(["Responsable du traitement", "Boulangerie Dupain SARL", "2 rue du Four", 31000, "Toulouse", "France",
               "05 61 00 00 00", "contact@dupain.example"])
    ws.append(["Délégué à la protection des données", "Claire Martin", "", "", "", "", "", "dpo@dupain.example"])
    ws.append(["Société du DPO (si celui-ci est externe)"])
    ws.append(["Représentant"])
    ws.append(["Responsable(s) conjoint(s)"])
    _section(ws, "Finalité(s) du traitement effectué", "Description", "Base légale")
    for index, (label, basis) in enumerate(purposes):
        ws.append(["Finalité principale" if index == 0 else f"Sous-finalité {index}", label, basis or None])
    for index in range(len(purposes), 6):
        ws.append([f"Sous-finalité {index}" if index else "Finalité principale"])
    _section(ws, "Catégories de données personnelles concernées", "Description", "Durée de conservation")
    for index, row in enumerate(DATA_ROWS):
        description, retention = data.get(index, ("", ""))
        ws.append([row, description or None, retention or None])
    _section(ws, "Données sensibles", "Description", "Durée de conservation")
    for index, row in enumerate(SENSITIVE_ROWS):
        description, retention = (sensitive or {}).get(index, ("", ""))
        ws.append([row, description or None, retention or None])
    _section(ws, "Catégories de personnes concernées", "Description", "Précisions")
    for index, (kind, details) in enumerate([*subjects, ("", ""), ("", "")][:max(2, len(subjects))], start=1):
        ws.append([f"Catégorie de personnes {index}", kind or None, details or None])
    _section(ws, "Destinataires", "Type de destinataire", "Précisions")
    for index, (kind, details) in enumerate([*recipients, *[("", "")] * 4][:max(4, len(recipients))], start=1):
        ws.append([f"Destinataire {index}", kind or None, details or None])
    _section(ws, "Mesures de sécurité", "Type de mesure de sécurité", "Précisions")
    for index, (kind, details) in enumerate([*measures, *[("", "")] * 3][:max(3, len(measures))], start=1):
        ws.append([f"Mesure de sécurité {index}", kind or None, details or None])
    _section(ws, "Transferts hors UE", "Destinataire", "Pays", "Type de Garanties", "Liens vers la documentation")
    for index, row in enumerate([*transfers, *[("", "", "", "")] * 4][:max(4, len(transfers))], start=1):
        ws.append([f"Organisme destinataire {index}", *(v or None for v in row)])


CLIENTS = dict(
    purposes=[("Gestion des commandes et de la facturation", "Contrat"), ("Programme de fidélité", "Consentement")],
    data={0: ("Nom, prénom, téléphone, adresse mél", "3 ans à compter de la fin de la relation commerciale"),
          2: ("Historique des achats, moyen de paiement", "10 ans"),
          3: ("Adresse IP des commandes en ligne", "1 an")},
    subjects=[("Clients", "Clients particuliers")],
    recipients=[("Service interne qui traite les données", "Service commercial"),
                ("Sous-traitants", "Hébergeur du site web")],
    measures=[("Contrôle d'accès des utilisateurs", "Mots de passe individuels"),
              ("Sauvegarde des données", "Sauvegarde hebdomadaire")],
)
GAPS = dict(
    purposes=[("Gestion des bénévoles de l'association de quartier", "")],
    data={0: ("Nom, prénom, téléphone", ""), 1: ("Disponibilités", "Tant que nécessaire")},
    sensitive={6: ("Allergies déclarées pour les dégustations", "")},
    subjects=[("Bénévoles", "")],
    measures=[("Coffre-fort", "Armoire fermée à clé")],
    transfers=[("Outil de planning", "Etats-Unis", "Privacy shield", "")],
)


def messy_workbook(path: Path, extra_fiches: int = 0) -> Path:
    """The CNIL spreadsheet as a DPO left it: see the module docstring."""
    book = Workbook()
    tutorial = book.active
    tutorial.title = "Tutoriel"
    tutorial.append(["Votre registre sera finalement constitué d'une liste de traitement (onglet 2) et d'au moins "
                     "une fiche de registre (onglet 3)"])
    listing = book.create_sheet("2 - Liste des traitements")
    listing.append(["Coordonnées du responsable de l'organisme (responsable de traitement ou son représentant si le "
                    "responsable est situé en dehors de l'UE)"])
    for label, value in (("Nom :", "Dupain"), ("Prénom :", "Marc"), ("Adresse :", "2 rue du Four"),
                         ("Adresse mél :", "contact@dupain.example"), ("Code postal :", 31000.0),
                         ("Ville :", "Toulouse"), ("Téléphone :", "05 61 00 00 00")):
        listing.append(["", label, value])  # an inserted first column
    listing.append([])
    listing.append(["", "Coordonnées du délégué à la protection des données (DPO)"])
    for label, value in (("Nom :", "Martin"), ("Prénom :", "Claire"), ("Société (si DPO externe) :", None),
                         ("Adresse mél :", "dpo@dupain.example")):
        listing.append(["", label, value])
    listing.append([])
    listing.append([])
    listing.append(["", "Identification du traitement", None, None, None, "Finalité du traitement", "Données sensibles ?"])
    listing.append(["", "N° / RÉF", "Nom du traitement", "Commentaire interne", "Dernière mise à jour de la fiche",
                    "Finalité du traitement", "Données sensibles ? Oui/non", "Date de création de la fiche"])
    listing.append(["", "1 - Exemple", "(EXEMPLE) Gestion de la paie", None, "13/05/2019", "Gestion de la paie", "Non",
                    "26/05/2018"])
    listing.append(["", "CLI-1", "Gestion des clients", "revu en comité", "02/02/2024",
                    "Gestion des commandes, fidélité", "Non", datetime(2021, 3, 15)])
    listing.append([])
    listing.append(["", "BEN-1", "Gestion des bénévoles", None, "bientôt", "Planning des bénévoles", "Oui", None])
    for n in range(extra_fiches):
        listing.append(["", f"F-{n + 1:02}", f"Activité numéro {n + 1}", None, "01/06/2025", "Finalité", "Non",
                        "01/01/2025"])

    fiche(book.create_sheet("3 - Modèle de fiche"), None, None, None, None, purposes=[], data={})
    fiche(book.create_sheet("4 - Exemple de fiche"), "(EXEMPLE) Gestion de la paie", "1 - Exemple",
          datetime(2018, 5, 26), datetime(2019, 5, 13), purposes=[("Gestion de la paie", "")],
          data={0: ("Nom, prénom", "5 ans")})
    fiche(book.create_sheet("Fiche 1"), "Gestion des clients", "CLI-1", "le 15 mars 2021", datetime(2024, 2, 2),
          **CLIENTS)
    fiche(book.create_sheet("Fiche 1 (2)"), "Gestion des clients", "CLI-1", "le 15 mars 2021", datetime(2024, 2, 2),
          **CLIENTS)
    gaps = book.create_sheet("Fiche 3")
    fiche(gaps, "Gestion des bénévoles", "BEN-1", "2022-09-01", "bientôt", **GAPS)
    gaps["J20"] = "Note : vérifier avec la DSI"  # a remark typed beside the tables
    recipients = next(row[0].row for row in gaps.iter_rows() if row[0].value == "Destinataires") + 1
    gaps.cell(recipients, 4, "Commentaire interne")  # a column of the DPO's own
    gaps.cell(recipients + 1, 4, "à confirmer par le bureau")
    for n in range(extra_fiches):
        fiche(book.create_sheet(f"Fiche F{n + 1}"), f"Activité numéro {n + 1}", f"F-{n + 1:02}", "01/01/2025",
              "01/06/2025", purposes=[(f"Finalité de l'activité {n + 1}", "Intérêt légitime")],
              data={0: ("Nom, prénom", "2 ans")}, subjects=[("Prospects", "")],
              recipients=[("Service interne qui traite les données", "Direction")],
              measures=[("Chiffrement des données", "")])
    lists = book.create_sheet("5 - Listes")
    lists.append(["Garanties", "Clauses contractuelles types (CCT)", "Privacy shield"])
    book.save(path)
    return path
