"""Files a run adds rather than rewrites: one module that several scripts of a directory share (TFM308's MNIST
stand-in, decided by tfmigrate.runfacts), instead of a copy of it pasted into each script.

The module is written before any script that imports it (a script is never left importing a module that is
not there; an interrupted run leaves at most an unused module, which the next run finds and reuses), never over
an existing file, and only once for the run. Its result comes last, marked ``created``: in --diff mode the diff
adds it from /dev/null, in --check mode it is a change like any other.
"""

from __future__ import annotations

import stat
from pathlib import Path

from tfmigrate.cache import Cache
from tfmigrate.fileio import create_new
from tfmigrate.ftypes import Change, FileResult, Options, SourceError, Status
from tfmigrate.runfacts import SharedModule, mnist_modules

MEMO = "tfm308-stand-ins"


def add_shared(
    scripts: list[tuple[str, Path, str]], options: Options, mode: str, facts: dict[str, dict], cache: Cache | None
) -> list[FileResult]:
    """The results of the modules the scripts (display, path, text) share; each user of a module that is (or,
    outside WRITE mode, would be) there is told in ``facts`` (display -> Options overrides) to import it. A module
    that cannot be written leaves its users with the stand-in in the file, and fails with the reason.

    Which script needs the stand-in takes a parse; the answers are kept in the cache by content, so a second
    ``--diff`` of an unchanged tree parses nothing."""
    from tfmigrate.transforms.tfm308_mnist_tutorial import module_text

    memo = cache.load_memo(MEMO) if cache is not None else {}
    known = len(memo)
    modules = mnist_modules(scripts, options, memo)
    if cache is not None and len(memo) != known:
        cache.save_memo(MEMO, memo)
    text = module_text()
    results = []
    for module in modules:
        result = None
        if not module.exists:
            result = _result(module, text, mode)
        if result is None or result.status is not Status.FAILED:
            for user in module.users:
                facts.setdefault(user, {})["run_mnist"] = module.name
        if result is not None:
            results.append(result)
    return results


def _result(module: SharedModule, text: str, mode: str) -> FileResult:
    names = [Path(u).name for u in module.users]
    users = ", ".join(names[:3]) + (f" and {len(names) - 3} more scripts" if len(names) > 3 else "")
    why = f" ({module.note})" if module.note else ""
    change = Change(
        1,
        "TFM308",
        f"new module {module.path.name}{why}: the MNIST input_data stand-in, once for {users} instead of a copy in each",
    )
    result = FileResult(Path(module.display), Status.CHANGED, [change], created=True)
    if mode == "diff":
        result.migrated = new_file_diff(text, module.display)
    elif mode == "write":
        try:
            create_new(module.path, text, _mode_beside(module.path))
        except SourceError as err:
            return FileResult(Path(module.display), Status.FAILED, error=f"{err.reason}; not created", created=True)
        except OSError as err:
            return FileResult(
                Path(module.display), Status.FAILED, error=f"{err.strerror or err}; not created", created=True
            )
        result.written = True
    return result


def new_file_diff(text: str, display: str) -> str:
    """A unified diff that adds ``display``, as git prints one."""
    lines = text.splitlines(keepends=True)
    body = "".join("+" + line for line in lines)
    return f"--- /dev/null\n+++ b/{display}\n@@ -0,0 +1,{len(lines)} @@\n{body}"


def _mode_beside(path: Path) -> int:
    """The directory's permission bits without execute (0o755 -> 0o644): who may read the scripts may read this."""
    try:
        return stat.S_IMODE(path.parent.stat().st_mode) & 0o666
    except OSError:
        return 0o644
