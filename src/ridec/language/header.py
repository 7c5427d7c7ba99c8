"""The header: `key: value` lines before the first `let`, `activation` or step."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

from ridec.diagnostics import Source, Span, did_you_mean, error
from ridec.language import checks
from ridec.language.context import ParseContext
from ridec.language.layout import Block
from ridec.language.line_kind import LineKind
from ridec.language.tokens import Line, LineError, Token, Tokenizer, unquote
from ridec.model import Header

HEADER_KEYS = (
    "name",
    "author",
    "description",
    "tags",
    "ftp",
    "sport",
    "category",
    "subcategory",
)
"""Every header key, in the order the formatter writes them."""

SPORTS = ("bike",)
"""The sports version 1 knows."""

STATEMENT_WORDS = ("let", "activation", "repeat", "alternate")
"""Words that start a statement even when a `:` follows them (`alternate:`)."""

_HEADER_LINE = re.compile(r"([a-z][a-z0-9_-]*)[ \t]*:", re.I | re.A)
_WITHOUT_COLON = re.compile(r"([a-z]+)[ \t]*(?:=[ \t]*|[ \t]+)(?=[^\s:=])", re.I | re.A)

HeaderValue = str | int | tuple[str, ...]


def is_header_line(source: Source, line: Line) -> bool:
    """Whether a line has the `key: value` shape (whatever the key)."""
    match = _HEADER_LINE.match(source.text or "", line.code_start, line.code_end)
    return match is not None and match.group(1).lower() not in STATEMENT_WORDS


def lacks_colon(source: Source, line: Line) -> bool:
    """Whether a line is a header key and its value without the colon (`name Tempo`,
    `ftp = 250`): a habit, read as a header line so the lines after it stay in the header."""
    match = _WITHOUT_COLON.match(source.text or "", line.code_start, line.code_end)
    return match is not None and match.group(1).lower() in HEADER_KEYS


def header_key(source: Source, line: Line) -> str:
    """The key of a header-shaped line, in lower case."""
    match = _HEADER_LINE.match(source.text or "", line.code_start, line.code_end)
    assert match is not None
    return match.group(1).lower()


def parse_header(blocks: Sequence[Block], ctx: ParseContext, default_name: str) -> Header:
    """header = header_line*"""
    values: dict[str, HeaderValue] = {}
    spans: dict[str, Span] = {}
    for block in blocks:
        kind = _coached_kind(ctx.source, block.line)
        entry = ctx.attempt(partial(_parse_header_line, block, ctx), block.line, kind)
        if entry is not None:
            values.setdefault(entry[0], entry[1])
            spans.setdefault(entry[0], Span(ctx.source, block.line.code_start, _end(block)))
    return Header(
        name=_text(values.get("name")) or default_name,
        author=_text(values.get("author")),
        description=_text(values.get("description")),
        tags=_tags(values.get("tags")),
        ftp=_int(values.get("ftp")),
        category=_text(values.get("category")),
        subcategory=_text(values.get("subcategory")),
        spans=tuple(spans.items()),
    )


def _coached_kind(source: Source, line: Line) -> LineKind | None:
    """How the coach reads a header line that fails: one without its colon as a header line;
    an unknown key as a step or block written by habit (`x3:`) or another tool's key."""
    if not is_header_line(source, line):
        return LineKind.HEADER
    return LineKind.NODE if header_key(source, line) not in HEADER_KEYS else None


def _end(block: Block) -> int:
    """Where a header line and its continuation lines end."""
    while block.children:
        block = block.children[-1]
    return block.line.code_end


def _text(value: HeaderValue | None) -> str | None:
    return value if isinstance(value, str) else None


def _tags(value: HeaderValue | None) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else ()


def _int(value: HeaderValue | None) -> int | None:
    return value if isinstance(value, int) else None


def _parse_header_line(block: Block, ctx: ParseContext) -> tuple[str, HeaderValue]:
    """header_line = KEY ":" (STRING | TEXT) [INDENT (STRING | TEXT)+ DEDENT]"""
    tok = ctx.tokens(block.line)
    key_token = tok.expect("NAME", "a header key such as `name`")
    key = key_token.text.lower()
    tok.expect("COLON", "`:` after the header key")
    if key not in HEADER_KEYS:
        hint = did_you_mean(key, (*HEADER_KEYS, *STATEMENT_WORDS))
        raise LineError(error(f"unknown header key `{key_token.text}`", key_token.span, hint))
    _check_duplicate(key, key_token, ctx)
    ctx.header_lines.setdefault(key, block.line)
    if key == "description":
        return key, _parse_description(block, tok, ctx)
    ctx.no_children(block, "a header line other than `description:`")
    if key == "ftp":
        return key, _parse_ftp(tok, ctx)
    if key == "sport":
        return key, _parse_sport(tok)
    text, token = _header_text(tok, key)
    if key == "tags":
        return key, _split_tags(text, token)
    return key, text


def _check_duplicate(key: str, token: Token, ctx: ParseContext) -> None:
    if key in ctx.header_lines:
        hint = f"it is already set on line {ctx.header_lines[key].number}; keep one of them"
        raise LineError(error(f"`{key}` is set twice", token.span, hint))


def _header_text(tok: Tokenizer, key: str) -> tuple[str, Token]:
    """header_value = STRING | TEXT      (the text runs to the end of the line)"""
    if tok.at_end():
        raise tok.error(f"a value after `{key}:`")
    return _value_text(tok)


def _value_text(tok: Tokenizer) -> tuple[str, Token]:
    if tok.check("STRING"):
        token = tok.read()
        tok.expect_end("the end of the line after the quoted value")
        return unquote(token), token
    token = tok.rest()
    return token.text, token


def _parse_description(block: Block, tok: Tokenizer, ctx: ParseContext) -> str:
    """description = "description" ":" [TEXT] [INDENT TEXT+ DEDENT]"""
    lines = [] if tok.at_end() else [_value_text(tok)[0]]
    for child in block.children:
        value = ctx.attempt(partial(_value_text, ctx.tokens(child.line)))
        ctx.no_children(child, "a description line")
        if value is not None:
            lines.append(value[0])
    if not lines:
        raise tok.error("a value after `description:`")
    return "\n".join(lines)


def _parse_ftp(tok: Tokenizer, ctx: ParseContext) -> int:
    """ftp = NUMBER      (watts, 50 to 2000)"""
    if not tok.check("NUMBER"):
        found = tok.found()
        digits = "".join(c for c in found.text if c.isascii() and c.isdigit()) or "250"
        raise tok.error(
            "the FTP in whole watts such as `250`", f"write the number alone: `ftp: {digits}`"
        )
    token = tok.read()
    tok.expect_end("the end of the line after the FTP", "write the number alone: `ftp: 250`")
    ftp = int(token.text) if len(token.text) < 9 else 10**9
    ctx.report(checks.ftp_problem(ftp, token.span))
    return ftp


def _parse_sport(tok: Tokenizer) -> str:
    """sport = "bike" """
    found = tok.found()
    if not tok.check_word(*SPORTS):
        hint = "version 1 knows only `sport: bike`"
        raise LineError(error(f"`{found.text}` is not a sport ridec knows", found.span, hint))
    tok.read()
    tok.expect_end("the end of the line after the sport")
    return "bike"


def _split_tags(text: str, token: Token) -> tuple[str, ...]:
    """tags = TAG ("," TAG)*"""
    tags = tuple(tag.strip() for tag in text.split(","))
    if "" in tags:
        hint = "separate the tags with single commas: `tags: technique, standing`"
        raise LineError(error("an empty tag in the list", token.span, hint))
    return tags
