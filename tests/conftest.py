"""Shared fixtures: temporary registers, the CLI runner and golden files."""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from registry.cli import cli

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
FIXTURE = DATA / "register"
"""A frozen copy of the example register: tests read its lines, so the shipped example can evolve."""

pytest_plugins = ["tests.browser"]
"""The headless browser's fixture, for the tests that open pages in it."""


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The commands' cache (~/.cache/registry) and its key (~/.local/state/registry) in folders of the test
    run's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        patch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
        yield


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files instead of comparing")


STYLESHEET = re.compile(r"<style>\n(.*?)</style>", re.S)
"""A page's embedded stylesheet: it has a golden file of its own (register.fr.css)."""


def without_stylesheet(html: str) -> str:
    """The page as its golden file keeps it: the stylesheet would repeat in every page's file."""
    return STYLESHEET.sub("<style>…</style>", html)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare text with a checked-in file, or rewrite it under --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(path: Path, actual: str) -> None:
        if path.suffix == ".html":
            actual = without_stylesheet(actual)
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {path} did not exist; it was written: review and commit it")
        assert actual == path.read_text(encoding="utf-8"), f"differs from {path} (make golden to refresh)"

    return check


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A writable copy of the frozen fixture register."""
    root = tmp_path / "register"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def write(example: Path) -> Callable[[str, str], Path]:
    """Write a (dedented) file into the example register copy."""

    def put(relative: str, text: str) -> Path:
        path = example / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return put


@pytest.fixture
def notice(run, example: Path) -> Callable[..., str]:
    """Write activities/t.yaml and return its notice (stdout), asserting success."""

    def make(text: str, *options: str) -> str:
        (example / "activities" / "t.yaml").write_text(text, encoding="utf-8")
        result = run("notice", example, "T-01", *options)
        assert result.exit_code == 0, result.output
        return result.output

    return make


@pytest.fixture
def run() -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


MINIMAL_ACTIVITY = """
id: T-01
name: Test
owner: sales
description: Une activité de test.
created: 2025-01-01
updated: 2025-02-01
purposes:
  main:
    label: Gestion des commandes
    basis: contract
data_subjects:
  - category: customers
data_categories:
  - category: identity
    description: Nom, email
    retention:
      duration: P3Y
      from: end_of_contract
"""


def activity(*replace: tuple[str, str], extra: str = "") -> str:
    """The minimal activity (lines 1-18) with replacements, then ``extra`` appended from line 19."""
    text = textwrap.dedent(MINIMAL_ACTIVITY).lstrip("\n")
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text + extra.lstrip("\n")


LI = ("    basis: contract", "    basis: legitimate_interests\n    interest: Améliorer nos produits.\n"
                              "    balancing_test: AIL-1")
CONSENT = ("    basis: contract", "    basis: consent\n    consent:\n      collection: Case non cochée\n"
                                  "      withdrawal: Lien de désinscription")

PROCESSOR_ACTIVITY = """
id: P-01
name: Routage d'emails pour le compte de clients
owner: marketing
description: Envoi de campagnes pour nos clients.
created: 2025-01-01
updated: 2025-01-01
clients:
  - name: Boutique Exemple SARL
    email: dpo@boutique.example
processing: [Envoi des messages, Gestion des désabonnements]
sub_processors: [brevo, {sub_processor}]
security_measures: [{{ref: encryption}}]
"""


@pytest.fixture
def processor_register(example: Path) -> Callable[[str], Path]:
    """Turn the example into a processor's register holding one activity."""

    def make(sub_processor: str = "ovhcloud") -> Path:
        settings = example / "registry.yaml"
        settings.write_text(settings.read_text(encoding="utf-8").replace("kind: controller", "kind: processor"),
                            encoding="utf-8")
        for path in (example / "activities").glob("*.yaml"):
            path.unlink()
        (example / "activities" / "routage.yaml").write_text(
            PROCESSOR_ACTIVITY.format(sub_processor=sub_processor).lstrip("\n"), encoding="utf-8")
        return example

    return make
