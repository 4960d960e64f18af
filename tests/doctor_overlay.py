"""Cheap real environments for the doctor's tests: a virtual environment over the test interpreter's own
site-packages, broken by one real ``pip install`` / ``rm`` the way users break TensorFlow.

The overlay's site-packages comes first; the test interpreter's site-packages is seen through a folder of
symlinks *outside* the overlay, reached by a .pth file. pip run in the overlay installs into the overlay and
refuses to uninstall anything in that folder ("outside environment"), so no test can damage the shared
TensorFlow; a package the test must break for real (tensorflow/) is hard-linked into the overlay instead, and
hard links are only ever unlinked, never written through."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from timeouts import limit

BASE_SITE = Path(sysconfig.get_paths()["purelib"])
PIP_ENV = {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1", "PIP_NO_COMPILE": "1"}
DENSE = "import tensorflow as tf; tf.keras.layers.Dense; print('DENSE-OK')"


def child_env(extra: dict | None = None, tfmigrate: bool = False) -> dict[str, str]:
    """The environment for a child: an overlay's Python sees nothing of the test run (no PYTHONPATH); tfmigrate
    itself (``tfmigrate=True``) keeps PYTHONPATH, which may point at the tree under test."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "", **PIP_ENV}
    for key in ("PYTHONHOME", "VIRTUAL_ENV", "TF_USE_LEGACY_KERAS", *(() if tfmigrate else ("PYTHONPATH",))):
        env.pop(key, None)
    return {k: v for k, v in {**env, **(extra or {})}.items() if v is not None}


class Overlay:
    """``python`` runs with the overlay's site-packages first and the test interpreter's after it, minus
    ``hidden`` top-level entries (what the overlay replaces with its own copy)."""

    def __init__(self, root: Path, hidden: tuple[str, ...] = (), base: Path | None = None) -> None:
        self.root = root
        self.prefix = root / "venv"
        builder = venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt")
        if base is None:
            builder.create(self.prefix)
        else:  # a venv on another base interpreter: created by that interpreter
            subprocess.run([str(base), "-m", "venv", "--without-pip", str(self.prefix)], check=True, timeout=limit(120))
        self.python = self.prefix / "bin" / "python"
        self.site = Path(next(self.prefix.glob("lib/python3*/site-packages")))
        self.farm = root / "base-site"
        self.farm.mkdir()
        for entry in BASE_SITE.iterdir():
            if entry.name not in hidden and not entry.name.endswith(".pth") and entry.name != "__pycache__":
                (self.farm / entry.name).symlink_to(entry)
        (self.site / "zz_base_site.pth").write_text(f"{self.farm}\n")

    def hardlink(self, name: str) -> Path:
        """A private copy of a base entry (hidden from the farm) whose files can be deleted for real."""
        source, target = BASE_SITE / name, self.site / name
        if source.is_dir():
            shutil.copytree(source, target, copy_function=os.link, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            os.link(source, target)
        return target

    def run(self, *args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = limit(600)):
        return subprocess.run(
            [str(self.python), *args],
            cwd=cwd or self.root,
            env=child_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def pip(self, *args: str, timeout: float = limit(900)) -> subprocess.CompletedProcess:
        proc = self.run("-m", "pip", *args, timeout=timeout)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc

    def shell(self, command: str, env: dict | None = None, cwd: Path | None = None, timeout: float = limit(900)):
        """Run a printed fix as a user pastes it."""
        return subprocess.run(
            command,
            shell=True,
            cwd=cwd or self.root,
            env=child_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def base_python() -> str:
    return getattr(sys, "_base_executable", sys.executable)
