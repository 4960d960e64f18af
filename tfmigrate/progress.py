"""A one-line progress bar on stderr for long runs on a terminal; silent when piped, in CI logs, or with -q.

It draws at most ten times a second, and is cleared before anything else is printed so diffs never end up
mixed with it.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

MIN_FILES = 20
INTERVAL = 0.1


class Progress:
    def __init__(self, stream: TextIO, enabled: bool, min_files: int = MIN_FILES) -> None:
        self.stream = stream
        self.enabled = enabled
        self.min_files = min_files
        self.total = 0
        self.done = 0
        self.shown = False
        self.last = 0.0

    @classmethod
    def for_stream(cls, stream: TextIO, quiet: bool) -> Progress:
        """Enabled only on a terminal that can redraw a line, and not when asked to be quiet."""
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        return cls(stream, tty and not quiet and os.environ.get("TERM") != "dumb" and not os.environ.get("CI"))

    @property
    def active(self) -> bool:
        return self.enabled and self.total >= self.min_files

    def start(self, targets) -> None:
        self.total = len(targets)
        self.done = 0

    def advance(self, name: str = "") -> None:
        self.done += 1
        if not self.active:
            return
        now = time.monotonic()
        if self.done < self.total and now - self.last < INTERVAL:
            return
        self.last = now
        self.stream.write("\r" + self.line(name) + "\033[K")
        self.stream.flush()
        self.shown = True

    def line(self, name: str = "") -> str:
        width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        count = f" {self.done}/{self.total} files "
        bar_width = max(10, min(40, width // 3))
        filled = bar_width * self.done // max(1, self.total)
        text = f"tfmigrate [{'#' * filled}{'.' * (bar_width - filled)}]{count}"
        room = width - len(text)
        if name and room > 5:
            text += name if len(name) <= room else "…" + name[-(room - 1) :]
        return text[:width]

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False

    def close(self) -> None:
        self.clear()
