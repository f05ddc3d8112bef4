"""What changed in the register's meaning between two versions, in the register's own words.

Both versions are turned into the same typed views the register document
shows, then each fiche into labelled facts ("Durée de conservation —
Identité", "Destinataire — Mailjet"); comparing facts, not lines, means a
reformatted file changes nothing, a renamed file is the same activity (matched
by id), and a processor moving to another country shows on every activity
that sends it data.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..cache.memo import Memo
from ..cache.store import Cache
from ..errors import ProblemsError, RegistryError
from ..i18n import Messages
from ..kept import NOTHING, Kept
from ..lint.runner import check
from ..loading.history import Revision, read_blobs, register_tree, resolve
from ..loading.loader import SETTINGS_FILE, ParseCache, load, load_files, processor_register
from ..loading.register import Register, SourcedActivity
from ..loading.yamlsource import content_digest
from ..problems import Problem
from ..views.fiche import FicheView, FicheWriter
from ..views.flows import flow_view, same_flows
from ..views.gaps import Gaps
from .changeset import ActivityChange, FactChange, Finding, RegisterChanges


def facts(fiche: FicheView, t: Messages) -> dict[str, str]:
    """A fiche as labelled facts, each label unique within the fiche."""
    found: dict[str, str] = {}

    def put(label: str, value: str | None) -> None:
        if value is None or value == "":
            return
        key, n = label, 2
        while key in found:
            key, n = f"{label} ({n})", n + 1
        found[key] = value

    put(t("list.name"), fiche.name)
    put(t("list.ref"), fiche.reference)
    put(t("fiche.description"), fiche.description)
    put(t("list.status"), fiche.status)
    put(t("fiche.owner"), fiche.owner)
    put(t("fiche.software"), ", ".join(fiche.software))
    for transfer in fiche.transfers:
        put(f"{t('fiche.transfers')} — {transfer.recipient}", f"{transfer.country}, {transfer.tool}")
    for measure in fiche.security:
        put(f"{t('fiche.security')} — {measure.kind}", measure.details or "✓")
    part = fiche.controller
    if part is not None:
        for purpose in part.purposes:
            put(f"{t('fiche.legal_basis')} « {purpose.label} »", purpose.basis)
        for data in part.data:
            put(f"{t('fiche.data_categories')} — {data.category}", data.description)
            put(f"{t('fiche.retention')} — {data.category}", data.retention)
        for special in part.special:
            put(f"{t('fiche.special_categories')} — {special.category}", special.description)
            put(f"{t('fiche.retention')} — {special.category}", special.retention)
        for subject in part.subjects:
            put(f"{t('fiche.data_subjects')} — {subject.category}", subject.details or "✓")
        for recipient in part.recipients:
            put(f"{t('fiche.recipient')} — {recipient.name}", f"{recipient.kind}, {recipient.country}")
        put(t("fiche.dpia"), part.dpia.status)
        put(t("fiche.dpia_screening"), part.dpia.verdict)
        if part.prospecting:
            put(t("fiche.prospecting"), f"{part.prospecting.channels} ({part.prospecting.audience})")
        if part.transmission:
            put(t("fiche.transmission"), ", ".join(part.transmission.partners))
    if fiche.processor is not None:
        for client in fiche.processor.clients:
            put(f"{t('fiche.clients')} — {client.name}", "✓")
        for recipient in fiche.processor.sub_processors:
            put(f"{t('fiche.sub_processors')} — {recipient.name}", recipient.country)
    return found


def _fiches(register: Register, t: Messages, ids: set[str], kept: Kept) -> dict[str, FicheView]:
    writer = FicheWriter(register, t, Gaps(register), kept)
    return {a.model.id: writer.fiche(a) for a in register.activities if a.model.id in ids}


def _findings(register: Register, today: date, only: set[str] | None) -> set[Finding]:
    ids = {a.path: a.model.id for a in register.activities}
    return {Finding(p.code, ids.get(p.path, p.path), p.message, str(p.severity))
            for p in check(register, today, only=only)}


def compare(before: Register, after: Register, t: Messages, before_name: str, after_name: str,
            today: date, with_findings: bool = True, kept: Kept = NOTHING) -> RegisterChanges:
    """What changed from ``before`` to ``after``; the fiches compared are written once for what they follow
    from, as the register document's (see :meth:`FicheWriter.kept`)."""
    was_at = {a.model.id: a for a in before.activities}
    now_at = {a.model.id: a for a in after.activities}
    same_catalogue = before.settings == after.settings
    # Facts follow from an activity and the catalogue: with both unchanged, so are its facts.
    compared = {i for i in was_at.keys() | now_at.keys()
                if not (same_catalogue and i in was_at and i in now_at and _same(was_at[i], now_at[i]))}
    old, new = _fiches(before, t, compared, kept), _fiches(after, t, compared, kept)
    changes = []
    for activity_id in sorted(compared | {i for i in was_at.keys() & now_at.keys()
                                          if was_at[i].path != now_at[i].path}):
        if activity_id not in was_at:
            changes.append(ActivityChange(activity_id, new[activity_id].name, "added", flows_changed=True))
        elif activity_id not in now_at:
            changes.append(ActivityChange(activity_id, old[activity_id].name, "removed"))
        else:
            was = facts(old[activity_id], t) if activity_id in old else {}
            now = facts(new[activity_id], t) if activity_id in new else {}
            diffs = [FactChange(label, was.get(label), now.get(label))
                     for label in [*was, *(k for k in now if k not in was)] if was.get(label) != now.get(label)]
            old_path, new_path = was_at[activity_id].path, now_at[activity_id].path
            moved = old_path if old_path != new_path else None
            if diffs or moved:
                name = new[activity_id].name if activity_id in new else t.text(now_at[activity_id].model.name) or ""
                flowing = activity_id in old and activity_id in new and not same_flows(
                    flow_view(old[activity_id], t), flow_view(new[activity_id], t))
                changes.append(ActivityChange(activity_id, name, "changed", diffs, moved, flowing))
    # With registry.yaml unchanged, an activity whose data did not change keeps its findings: only the
    # changed ones are checked again (with the register-wide rules), which keeps a large diff fast.
    touched = {c.id for c in changes} if same_catalogue else None
    earlier, later = ((_findings(before, today, touched), _findings(after, today, touched)) if with_findings
                      else (set(), set()))
    return RegisterChanges(before_name, after_name, changes, sorted(later - earlier), sorted(earlier - later))


def _same(was: SourcedActivity, now: SourcedActivity) -> bool:
    """Whether an activity's data is unchanged: most often, it is the very file loaded once for both."""
    return was is now or was.model == now.model


def register_at(root: Path, spec: str | Revision | None, cache: ParseCache | None = None,
                kept: Cache | None = None, now: Register | None = None) -> tuple[Register, str]:
    """The register at a revision (resolved, or a name or date) or the working tree when ``spec`` is None,
    with how to name it; ``cache`` and ``kept`` as for :func:`~registry.loading.loader.load_files`. The files
    that hold at the revision what they hold in the register ``now`` are taken from it as they are (see
    :func:`_files_at`).

    A revision at which the register did not validate is a clear error, not a traceback.
    """
    if spec is None:
        result = load(root, kept)
        if result.register is None or not result.ok:
            raise ProblemsError(result.problems)
        return result.register, ""
    revision = spec if isinstance(spec, Revision) else resolve(root, spec)
    settings, activities, same, refused = _files_at(root, revision, kept or Cache(None), now)
    result = load_files(root, settings, activities, cache=cache, kept=kept, loaded=same, refused=refused)
    if result.register is None or not result.ok:
        first = result.problems[0] if result.problems else "no registry.yaml"
        raise RegistryError(f"the register at revision {revision.short} does not validate "
                            f"({len(result.problems)} problem(s); first: {first})")
    return result.register, revision.short


def _files_at(root: Path, revision: Revision, kept: Cache, now: Register | None
              ) -> tuple[bytes | None, dict[str, bytes], list[SourcedActivity], list[Problem]]:
    """``registry.yaml`` and the activity files at ``revision``: read from git, or taken loaded from ``now``.

    A year's history changes few of a register's files, and a build compares that year-old register
    with today's. Which files are the same is known without reading them when the cache holds their
    digests from an earlier read of the same git tree; an activity is taken from ``now`` only if the
    two registers are of one kind, which decides how it loads. Files the reader refuses unread (links out of the
    register, blobs over the size limit) come back as problems."""
    listed = register_tree(root, revision)
    tree = listed.blobs
    settings_blob = tree.pop(SETTINGS_FILE, None)
    settings = read_blobs(root, {SETTINGS_FILE: settings_blob})[SETTINGS_FILE] if settings_blob else None
    read: dict[str, bytes] = {}

    def read_all() -> dict[str, str]:
        """Every activity file, read now; what the cache keeps of them is their digests."""
        read.update(read_blobs(root, tree))
        return {path: content_digest(path, raw) for path, raw in read.items()}

    digests = (Memo(kept).remember("digests of tree", tuple(f"{path} {blob}" for path, blob in sorted(tree.items())),
                                   read_all) if kept.remembers else read_all())
    if len(read) == len(tree):  # read in full just now: nothing to take from ``now``
        return settings, read, [], listed.problems
    same: list[SourcedActivity] = []
    if now is not None and settings is not None and processor_register(settings, kept) == now.is_processor:
        current = {a.path: a for a in now.activities}
        same = [current[path] for path in tree if path in current and current[path].digest == digests.get(path)]
    taken = {a.path for a in same}
    activities = read_blobs(root, {path: blob for path, blob in tree.items() if path not in taken})
    return settings, activities, same, listed.problems


def diff(root: Path, before: str, after: str | None, language: str | None,
         today: date, kept: Cache | None = None) -> tuple[RegisterChanges, Messages, Register]:
    """``registry diff``: the changes from revision ``before`` to ``after`` (the working tree when None), in
    ``language`` (by default the later register's), with the messages and the later register."""
    shared: ParseCache = {}  # a file unchanged between the two revisions is parsed once
    new, new_name = register_at(root, after, shared, kept)
    old, old_name = register_at(root, before, shared, kept, now=new)
    t = Messages(language or new.settings.settings.language)
    with Memo(kept or Cache(None), root, t.language) as memory:
        changes = compare(old, new, t, _name(root, before, old_name, t), _name(root, after, new_name, t), today,
                          kept=memory)
    return changes, t, new


def _name(root: Path, spec: str | None, short: str, t: Messages) -> str:
    if spec is None:
        return t("changes.working_tree")
    return t("changes.revision", short=short, date=t.date(resolve(root, spec).day))
