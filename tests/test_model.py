"""The model's own behaviour: texts per language, durations, processor registers, references."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from registry import load
from registry.loading.references import iter_references
from registry.models import Activity, Text
from registry.models.common import _parse_text
from registry.models.duration import Duration

from .conftest import MINIMAL_ACTIVITY, REPO


def test_text_written_once_serves_every_language() -> None:
    text = _parse_text("Gestion des clients")
    assert text.get("fr") == text.get("en") == "Gestion des clients"


def test_text_per_language_falls_back_to_default() -> None:
    text = _parse_text({"fr": "Clients"})
    assert text.get("en") == "Clients"
    assert not text.has("en")
    assert _parse_text({"fr": "Clients", "en": "Customers"}).get("en") == "Customers"


@pytest.mark.parametrize("bad", ["", "  ", {}, {"de": "Kunden"}, {"fr": ""}, ["a"]])
def test_text_rejects(bad: object) -> None:
    with pytest.raises(Exception):
        _parse_text(bad)


@pytest.mark.parametrize(("text", "days"), [("P3Y", 1095), ("P13M", 390), ("P1Y6M", 545), ("P2W", 14), ("P30D", 30)])
def test_durations(text: str, days: int) -> None:
    duration = Duration.parse(text)
    assert duration.approximate_days == days
    assert str(duration) == text


@pytest.mark.parametrize("bad", ["P", "3Y", "P0Y", "PT5H", "P1.5Y", "p3y", ""])
def test_bad_durations(bad: str) -> None:
    with pytest.raises(ValueError):
        Duration.parse(bad)


def test_example_covers_the_commercial_purposes_and_what_every_firm_keeps() -> None:
    result = load(REPO)
    assert result.ok
    ids = [a.model.id for a in result.register.activities]
    assert sorted(ids) == ["AV-01", "CF-01", "FO-01", "GC-01", "PR-01", "RH-01", "RH-02", "RH-03", "RH-04",
                           "SI-01", "ST-01", "WEB-01"]
    for activity in result.register.activities:
        for purpose in activity.model.purposes.all():
            assert purpose.basis  # each purpose carries its own basis


def test_references_are_found_through_lists_and_optionals() -> None:
    activity = load(REPO).register.activities[0].model
    locs = {loc for loc, _, _ in iter_references(activity)}
    assert ("owner",) in locs
    assert ("recipients", 0, "ref") in locs
    assert ("security_measures", 0, "ref") in locs


def test_retention_from_is_the_yaml_key() -> None:
    import yaml as pyyaml

    data = pyyaml.safe_load(MINIMAL_ACTIVITY)
    activity = Activity.model_validate(data)
    retention = activity.data_categories[0].retention
    assert retention.start == "end_of_contract"
    assert activity.model_dump(by_alias=True)["data_categories"][0]["retention"]["from"] == "end_of_contract"


def test_sensitive_data_flag() -> None:
    import yaml as pyyaml

    data = pyyaml.safe_load(MINIMAL_ACTIVITY)
    assert not Activity.model_validate(data).has_sensitive_data
    data["data_categories"].append({"category": "nir", "description": "NIR"})
    assert Activity.model_validate(data).has_sensitive_data


def test_processor_register(processor_register) -> None:
    result = load(processor_register("ovhcloudd"))
    assert [str(p) for p in result.problems] == [
        "activities/routage.yaml:11:25: error: V007 unknown reference 'ovhcloudd': "
        "registry.yaml has no processor with this id (did you mean 'ovhcloud'?)"
    ]


def test_controller_fields_are_unknown_in_a_processor_register(example: Path, write) -> None:
    settings = (example / "registry.yaml").read_text().replace("kind: controller", "kind: processor")
    (example / "registry.yaml").write_text(settings)
    result = load(example)
    assert any(p.code == "V003" and "'purposes'" in p.message for p in result.problems)


def test_models_are_frozen() -> None:
    activity = load(REPO).register.activities[0].model
    with pytest.raises(ValidationError):
        activity.id = "other"  # type: ignore[misc]
    assert isinstance(activity.name, Text)
