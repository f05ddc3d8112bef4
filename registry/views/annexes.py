"""The annexes an auditor reads across activities: retention schedule, recipients, transfers, security."""

from __future__ import annotations

from dataclasses import dataclass

from ..law.geography import outside_eea
from ..law.retention_wording import active_period, archive_text
from ..loading.register import ONLINE, ControllerActivity, SourcedActivity
from ..models import Activity
from ..models.vocabulary import given
from .fiche import FicheView, FicheWriter, MeasureView, RecipientView, TransferView, anchor, with_country


@dataclass(frozen=True)
class ActivityLink:
    name: str
    """The activity's id and name, e.g. "GC-01 Gestion des clients"."""
    anchor: str


@dataclass(frozen=True)
class RetentionRow:
    activity: ActivityLink
    category: str
    description: str
    active: str | None
    archive: str
    end: str | None


@dataclass(frozen=True)
class RecipientRow:
    recipient: RecipientView
    activities: list[ActivityLink]


@dataclass(frozen=True)
class TransferRow:
    activity: ActivityLink
    transfer: TransferView


@dataclass(frozen=True)
class MatrixRow:
    activity: ActivityLink
    cells: list[bool]
    """One per security measure of the catalogue, in its order: whether the activity uses it."""


ACTIVITIES_PER_TABLE = 40
"""The long tables (list of activities, retention schedule, security matrix) and the table of contents
are cut into one table or part per this many activities, each starting a page: a large register's
PDF can then be laid out in parallel, and an edit lays out again only its own group. The recipients
index is cut into tables of whole recipients listing about as many activities between them."""


CONTENTS_ON_COVER = 20
"""Entries of the table of contents on the cover, below the document's fields: as many as one page
holds with room to spare, so that the next part, which starts a page, leaves no page nearly empty."""


def in_tables(fiches: list[FicheView], first: int | None = None) -> list[list[FicheView]]:
    """The fiches in groups of ``ACTIVITIES_PER_TABLE`` (the first of ``first``, when given); an empty
    register still has one, empty."""
    first = ACTIVITIES_PER_TABLE if first is None else first
    groups = [fiches[:first]]
    groups += [fiches[start:start + ACTIVITIES_PER_TABLE] for start in range(first, len(fiches), ACTIVITIES_PER_TABLE)]
    return groups


@dataclass(frozen=True)
class AnnexesView:
    retention: list[list[RetentionRow]]
    """The retention schedule, one table per group of activities."""
    recipients: list[list[RecipientRow]]
    """The recipients index, one table per group of recipients (see ``ACTIVITIES_PER_TABLE``)."""
    transfers: list[TransferRow]
    unplaced: list[str]
    """Recipients the register does not place in a country: with them, no transfer cannot be said."""
    undeclared: list[str]
    """Recipients outside the EU/EEA to which an activity declares no transfer (TR004), with their country."""
    measures: list[MeasureView]
    matrix: list[list[MatrixRow]]
    """The security matrix, one table per group of activities."""


@dataclass(frozen=True)
class ActivityRows:
    """What an activity adds to the annexes; it follows from the activity and ``registry.yaml`` alone."""

    link: ActivityLink
    retention: list[RetentionRow]
    recipients: list[str]
    transfers: list[TransferRow]
    cells: list[bool]
    """A security matrix row (see :attr:`MatrixRow.cells`)."""


def annexes_view(writer: FicheWriter, activities: list[ControllerActivity]) -> AnnexesView:
    retention: list[list[RetentionRow]] = [[]]
    transfers: list[TransferRow] = []
    recipients: dict[str, RecipientRow] = {}
    matrix: list[list[MatrixRow]] = [[]]
    for number, sourced in enumerate(activities):
        rows = writer.kept("annex rows", sourced, _rows)
        if number and number % ACTIVITIES_PER_TABLE == 0:
            retention.append([])
            matrix.append([])
        retention[-1] += rows.retention
        for ref in rows.recipients:
            if ref not in recipients:
                recipients[ref] = RecipientRow(writer.recipient(ref, None), [])
            recipients[ref].activities.append(rows.link)
        transfers += rows.transfers
        matrix[-1].append(MatrixRow(rows.link, rows.cells))
    return AnnexesView(
        retention=retention,
        recipients=_grouped(sorted(recipients.values(), key=lambda r: (r.recipient.kind, r.recipient.name))),
        transfers=transfers,
        unplaced=[r.recipient.name for r in recipients.values() if r.recipient.country_code is None
                  and writer.register.country_of(r.recipient.id) != ONLINE],
        undeclared=list(dict.fromkeys(
            with_country(recipients[ref].recipient.name, recipients[ref].recipient.country)
            for sourced in activities for ref in sourced.model.recipient_ids
            if ref in recipients and outside_eea(writer.register.country_of(ref))
            and ref not in {x.recipient for x in sourced.model.transfers})),
        measures=[writer.measure(m.id, None) for m in writer.register.settings.security_measures],
        matrix=matrix,
    )


def _rows(writer: FicheWriter, sourced: SourcedActivity, written_from: tuple[str, ...]) -> ActivityRows:
    t, model = writer.t, sourced.model
    assert isinstance(model, Activity), "the annexes list a controller's activities"
    link = ActivityLink(f"{model.id} {t.text(model.name)}", anchor(model.id))
    retention = []
    for key, index, entry in model.retained:
        kept = given(entry.retention)
        vocabulary = "data_category" if key == "data_categories" else "special_category"
        retention.append(RetentionRow(
            activity=link,
            category=t.label(vocabulary, entry.category),
            description=t.text(entry.description) or "",
            active=active_period(kept, t) if kept else writer.retention(sourced, key, index),  # type: ignore[arg-type]
            archive=archive_text(kept.archive, t) if kept and kept.archive else t("document.none"),
            end=t(f"retention.end_only.{kept.end}") if kept else None,
        ))
    used = {m.ref for m in model.security_measures}
    return ActivityRows(
        link=link,
        retention=retention,
        recipients=list(model.recipient_ids),
        transfers=[TransferRow(link, writer.transfer(sourced, i, x)) for i, x in enumerate(model.transfers)],
        cells=[m.id in used for m in writer.register.settings.security_measures],
    )


def _grouped(rows: list[RecipientRow]) -> list[list[RecipientRow]]:
    """Whole recipients, a new table once the current one lists ``ACTIVITIES_PER_TABLE`` activities:
    cut by counts, not names, so renaming an activity changes only the tables that list it."""
    groups: list[list[RecipientRow]] = [[]]
    listed = 0
    for row in rows:
        if listed >= ACTIVITIES_PER_TABLE:
            groups.append([])
            listed = 0
        groups[-1].append(row)
        listed += len(row.activities)
    return groups
