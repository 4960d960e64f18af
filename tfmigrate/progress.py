"""A one-line progress bar on stderr for long runs on a terminal; silent when piped, in CI logs, or with -q.

Progress is measured in bytes, not files: one 20,000-line file among a few small ones is most of the work, and a
count of files would sit at "0/1" while it is migrated. When one file is most of the bytes the line says how
much of the total is done in bytes; otherwise in files. The bar appears for a run of many files, or for any run
still going after a second; from then on a clock ticks (redrawn by a small thread, so a long file shows that
the run is alive) and the line names the file the output is waiting for.

It draws at most ten times a second, and is cleared before anything else is printed so diffs never end up
mixed with it. The thread writes with ``os.write`` on the terminal's descriptor, never through a Python stream
whose lock a worker process forked at that moment would inherit held.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from typing import TextIO

MIN_FILES = 20
DELAY = 1.0  # seconds before a run of few files shows a bar
INTERVAL = 0.1
TICK = 0.5


def _size(target) -> int:
    try:
        return os.stat(target.path).st_size
    except (AttributeError, OSError, ValueError):
        return 0


def human(size: int) -> str:
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


class Progress:
    def __init__(
        self,
        stream: TextIO,
        enabled: bool,
        min_files: int = MIN_FILES,
        clock: Callable[[], float] = time.monotonic,
        ticking: bool = True,
    ) -> None:
        self.stream = stream
        self.enabled = enabled
        self.min_files = min_files
        self.clock = clock
        self.ticking = ticking
        self.total = 0
        self.done = 0
        self.names: list[str] = []
        self.sizes: list[int] = []
        self.total_bytes = 0
        self.done_bytes = 0
        self.started = clock()
        self.shown = False
        self.last = 0.0
        self.lock = threading.RLock()
        self.stopped = threading.Event()
        self.ticker: threading.Thread | None = None

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
        if not self.enabled or not self.total:
            return False
        return self.total >= self.min_files or self.clock() - self.started >= DELAY

    @property
    def dominated(self) -> bool:
        """One file is at least half of the bytes: count bytes, since a file count would barely move."""
        return self.total_bytes > 0 and max(self.sizes) * 2 >= self.total_bytes

    def start(self, targets) -> None:
        with self.lock:
            self.total = len(targets)
            self.done = 0
            self.names = [getattr(t, "display", "") for t in targets]
            self.sizes = [_size(t) for t in targets] if self.enabled else [0] * len(targets)
            self.total_bytes = sum(self.sizes)
            self.done_bytes = 0
            self.started = self.clock()
        if self.enabled and self.ticking and self.ticker is None:
            self.ticker = threading.Thread(target=self._tick, name="tfmigrate-progress", daemon=True)
            self.ticker.start()

    def advance(self, name: str = "") -> None:
        with self.lock:
            if self.done < len(self.sizes):
                self.done_bytes += self.sizes[self.done]
            self.done += 1
            if not self.active:
                return
            now = self.clock()
            if self.done < self.total and now - self.last < INTERVAL:
                return
            self._draw(name, now)

    def _tick(self) -> None:
        while not self.stopped.wait(TICK):
            with self.lock:
                if self.active and self.done < self.total:
                    self._draw("", self.clock(), flush=False)

    def _draw(self, name: str, now: float, flush: bool = True) -> None:
        self.last = now
        self._write("\r" + self.line(name) + "\033[K", flush)
        self.shown = True

    def _write(self, text: str, flush: bool = True) -> None:
        try:
            fd = self.stream.fileno()
        except (AttributeError, OSError, ValueError):
            fd = None
        if fd is None:
            self.stream.write(text)
            self.stream.flush()
            return
        if flush:  # not from the ticker thread: it must never hold the stream's lock
            self.stream.flush()
        with contextlib.suppress(OSError):
            os.write(fd, text.encode(getattr(self.stream, "encoding", None) or "utf-8", errors="replace"))

    def line(self, name: str = "") -> str:
        width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        if self.dominated:
            fraction = self.done_bytes / self.total_bytes
            count = f" {human(self.done_bytes)}/{human(self.total_bytes)} "
        else:
            fraction = self.done / max(1, self.total)
            count = f" {self.done}/{self.total} files "
        elapsed = self.clock() - self.started
        if elapsed >= DELAY:
            minutes, seconds = divmod(int(elapsed), 60)
            count += f"{minutes}:{seconds:02d} "
        bar_width = max(10, min(40, width // 3))
        filled = int(bar_width * min(1.0, fraction))
        text = f"tfmigrate [{'#' * filled}{'.' * (bar_width - filled)}]{count}"
        if self.done < len(self.names) and self.names[self.done]:
            name = self.names[self.done]  # the file the output is waiting for
        room = width - len(text)
        if name and room > 5:
            text += name if len(name) <= room else "…" + name[-(room - 1) :]
        return text[:width]

    def clear(self) -> None:
        with self.lock:
            if self.shown:
                self._write("\r\033[K")
                self.shown = False

    @contextlib.contextmanager
    def output(self):
        """Hold the bar off while something else is printed."""
        with self.lock:
            self.clear()
            yield

    def close(self) -> None:
        self.stopped.set()
        if self.ticker is not None:
            self.ticker.join(1)
            self.ticker = None
        self.clear()
