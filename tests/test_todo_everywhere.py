"""``todo`` is the unknown marker in every fact field that takes free text, as in the closed ones: the
check reports it (A30005), the documents say "À compléter", the notices refuse it or, drafted, mark it.

The fields are found in the model itself, so a text field added later is swept too.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import shutil
import types
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import openpyxl
import pytest
import yaml
from pydantic import BaseModel

from registry import load
from registry.export import export
from registry.i18n import Messages
from registry.lint.runner import check
from registry.loading.version import Version
from registry.models import Activity, RegistryFile
from registry.models.common import Text
from registry.notices import compose
from registry.views import BuildInfo, register_view

from .conftest import CONSENT, FIXTURE, activity
from .test_vocabulary_sweep import RICH

Path_ = tuple[str | int, ...]

TEXTS: dict[str, Any] = copy.deepcopy(RICH)
"""The rich activity with every free-text field written."""
TEXTS.update({
    "reference": "1 - Exemple",
    "software": ["Axonaut"],
    "notes": "Revu en comité",
    "waivers": [{"rule": "RT003", "reason": "Cycle d'achat de 5 ans"}],
})
TEXTS["joint_controllers"][0].update({"phone": "04 00 00 00 00",
                                      "address": {"street": "1 rue X", "postcode": "69001", "city": "Lyon"}})
TEXTS["purposes"]["sub"][0]["consent"]["proof"] = "Horodatage"
TEXTS["data_subjects"][0]["details"] = "Particuliers"
TEXTS["data_categories"][0].update({"reason": "Livraison"})
TEXTS["data_categories"][0]["retention"]["from_event"] = "la livraison"
TEXTS["recipients"][0]["details"] = "Les commandes seulement"
TEXTS["security_measures"][0]["details"] = "AES-256"
TEXTS["transfers"][0].update({"documentation": "DPF-2024", "safeguards": "Chiffrement"})
TEXTS["dpia"]["justification"] = "Avis du DPO"
NOT_FACTS = {("waivers", 0, "rule")}
"""Text that is not a fact of the register: a rule's code (W001 checks it)."""


def _core(annotation: Any) -> Any:
    """The type a field holds, without None, ``todo`` or the list around it."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _core(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kept = [a for a in typing.get_args(annotation)
                if a is not type(None) and _core(a) != Literal["todo"]]
        return _core(kept[0]) if len(kept) == 1 else annotation
    if origin is list:
        return _core(typing.get_args(annotation)[0])
    return annotation


def _free_text(info: Any) -> bool:
    core = _core(info.annotation)
    plain = core is str and not info.metadata and not any(
        typing.get_origin(a) is typing.Annotated for a in typing.get_args(info.annotation) or (info.annotation,))
    return core is Text or plain


def text_fields(model: type[BaseModel], data: Any, path: Path_ = ()) -> list[tuple[Path_, tuple[str, str]]]:
    """Each free-text field of ``model`` written in ``data``: its path, and its (model, field) name."""
    found = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        core = _core(info.annotation)
        nested = isinstance(core, type) and issubclass(core, BaseModel)
        if not (nested or _free_text(info)) or not isinstance(data, dict) or key not in data:
            continue
        many = typing.get_origin(_strip(info.annotation)) is list
        items = list(enumerate(data[key])) if many else [(None, data[key])]
        for index, item in items:
            where = (*path, key) if index is None else (*path, key, index)
            if nested:
                found += text_fields(core, item, where)
            elif where not in NOT_FACTS:
                found.append((where, (model.__name__, name)))
    return found


def every_text_field(model: type[BaseModel]) -> set[tuple[str, str]]:
    """Every (model, field) holding free text, in ``model`` and the models it holds."""
    found = set()
    for name, info in model.model_fields.items():
        core = _core(info.annotation)
        if isinstance(core, type) and issubclass(core, BaseModel):
            found |= every_text_field(core)
        elif _free_text(info):
            found.add((model.__name__, name))
    return found


def _strip(annotation: Any) -> Any:
    """The annotation without None and ``todo`` branches (to see whether it is a list)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _strip(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kept = [a for a in typing.get_args(annotation) if a is not type(None) and _core(a) != Literal["todo"]]
        return _strip(kept[0]) if len(kept) == 1 else annotation
    return annotation


def _fields() -> list[Path_]:
    return [path for path, _ in text_fields(Activity, TEXTS)]


def _set(data: dict[str, Any], path: Path_, value: object) -> None:
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path_]]:
    root = tmp_path_factory.mktemp("todo") / "register"
    shutil.copytree(FIXTURE, root)
    for path in (root / "activities").glob("*.yaml"):
        path.unlink()
    where: dict[str, Path_] = {}
    for number, field in enumerate(_fields(), start=1):
        activity = copy.deepcopy(TEXTS)
        activity["id"] = f"T-{number:03d}"
        _set(activity, field, "todo")
        where[activity["id"]] = field
        (root / "activities" / f"{activity['id']}.yaml").write_text(
            yaml.safe_dump(activity, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root, where


def test_the_sweep_finds_the_models_text_fields() -> None:
    covered = {field for _, field in text_fields(Activity, TEXTS)}
    assert every_text_field(Activity) - covered - {("Waiver", "rule")} == set(), "write them in TEXTS"
    fields = _fields()
    assert ("purposes", "sub", 0, "consent", "withdrawal") in fields
    assert ("transfers", 0, "documentation") in fields and ("software", 0) in fields
    assert ("owner",) not in fields and ("id",) not in fields  # a reference and an id are not free text


def test_todo_in_any_text_field_is_reported_where_it_is(swept: tuple[Path, dict[str, Path_]]) -> None:
    root, where = swept
    result = load(root)
    assert result.ok, [str(p) for p in result.problems][:5]
    register = result.register
    reported = {p.path for p in check(register, date(2025, 6, 1), select=["A30005"])}
    assert sorted(f"activities/{ref}.yaml" for ref in where if f"activities/{ref}.yaml" not in reported) == []


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    return []


TODO_WORD = re.compile(r"\btodo\b")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_document_prints_todo(swept: tuple[Path, dict[str, Path_]], language: str, tmp_path: Path) -> None:
    root, where = swept
    register = load(root).register
    view = register_view(register, Messages(language), BuildInfo(Version(None, False), datetime(2026, 1, 1)))
    printed = [where[fiche.id] for fiche in view.fiches if any(TODO_WORD.search(s) for s in _strings(fiche))]
    assert printed == [], printed
    assert not [s for s in _strings(view.annexes) if TODO_WORD.search(s)]
    for layer in ("full", "short", "first-contact"):
        notices = compose(register, [], layer=layer, language=language, draft=True).notices
        assert [where[n.id.split(".")[0]] for n in notices if any(TODO_WORD.search(s) for s in _strings(n))] == []
    book = tmp_path / "r.xlsx"
    book.write_bytes(export(register, "xlsx", Messages(language), date(2026, 1, 1)))
    cells = [c for sheet in openpyxl.load_workbook(book) for row in sheet.iter_rows(values_only=True) for c in row]
    assert [c for c in cells if isinstance(c, str) and TODO_WORD.search(c)] == []


def test_a_notice_refuses_a_text_it_states_that_is_still_todo(run, example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(
        activity(CONSENT).replace("withdrawal: Lien de désinscription", "withdrawal: todo"), encoding="utf-8")
    refused = run("notice", example, "T-01")
    assert refused.exit_code == 1 and "N001" in refused.output and "purposes.main.consent.withdrawal" in refused.output
    drafted = run("notice", example, "T-01", "--draft")
    assert drafted.exit_code == 0 and ": todo" not in drafted.output
    assert "[À COMPLÉTER : information encore à compléter]" in drafted.output
    checked = run("check", example, "--select", "A30005")
    assert checked.exit_code == 1 and "'withdrawal' is still to be completed" in checked.output


def test_todo_in_every_text_of_registry_yaml_is_reported_and_never_printed(example: Path, tmp_path: Path) -> None:
    """The same for registry.yaml: every free-text field of its model, written ``todo`` at once."""
    settings = example / "registry.yaml"
    data = yaml.safe_load(settings.read_text(encoding="utf-8"))
    data["organisation"]["legal_representative"]["role"] = "Gérante"
    data["eu_representative"] = {"name": "Rep", "phone": "01", "address": {"street": "1 rue", "postcode": "1000",
                                                                          "city": "Bruxelles", "country": "BE"}}
    data["publication"]["rights_contact"] = "droits@rhone-lumiere.example"
    data["departments"][0]["name"] = "Commercial"
    fields = [path for path, _ in text_fields(RegistryFile, data)]
    covered = {field for _, field in text_fields(RegistryFile, data)}
    assert every_text_field(RegistryFile) - covered - {("Checks", "select"), ("Checks", "ignore")} == set()
    for path in fields:
        _set(data, path, "todo")
    settings.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = load(example)
    assert result.ok, [str(p) for p in result.problems][:5]
    register = result.register
    reported = {p.line for p in check(register, date(2025, 6, 1), select=["A30006"])}
    lines = {register.settings_source.locate(path)[0] for path in fields}
    assert lines - reported == set()
    for language in ("fr", "en"):
        view = register_view(register, Messages(language), BuildInfo(Version(None, False), datetime(2026, 1, 1)))
        printed = [s for s in _strings(view.organisation) + _strings(view.fiches) + _strings(view.annexes)
                   if TODO_WORD.search(s)]
        assert printed == []
        for layer in ("full", "short"):
            notices = compose(register, [], layer=layer, language=language, draft=True).notices
            assert [s for n in notices for s in _strings(n) if TODO_WORD.search(s)] == []
        for page in ({"policy": True}, {"partners": True}):
            notices = compose(register, [], language=language, draft=True, **page).notices
            assert [s for n in notices for s in _strings(n) if TODO_WORD.search(s)] == []
        book = tmp_path / f"r.{language}.xlsx"
        book.write_bytes(export(register, "xlsx", Messages(language), date(2026, 1, 1)))
        cells = [c for sheet in openpyxl.load_workbook(book) for row in sheet.iter_rows(values_only=True)
                 for c in row]
        assert [c for c in cells if isinstance(c, str) and TODO_WORD.search(c)] == []
