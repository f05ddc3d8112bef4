"""Write a synthetic register of N activities, cycling through the example's fiches."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_register(target: Path, count: int) -> Path:
    (target / "activities").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "registry.yaml", target / "registry.yaml")
    templates = sorted((REPO / "activities").glob("*.yaml"))
    for number in range(count):
        source = templates[number % len(templates)]
        text = source.read_text(encoding="utf-8")
        original_id = next(line for line in text.splitlines() if line.startswith("id: "))
        text = text.replace(original_id, f"id: SYN-{number:05d}", 1)
        (target / "activities" / f"{number:05d}-{source.name}").write_text(text, encoding="utf-8")
    return target


def with_history(root: Path) -> Path:
    """Make the register a git repository, as a DPO's is: committed 13 months ago, then one activity in
    ten changed and committed today. A build then writes Annex E (the changes over the last 12 months)
    from the register as it was a year ago, read from git."""
    year_ago = (datetime.now() - timedelta(days=395)).strftime("%Y-%m-%dT%H:%M:%S")

    def git(*args: str, when: str | None = None) -> None:
        dated = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
        subprocess.run(["git", "-C", str(root), "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
                       check=True, capture_output=True, env={**os.environ, **dated})

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "register as it was", when=year_ago)
    for path in sorted((root / "activities").glob("*.yaml"))[::10]:
        path.write_text(path.read_text(encoding="utf-8").replace("duration: P3Y", "duration: P2Y", 1), encoding="utf-8")
    git("commit", "-q", "-am", "yearly review")
    return root


def _middle(root: Path) -> Path:
    files = sorted((root / "activities").glob("*.yaml"))
    return files[len(files) // 2]


def reword_one(root: Path) -> Path:
    """The usual fix: a sentence of the middle activity's description rewritten (only its fiche shows it)."""
    fiche = _middle(root)
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("description:\n  fr: >-\n    ",
                                                                  "description:\n  fr: >-\n    Revu : ", 1),
                     encoding="utf-8")
    return fiche


def lengthen_one(root: Path) -> Path:
    """An edit that adds a page: a long paragraph added to the middle activity's description, so that
    every page after it has a new number and the document a new total."""
    fiche = _middle(root)
    paragraph = "Précision ajoutée lors de la revue annuelle du registre, relue par le DPO. " * 60
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("description:\n  fr: >-\n    ",
                                                                  f"description:\n  fr: >-\n    {paragraph}", 1),
                     encoding="utf-8")
    return fiche


def rename_one(root: Path) -> Path:
    """The edit the rebuild benchmarks time: the middle activity renamed (its fiche, the list of
    activities, the annexes and the table of contents all show the name)."""
    fiche = _middle(root)
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("name: {fr: ", "name: {fr: Revu ", 1), encoding="utf-8")
    return fiche


if __name__ == "__main__":
    folder, count = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    make_register(folder, count)
    print(f"wrote {count} activities into {folder}")
