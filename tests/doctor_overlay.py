"""Cheap real environments for the doctor's tests: a virtual environment over the test interpreter's own
site-packages, broken by one real ``pip install`` / ``rm`` the way users break TensorFlow.

The overlay's site-packages comes first; the test interpreter's site-packages is seen through a folder of
symlinks *outside* the overlay, reached by a .pth file. pip run in the overlay installs into the overlay and
refuses to uninstall anything in that folder ("outside environment"), so no test can damage the shared
TensorFlow; a package the test must break for real (tensorflow/) is hard-linked into the overlay instead, and
hard links are only ever unlinked, never written through.

Every pip an overlay runs (the breaking install, the printed fix) installs from one folder of wheels fetched once
(``wheelhouse``), with ``--no-index``: a real install from real wheels, without an index query, a download or the
network per test."""

from __future__ import annotations

import fcntl
import importlib.metadata
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
# What the tests break environments with; the fixes the doctor prints reinstall the test interpreter's own versions
# (``stack``). A test that installs something else must add it here.
BREAKAGES = ("numpy==1.26.4", "keras==2.15.0", "tf-keras==2.15.0", "tf-keras==2.20.1")
TF_FLAVOURS = ("tensorflow-cpu", "tensorflow", "tensorflow-intel", "tensorflow-macos")


def stack() -> tuple[str, ...]:
    """The installed TensorFlow flavour, Keras, tf-keras and NumPy, pinned: what the printed fixes reinstall."""
    pins = []
    for names in (TF_FLAVOURS, ("keras",), ("tf-keras",), ("numpy",)):
        for name in names:  # the first flavour found is the stack's TensorFlow
            try:
                pins.append(f"{name}=={importlib.metadata.version(name)}")
                break
            except importlib.metadata.PackageNotFoundError:
                continue
    return tuple(pins)


def _rounds(requirements: tuple[str, ...]) -> list[list[str]]:
    """pip downloads several distributions per call, but only one version of each."""
    rounds: list[list[str]] = []
    for requirement in requirements:
        name = requirement.split("==")[0].replace("_", "-").lower()
        free = next((r for r in rounds if all(x.split("==")[0].replace("_", "-").lower() != name for x in r)), None)
        if free is None:
            rounds.append(free := [])
        free.append(requirement)
    return rounds


def wheelhouse(folder: Path) -> Path:
    """``folder`` holding the wheels of BREAKAGES and ``stack()``, fetched by the first pytest-xdist worker that
    asks (the others wait on a lock and reuse it); fetched again, from scratch, when the list changes."""
    folder.mkdir(parents=True, exist_ok=True)
    requirements = (*BREAKAGES, *stack())
    done = folder / "complete"
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists() or done.read_text().split() != list(requirements):
            done.unlink(missing_ok=True)
            for stale in folder.glob("*.whl"):
                stale.unlink()
            for batch in _rounds(requirements):
                proc = subprocess.run(
                    [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--dest", str(folder)]
                    + batch,
                    env=child_env(),
                    capture_output=True,
                    text=True,
                    timeout=limit(1800),
                )
                assert proc.returncode == 0, f"pip download {batch}:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
            done.write_text("\n".join(requirements) + "\n")
    return folder


def offline_pip(folder: Path) -> dict[str, str]:
    """The environment that makes every pip of a child install from ``folder`` alone."""
    return {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(folder)}


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
        assert proc.returncode == 0, f"{proc.stdout}{proc.stderr}(not in the wheelhouse? see BREAKAGES)"
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
