"""A register's ``templates/`` is a stranger's code: read under the rules of every register file, and bounded
in what it may cost (time, memory, output), each refusal a located problem, never a hang or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

OVERRIDE = Path("templates") / "register" / "register.html"


def _override(root: Path, body: str) -> Path:
    path = root / OVERRIDE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{% extends "default:register/register.html" %}\n{% block sidebar %}\n' + body
                    + "\n{% endblock %}\n", encoding="utf-8")
    return path


def _refused(run, root: Path, code: str, where: str) -> str:
    result = run("build", root, "--format", "html", "--no-cache")
    assert result.exit_code == 1, result.output
    assert f"{where}:" in result.output and f"error: {code}" in result.output, result.output
    assert "Traceback" not in result.output and not (root / "output").exists()
    return result.output


def test_a_template_linked_out_of_the_register_is_refused_unread(run, example: Path, tmp_path: Path) -> None:
    secret = tmp_path / "environ"
    secret.write_text("CI_TOKEN=hunter2 {{ 7 * 6 }}\n", encoding="utf-8")
    (example / OVERRIDE).parent.mkdir(parents=True)
    (example / OVERRIDE).symlink_to(secret)
    output = _refused(run, example, "V015", "templates/register/register.html")
    assert "hunter2" not in output


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="no /proc on this system")
def test_a_template_linked_to_the_process_environment_is_refused(run, example: Path, monkeypatch) -> None:
    monkeypatch.setenv("CI_TOKEN", "hunter2")
    (example / OVERRIDE).parent.mkdir(parents=True)
    (example / OVERRIDE).symlink_to("/proc/self/environ")
    assert "hunter2" not in _refused(run, example, "V015", "templates/register/register.html")


def test_a_templates_folder_linked_out_of_the_register_is_refused(run, example: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    _override(elsewhere, "leaked from outside")
    (example / "templates").symlink_to(elsewhere / "templates")
    _refused(run, example, "V015", "templates")


@pytest.mark.skipif(not Path("/usr/share").is_dir(), reason="no /usr/share on this system")
def test_a_templates_folder_linked_to_usr_stops_at_once(example: Path) -> None:
    """The reproducer: ``templates -> /usr`` hung the build, which listed and hashed every file under it."""
    (example / "templates").symlink_to("/usr")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "registry", "build", str(example), "--format", "html", "--no-cache"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert done.returncode == 1 and "templates:1:1: error: V015" in done.stderr + done.stdout
    assert time.perf_counter() - started < 60


def test_a_template_that_is_not_a_regular_file_is_refused(run, example: Path) -> None:
    (example / OVERRIDE).parent.mkdir(parents=True)
    os.mkfifo(example / OVERRIDE)  # reading a pipe would wait for ever
    _refused(run, example, "V010", "templates/register/register.html")


def test_a_register_file_that_is_a_pipe_is_refused_without_waiting(example: Path) -> None:
    """Listed as a file, then replaced by a named pipe: the read neither blocks nor reads."""
    from registry.loading.yamlsource import ParsedFile, read_limited

    pipe = example / "activities" / "pipe.yaml"
    os.mkfifo(pipe)
    refused = read_limited(pipe, "activities/pipe.yaml")
    assert isinstance(refused, ParsedFile) and refused.problems[0].code == "V010"
    assert "not a regular file" in refused.problems[0].message


def test_a_template_over_the_size_limit_is_refused(run, example: Path) -> None:
    _override(example, "{# " + "x" * (1024 * 1024) + " #}")
    assert "too large" in _refused(run, example, "V017", "templates/register/register.html")


def test_a_link_between_templates_of_the_register_is_followed(run, example: Path) -> None:
    _override(example, "<p>own sidebar</p>").rename(example / "templates" / "mine.html")
    (example / OVERRIDE).symlink_to("../mine.html")
    result = run("build", example, "--format", "html", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "<p>own sidebar</p>" in (example / "output" / "register.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("body, message", [
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "loops take more than"),
    ("{% set l = [0] * 100000 %}{% for a in l %}{% for b in l %}{{ '' }}{% endfor %}{% endfor %}", "loops take more than"),
    ("{{ 'x' * 1000000000 }}", "sequence of more than"),
    ("{{ ([1] * 100000) * 100000 }}", "sequence of more than"),
    ("{{ 7 ** 100000000 }}", "number of more than"),
    ("{{ 'x'|center(1000000000) }}", "pads a text to more than"),
    ("{{ 'x'.center(1000000000) }}", "pads a text to more than"),
    ("{{ 'x'.zfill(1000000000) }}", "pads a text to more than"),
    ("{{ 'line'|indent(1000000000) }}", "pads a text to more than"),
    ("{{ '%1000000000s'|format('x') }}", "formats a value wider than"),
    ("{{ '%1000000000s' % 'x' }}", "formats a value wider than"),
    ("{{ '%.1000000000f' % 1 }}", "formats a value wider than"),
    ("{{ '{:>1000000000}'.format('x') }}", "formats a value wider than"),
    ("{{ ('x' * 100000)|replace('x', 'y' * 100000) }}", "sequence of more than"),
    ("{{ ('x' * 100000).replace('x', 'y' * 100000) }}", "sequence of more than"),
    ("{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
     "text of more than"),
    ("{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set t %}{{ ns.s }}{{ ns.s }}{% endset %}"
     "{% set ns.s = t %}{% endfor %}", "text of more than"),
    ("{{ (['x' * 1000000] * 100)|join }}", "text of more than"),
    ("{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}{{ down(0) }}", "nests calls too deeply"),
    # a text doubled by a macro calling itself, through each way of joining texts that is not ``~``
    *((f"{{% macro d(s, n) %}}{{% if n %}}{{{{ d({double}, n - 1) }}}}{{% endif %}}{{% endmacro %}}{{{{ d('x', 64) }}}}",
       "text of more than") for double in ("'%s%s' % (s, s)", "'%(a)s%(a)s' % {'a': s}", "''.join([s, s])",
                                           "'{0}{0}'.format(s)", "'%s%s'|format(s, s)", "[s, s]|join",
                                           "(s ~ '\\\\')|tojson|string", "(s, s)|list")),
    ("{% set ns = namespace(l='x') %}{% for i in range(64) %}{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns.l }}",
     "text of more than"),
    ("{% set ns = namespace(l='x') %}{% for i in range(64) %}{% set ns.l = [ns.l, ns.l] %}{% endfor %}"
     "{{ ns.l|length }}", "text of more than"),
    ("{{ ('{0}' * 10000).format('x' * 10000) }}", "text of more than"),
])
def test_a_template_that_would_hang_or_exhaust_memory_stops_with_t001(run, example: Path, body: str,
                                                                      message: str) -> None:
    _override(example, body)
    started = time.perf_counter()
    output = _refused(run, example, "T001", "templates/register/register.html")
    assert message in output
    assert time.perf_counter() - started < 60


def test_ordinary_widths_and_formats_still_render(run, example: Path) -> None:
    _override(example, "<p>{{ 'x'|center(9) }}|{{ '%05.1f'|format(3.14159) }}|{{ '{:>6}'.format('ab') }}|"
                       "{{ 'Tél. 0478123456 %s' % 'ok' }}|{{ 'a-b'|replace('-', '+') }}|{{ 17 % 5 }}</p>")
    result = run("build", example, "--format", "html", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "<p>    x    |003.1|    ab|Tél. 0478123456 ok|a+b|2</p>" in (example / "output" / "register.html").read_text()


def test_the_output_of_a_render_is_bounded(run, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import registry.render.sandbox

    monkeypatch.setattr(registry.render.sandbox, "MAX_OUTPUT", 2_000_000)  # the real bound takes 200 MB to reach
    _override(example, "{% for i in range(1000) %}{{ 'x' * 100000 }}{% endfor %}")
    assert "writes more than 2,000,000 characters" in _refused(run, example, "T001", "templates/register/register.html")


def test_the_bounds_leave_the_built_in_templates_their_output(example: Path) -> None:
    """The loop budget counts, it changes nothing: a build through the bounded sandbox writes what it wrote."""
    from registry import load
    from registry.build import build_register
    from registry.render import sandbox

    register = load(example).register
    assert register is not None
    html = build_register(register, ["html"]).artifacts
    assert any(a.path == "register.html" and b"GC-01" in a.content for a in html)
    assert sandbox._budget.get() is None  # each render's budget ends with it


def test_templates_compiled_for_the_tool_alone_are_compiled_again_for_a_bounded_sandbox(example: Path,
                                                                                        tmp_path: Path) -> None:
    """A register without templates of its own renders unbounded (only the tool's code runs); the code compiled
    then is not handed to the bounded sandbox of a register that brings templates, which compiles its own."""
    from registry.cache.store import Cache
    from registry.cache.templates import CompiledTemplates
    from registry.render.environment import Templates

    class Counted(CompiledTemplates):
        dumped: list[str] = []

        def dump_bytecode(self, bucket) -> None:  # type: ignore[no-untyped-def]
            self.dumped.append(bucket.key)
            super().dump_bytecode(bucket)

    cache = Cache(tmp_path / "cache")
    Templates(example, Counted(cache)).env.get_template("register/fiche.html")
    assert len(Counted.dumped) == 1
    Templates(example, Counted(cache)).env.get_template("register/fiche.html")
    assert len(Counted.dumped) == 1  # found compiled
    _override(example, "<p>mine</p>")
    bounded = Templates(example, Counted(cache))
    bounded.env.get_template("register/fiche.html")
    assert len(Counted.dumped) == 2 and type(bounded.env).__name__ == "_BoundedSandbox"
