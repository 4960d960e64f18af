"""Unified diffs as git prints them, and their terminal colors."""

from __future__ import annotations

import difflib

RESET = "\033[0m"
COLORS = {"+++": "\033[1m", "---": "\033[1m", "@@": "\033[36m", "+": "\033[32m", "-": "\033[31m"}


def unified_diff(before: str, after: str, display: str) -> str:
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    out = []
    for line in difflib.unified_diff(a, b, fromfile=f"a/{display}", tofile=f"b/{display}"):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def colorize(diff: str) -> str:
    lines = []
    for line in diff.splitlines(keepends=True):
        for prefix, color in COLORS.items():
            if line.startswith(prefix):
                body = line.rstrip("\r\n")
                lines.append(f"{color}{body}{RESET}{line[len(body) :]}")
                break
        else:
            lines.append(line)
    return "".join(lines)
