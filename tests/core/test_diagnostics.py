"""The one diagnostic renderer: location, the line, the caret, the hint."""

from ridec.diagnostics import Diagnostic, Severity, Source, Span, did_you_mean, error


def render(text: str, start: int, end: int, hint: str | None = None) -> str:
    return error("bad", Span(Source("f.ride", text), start, end), hint).render()


def test_caret_under_the_span_on_its_line() -> None:
    text = "name: X\n  4m 80% upstrke\n"
    start = text.index("upstrke")
    assert render(text, start, start + 7, "did you mean 'upstroke'?") == (
        "f.ride:2:10: error: bad\n"
        "  |   4m 80% upstrke\n"
        "  |          ^^^^^^^\n"
        "  hint: did you mean 'upstroke'?"
    )


def test_tabs_are_expanded_so_the_caret_lines_up() -> None:
    text = "0.0\t\t120\n"
    start = text.index("120")
    lines = render(text, start, start + 3).splitlines()
    assert lines[1] == "  | 0.0     120"
    assert lines[2] == "  |         ^^^"


def test_span_past_the_line_end_is_cut_and_empty_span_gets_one_caret() -> None:
    text = "abc\ndef\n"
    assert render(text, 1, 7).splitlines()[2] == "  |  ^^"
    assert render(text, 4, 4).splitlines()[2] == "  | ^"


def test_crlf_lines_show_without_the_carriage_return() -> None:
    assert render("a b\r\nc\r\n", 2, 3).splitlines()[1] == "  | a b"


def test_binary_sources_are_located_by_offset_and_pathless_by_name() -> None:
    binary = Diagnostic(Severity.ERROR, "file CRC mismatch", Span(Source("w.fit"), 912, 913))
    assert binary.render() == "w.fit: offset 912: error: file CRC mismatch"
    assert Diagnostic(Severity.WARNING, "odd", path="x.erg").render() == "x.erg: warning: odd"


def test_did_you_mean_finds_close_words_only() -> None:
    assert did_you_mean("upstrke", ["upstroke", "downstroke"]) == "did you mean 'upstroke'?"
    assert did_you_mean("zzz", ["upstroke"]) is None


def test_a_long_line_is_cut_to_a_window_around_the_span() -> None:
    text = "<a>" + "x" * 5000 + "&" + "y" * 5000 + "</a>\n"
    start = text.index("&")
    lines = render(text, start, start + 1).splitlines()
    assert lines[0] == f"f.ride:1:{start + 1}: error: bad"
    assert lines[1].startswith("  | ...xxx") and lines[1].endswith("yyy...")
    assert len(lines[1]) < 140
    assert lines[1][lines[2].index("^")] == "&"


def test_a_fix_is_shown_as_the_whole_corrected_line() -> None:
    from ridec.diagnostics import Fix

    text = "name: X\n  10 min 80% # tempo\n"
    source = Source("f.ride", text)
    start = text.index("10")
    fix = Fix(Span(source, start + 2, start + 6), "m")
    found = error("bad", Span(source, start, start + 2), "write it `10m`")
    rendered = Diagnostic(found.severity, found.message, found.span, found.hint, fix=fix).render()
    assert rendered.splitlines()[-2:] == ["  hint: write it `10m`", "  fix:    10m 80% # tempo"]
    assert fix.corrected_lines() == ["  10m 80% # tempo"]
