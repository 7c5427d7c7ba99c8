"""The API as a typed client sees it: string options are Literal types mypy checks, the
record classes show their fields to `inspect`, a loss prints as one line, the compiled
format is `format`, on `Compiled` and on its `Fidelity` (`target` warns), and what the API
raises names its own arguments (`ftp=`, `formats=`)."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest
from mypy import api as mypy_api
from typer.testing import CliRunner

import ridec
from ridec.cli import app
from ridec.mentions import MENTIONS, PARAMS_ORIGIN, for_cli_text
from tests.paths import ROOT

TYPED = """\
from ridec import CompileOptions, compile, parse

options = CompileOptions(fit_ramp="range", activation="steps", fit_max_steps=80)
for output in compile(parse("10m 80%"), ["fit"], options):
    name: str = output.format
"""


def _mypy(tmp_path: Path, text: str) -> tuple[str, int]:
    """mypy --strict with the project's settings on `text`; its report and exit status."""
    snippet = tmp_path / "client.py"
    snippet.write_text(text, encoding="utf-8")
    report, _, status = mypy_api.run(
        [
            "--strict",
            "--config-file", str(ROOT / "pyproject.toml"),
            "--cache-dir", str(ROOT / ".mypy_cache"),
            "--no-error-summary",
            str(snippet),
        ]
    )  # fmt: skip
    return report, status


def test_string_options_take_their_values_under_mypy_strict(tmp_path: Path) -> None:
    report, status = _mypy(tmp_path, TYPED)
    assert (report, status) == ("", 0)


def test_mypy_refuses_a_value_no_option_takes(tmp_path: Path) -> None:
    report, status = _mypy(
        tmp_path, 'from ridec import CompileOptions\n\nCompileOptions(fit_ramp="ramp")\n'
    )
    assert status == 1
    assert 'client.py:3: error: Argument "fit_ramp" to "CompileOptions" has incompatible ' in report


def test_a_value_is_kept_as_its_mode_and_a_wrong_one_is_named() -> None:
    options = ridec.CompileOptions(fit_ramp="range", activation="notes")
    assert options.fit_ramp is ridec.RampMode.RANGE
    assert options.activation is ridec.ActivationMode.NOTES
    with pytest.raises(ValueError, match=r"^fit_ramp='ramp': expected one of 'step', 'range'$"):
        ridec.CompileOptions(fit_ramp="ramp")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "cls",
    [ridec.CompileOptions, ridec.Loss, ridec.Compiled, ridec.Fidelity, ridec.Unit, ridec.Loaded],
)
def test_inspect_shows_a_record_class_s_fields(cls: type) -> None:
    signature = inspect.signature(cls)
    fields = [f.name for f in __import__("dataclasses").fields(cls) if f.init]
    assert list(signature.parameters) == fields


def test_the_signature_has_the_defaults_and_annotations() -> None:
    signature = inspect.signature(ridec.CompileOptions)
    ramp = signature.parameters["fit_ramp"]
    assert ramp.default is ridec.RampMode.STEP
    assert ramp.annotation == "RampMode | RampName"
    assert str(inspect.signature(ridec.Fidelity)) == (
        "(format: 'str', entries: 'list[Loss]' = <factory>) -> None"
    )


def test_a_loss_prints_as_one_readable_line() -> None:
    text = "name: T\nftp: 250\nwarmup 10m 45%->70%\n" + "# pad\n" * 2000
    (fit,) = ridec.compile(ridec.parse(text, "w.ride"), ["fit"])
    (ramp,) = [loss for loss in fit.fidelity.losses() if loss.topic == "ramp-steps"]
    assert str(ramp) == "w.ride:3:1: degraded: ramp 45% to 70% becomes 20 steps of 30 s"
    assert len(repr(ramp)) < 400  # the span names its source, not the 12 KB of its text
    assert f"Source('w.ride', {len(text):,} characters)" in repr(ramp)


def test_compiled_format_and_the_deprecated_target() -> None:
    (output,) = ridec.compile(ridec.parse("10m 80%"), ["zwo"], ridec.CompileOptions(ftp=250))
    assert output.format == "zwo"
    with pytest.warns(DeprecationWarning, match="Compiled.target is deprecated: use"):
        assert output.target == "zwo"


def test_fidelity_format_and_the_deprecated_target() -> None:
    (output,) = ridec.compile(ridec.parse("10m 80%"), ["zwo"], ridec.CompileOptions(ftp=250))
    assert output.fidelity.format == "zwo"
    assert "format" in inspect.signature(ridec.Fidelity).parameters
    with pytest.warns(DeprecationWarning, match="Fidelity.target is deprecated: use"):
        assert output.fidelity.target == "zwo"


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        (
            "bogus",
            "unknown format 'bogus' in `formats='bogus'`: "
            "choose from zwo, erg, mrc, fit, json, icu or all",
        ),
        ("zwo,ergg", "unknown format 'ergg' in `formats='zwo,ergg'`: did you mean 'erg'?"),
        (
            iter(["fit", "zwoo"]),
            "unknown format 'zwoo' in `formats=['fit', 'zwoo']`: did you mean 'zwo'?",
        ),
    ],
    ids=["string", "list-in-a-string", "iterable"],
)
def test_an_unknown_format_names_the_formats_argument(formats: object, message: str) -> None:
    workout = ridec.parse("10m 80%")
    with pytest.raises(ridec.DiagnosticError) as unknown:
        ridec.compile(workout, formats)  # type: ignore[arg-type]
    assert [d.message for d in unknown.value.diagnostics] == [message]
    assert "target" not in str(unknown.value)


def test_an_unknown_format_elsewhere_in_the_api_names_its_argument(tmp_path: Path) -> None:
    with pytest.raises(ridec.DiagnosticError) as entry:
        ridec.format_entry("all")
    assert entry.value.diagnostics[0].message == (
        "unknown format 'all' in `name='all'`: choose from zwo, erg, mrc, fit, json, icu"
    )
    options = ridec.BuildOptions(targets="zwoo")
    with pytest.raises(ridec.DiagnosticError) as build:
        ridec.build(tmp_path / "none", tmp_path / "dist", options)
    assert build.value.diagnostics[0].message == (
        "unknown format 'zwoo' in `targets='zwoo'`: did you mean 'zwo'?"
    )


def test_the_command_line_keeps_its_target_wording(tmp_path: Path) -> None:
    source = tmp_path / "p.ride"
    source.write_text("10m 80%\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["compile", str(source), "-t", "zwoo", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown target 'zwoo': did you mean 'zwo'?" in result.stderr


def test_errors_raised_by_the_api_name_its_arguments() -> None:
    workout = ridec.parse("let reps = 3\nrepeat $reps:\n  1m 50%\n", "p.ride")
    with pytest.raises(ridec.DiagnosticError) as unknown:
        ridec.bind(workout, {"rep": "4"})
    assert unknown.value.diagnostics[0].render().startswith(
        "<params>:1:1: error: unknown parameter `rep`"
    )
    with pytest.raises(ridec.DiagnosticError) as erg:
        ridec.compile(ridec.parse("10m 80%", "x.ride"), "erg")
    assert erg.value.diagnostics[0].hint == "set the FTP with `ftp:` in the header or `ftp=`"


def test_the_commands_keep_their_flags(tmp_path: Path) -> None:
    source = tmp_path / "p.ride"
    source.write_text("let reps = 3\nrepeat $reps:\n  1m 50%\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(source), "--set", "rep=4"])
    assert result.exit_code == 1
    assert result.stderr.startswith("--set:1:1: error: unknown parameter `rep`")
    erg = CliRunner().invoke(app, ["compile", str(source), "-t", "erg", "-o", str(tmp_path)])
    assert "  hint: set the FTP with `ftp:` in the header or `--ftp W`" in erg.stderr


def test_every_mention_has_its_flag() -> None:
    for mention in MENTIONS:
        assert "`" in mention.api and "--" not in mention.api and "`" in mention.cli
        assert for_cli_text(f"say {mention.api}.") == f"say {mention.cli}."
    assert len({m.api for m in MENTIONS}) == len(MENTIONS)
    assert PARAMS_ORIGIN.cli == "--set"


BELOW_THE_API = ("formats", "pipeline.py", "api.py", "language", "timeline.py", "limits.py")
"""What the API raises and returns comes from these: no message there may name a flag."""
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def _messages(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def test_no_message_below_the_api_names_a_command_line_flag() -> None:
    package = ROOT / "src" / "ridec"
    paths = [
        path
        for part in BELOW_THE_API
        for path in ([package / part] if part.endswith(".py") else (package / part).rglob("*.py"))
    ]
    assert len(paths) > 40
    found = [
        f"{path}:{line}: {text!r}"
        for path in sorted(paths)
        for line, text in _messages(path)
        if FLAG.search(text)
    ]
    assert found == []
