"""Reading a source file faithfully and replacing it atomically, so no user file is ever half-written."""

from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import io
import os
import signal
import stat
import tempfile
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tfmigrate.ftypes import SourceError

TEMP_PREFIX = ".tfmigrate-"
TEMP_SUFFIX = ".tmp"


@dataclass(frozen=True)
class SourceFile:
    """Decoded text plus everything needed to write it back the way it came: encoding, BOM, identity."""

    path: Path
    text: str
    encoding: str
    bom: bool
    digest: str
    mtime_ns: int
    size: int


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def decode(data: bytes) -> tuple[str, str, bool]:
    """Decode Python source bytes as the interpreter would (PEP 263 cookie, BOM); text keeps its newlines."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise SourceError(f"binary file: NUL byte at offset {offset}", data.count(b"\n", 0, offset) + 1)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as err:
        raise SourceError(f"bad encoding declaration: {err.msg if hasattr(err, 'msg') else err}", 1) from None
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as err:
        line = body.count(b"\n", 0, err.start) + 1
        raise SourceError(f"cannot decode as {codec}: byte 0x{body[err.start]:02x} ({err.reason})", line) from None
    return text, codec, bom


NOT_REGULAR = "not a regular file (a pipe, socket or device named like a source file)"


def read_regular(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file, and its stat; never blocks.

    Opening a FIFO for reading waits for a writer forever, and opening a device can have side effects, so the
    type is checked before the file is opened; the open itself is non-blocking and the type checked again on
    the descriptor, in case the path was swapped in between. Failures are SourceErrors in plain words.
    """
    try:
        _require_regular(os.stat(path))
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise SourceError(_open_error(path, err)) from None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        _require_regular(st)
        return handle.read(), st


def _require_regular(st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise SourceError("is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise SourceError(NOT_REGULAR)


def _open_error(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if err.errno == errno.ENOENT and path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "its target"
        return f"broken symlink: {target} does not exist"
    return str(err.strerror or err)


def read_source(path: Path) -> SourceFile:
    data, st = read_regular(path)
    text, encoding, bom = decode(data)
    return SourceFile(path, text, encoding, bom, digest(data), st.st_mtime_ns, st.st_size)


def encode(text: str, source: SourceFile) -> bytes:
    data = text.encode(source.encoding)
    return codecs.BOM_UTF8 + data if source.bom else data


def atomic_write(source: SourceFile, text: str) -> None:
    """Replace ``source.path`` with ``text`` in one rename, refusing if the file changed since it was read.

    The temporary file sits beside the target (same filesystem, so the rename is atomic) and takes the
    target's permission bits; on any failure it is removed and the original stays as it was.
    """
    path = source.path
    if not os.path.lexists(path):
        raise SourceError("file was deleted while tfmigrate ran; nothing written")
    current, st = read_regular(path)
    if digest(current) != source.digest:
        raise SourceError("file changed while tfmigrate ran; nothing written (run again)")
    if not st.st_mode & stat.S_IWUSR:
        raise SourceError("file is read-only; nothing written")
    data = encode(text, source)
    with _signals_deferred():
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            with contextlib.suppress(OSError):
                os.chown(tmp, st.st_uid, st.st_gid)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def create_new(path: Path, text: str, mode: int = 0o644) -> None:
    """Write a file that does not exist yet, whole, never replacing one: if ``path`` appears meanwhile, it is
    kept and this write fails. The text goes to a temporary file first and is hard-linked into place (the link
    fails on an existing name); where hard links are not supported, an exclusive create is written in place."""
    data = text.encode("utf-8")
    with _signals_deferred():
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise SourceError("a file of this name appeared while tfmigrate ran; it was kept") from None
            except OSError:
                _create_exclusive(path, data, mode)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _create_exclusive(path: Path, data: bytes, mode: int) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    except FileExistsError:
        raise SourceError("a file of this name appeared while tfmigrate ran; it was kept") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the write is done or undone: raised between ``mkstemp`` creating the file
    and the ``try`` that removes it, they left a temporary file behind (seen once in the Ctrl-C test)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def is_leftover_temp(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)
