"""The code of a file without its comments and docstrings: the text the rules' ``wants`` gates read.

Why a scanner of its own: the gate text was made with :mod:`tokenize`, pure Python in 3.11, which builds a
token tuple for every name, operator and number of the file; on the benchmark tree that was about a tenth of
a run's CPU, more than Python's own parse. The gate only needs comments, string literals, brackets, line ends
and semicolons, so one regular expression finds those and takes everything else in long runs. It mirrors
``tokenize``'s decisions token for token (tests/test_gate_text.py compares the two on every fixture and
program); text it cannot read as ``tokenize`` would (a lone CR, which ``tokenize`` does not count as a line
end, or anything no pattern matches) goes to the ``tokenize`` version.
"""

from __future__ import annotations

import io
import re
import tokenize

_STATEMENT_START = frozenset({tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING})
_STATEMENT_END = frozenset({tokenize.NEWLINE, tokenize.ENDMARKER})
_NEWLINE = re.compile("\n")

_SINGLE = r"'[^'\\\r\n]*(?:\\(?:\r\n|[\s\S])[^'\\\r\n]*)*'"
_DOUBLE = r'"[^"\\\r\n]*(?:\\(?:\r\n|[\s\S])[^"\\\r\n]*)*"'
_SINGLE3 = r"'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"
_DOUBLE3 = r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'
# One match per comment, string, line end, bracket, semicolon or continuation; everything else (names,
# numbers, operators and the blanks between them) in runs. A name right before a quote is left to the
# string pattern (it is the string's prefix), or taken alone when it is a keyword (``if"a"in x``).
_TOKENS = re.compile(
    rf"""(?P<comment>\#[^\r\n]*)
    |(?P<string>[rRbBuUfF]{{0,2}}(?:{_SINGLE3}|{_DOUBLE3}|{_SINGLE}|{_DOUBLE}))
    |(?P<newline>\r?\n)
    |(?P<open>[(\[{{])
    |(?P<close>[)\]}}])
    |(?P<semicolon>;)
    |(?P<continuation>\\\r?\n)
    |(?P<blank>[ \t\f]+)
    |(?P<other>(?:[^'"\#\r\n()\[\]{{}};\\\w \t\f]|(?>\w+)(?!['"])|[ \t\f]+)+|\w+|\\)""",
    re.VERBOSE,
)


def code_text(text: str) -> str:
    """``text`` without its comments and docstrings (string literals standing alone as statements).

    Rules' ``wants`` gates look for names in the text; in a large library most of those are mentioned only
    in prose (a docstring example of ``tf.keras.Input``, a comment about ``batch``), and every rule let
    through costs a full walk of the tree. No rule acts on a comment or on a string that is a statement of
    its own, so gating on the code alone keeps every rule that could act. On text ``tokenize`` cannot read
    (which ast accepted) the whole text is returned: a gate may only be too wide, never too narrow.
    """
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return tokenized_code_text(text)
    drop: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []  # a statement made of string literals only, so far
    at_start = True  # at the start of a statement (the file's, a logical line's, or after ";")
    in_line = False  # the logical line has a token: its line end is a NEWLINE, not a blank line's NL
    depth = 0
    done = 0
    for match in _TOKENS.finditer(text):
        if match.start() != done:
            return tokenized_code_text(text)  # something no pattern reads: tokenize decides
        done = match.end()
        kind = match.lastgroup
        if kind == "blank" or kind == "continuation":
            continue
        if kind == "comment":
            drop.append(match.span())
            continue
        if kind == "newline":
            if depth == 0 and in_line:
                drop += run
                run = []
                at_start, in_line = True, False
            continue
        in_line = True
        if kind == "string":
            if at_start or run:
                run.append(match.span())
            continue
        if kind == "semicolon":
            drop += run
            run = []
            at_start = True
            continue
        run = []
        at_start = False
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
    if done != len(text):
        return tokenized_code_text(text)
    if depth > 0:
        return text  # tokenize: EOF in a multi-line statement
    drop += run
    return _without(text, drop)


def _without(text: str, drop: list[tuple[int, int]]) -> str:
    if not drop:
        return text
    drop.sort()
    out, done = [], 0
    for begin, end in drop:
        out.append(text[done:begin])
        out.append(" ")
        done = end
    out.append(text[done:])
    return "".join(out)


def tokenized_code_text(text: str) -> str:
    """:func:`code_text` made with :mod:`tokenize`: the reference the scanner mirrors, and its fallback."""
    starts = [0]  # io.StringIO's readline, which the tokenizer's line numbers count, splits at "\n" only
    starts += [m.end() for m in _NEWLINE.finditer(text)]
    drop: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []  # a statement made of string tokens only, so far
    at_start = True
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            kind = tok.type
            if kind == tokenize.COMMENT:
                drop.append((starts[tok.start[0] - 1] + tok.start[1], starts[tok.end[0] - 1] + tok.end[1]))
                continue
            if kind == tokenize.NL:
                continue
            if kind == tokenize.STRING and (at_start or run):
                run.append((starts[tok.start[0] - 1] + tok.start[1], starts[tok.end[0] - 1] + tok.end[1]))
                continue
            if run and (kind in _STATEMENT_END or (kind == tokenize.OP and tok.string == ";")):
                drop += run
            run = []
            at_start = kind in _STATEMENT_START or (kind == tokenize.OP and tok.string == ";")
    except (tokenize.TokenError, SyntaxError, IndexError):
        return text
    if run:
        drop += run
    return _without(text, drop)
