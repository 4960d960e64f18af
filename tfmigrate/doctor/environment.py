"""The inspected interpreter: how to start it, what it reports about itself, and the checks on it (which
Python, inside a virtual environment or not, whether ``pip`` and ``python`` on PATH are the same interpreter)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tfmigrate.doctor.findings import Finding, Severity

CHILD_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONIOENCODING": "utf-8"}


@dataclass(frozen=True)
class Interpreter:
    """The command that starts the inspected Python; the running one keeps its -S/-E/-s/-I flags so that a
    child sees the same sys.path as the doctor would."""

    argv: tuple[str, ...]

    @classmethod
    def current(cls) -> Interpreter:
        flags = sys.flags
        extra = [
            f
            for f, on in (
                ("-I", flags.isolated),
                ("-E", flags.ignore_environment),
                ("-s", flags.no_user_site),
                ("-S", flags.no_site),
            )
            if on
        ]
        if flags.isolated:
            extra = ["-I"] + (["-S"] if flags.no_site else [])
        return cls((sys.executable, *extra))

    @property
    def shown(self) -> str:
        return shlex.join(self.argv)

    @property
    def pip(self) -> str:
        return f"{shlex.quote(self.argv[0])} -m pip"


@dataclass
class ChildResult:
    returncode: int | None
    stdout: str
    stderr: str
    timed_out: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out and self.error is None


def run_child(
    argv: list[str],
    *,
    cwd: str | None = None,
    timeout: float = 60.0,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> ChildResult:
    """Run one child process; a missing program, a timeout or a crash becomes a result, never an exception."""
    child_env = dict(os.environ, **CHILD_ENV)
    if env:
        child_env.update(env)
    try:
        proc = subprocess.run(
            argv,
            input=stdin,
            capture_output=True,
            text=True,
            cwd=cwd,
            timeout=timeout,
            env=child_env,
            encoding="utf-8",
            errors="replace",
        )
    except subprocess.TimeoutExpired as err:

        def text(value: object) -> str:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value or "")

        return ChildResult(None, text(err.stdout), text(err.stderr), timed_out=True)
    except OSError as err:
        return ChildResult(None, "", "", error=f"{type(err).__name__}: {err}")
    return ChildResult(proc.returncode, proc.stdout, proc.stderr)


def child_script(name: str) -> str:
    return (Path(__file__).parent / name).read_text(encoding="utf-8")


@dataclass
class Facts:
    """What the inspected interpreter says about itself (see _facts_child.py)."""

    interpreter: Interpreter
    raw: dict = field(default_factory=dict)

    def __getattr__(self, name: str):
        try:
            return self.__dict__["raw"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def in_virtualenv(self) -> bool:
        return self.raw["prefix"] != self.raw["base_prefix"] or bool(self.raw.get("real_prefix"))

    @property
    def in_conda(self) -> bool:
        return (Path(self.raw["prefix"]) / "conda-meta").is_dir()


class FactsError(Exception):
    pass


def collect_facts(interpreter: Interpreter, cwd: str | None, timeout: float) -> Facts:
    result = run_child([*interpreter.argv, "-c", child_script("_facts_child.py")], cwd=cwd, timeout=timeout)
    if result.error:
        raise FactsError(f"cannot run {interpreter.shown}: {result.error}")
    if result.timed_out:
        raise FactsError(f"{interpreter.shown} did not answer within {timeout:g}s")
    try:
        raw = json.loads(result.stdout)
    except ValueError:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise FactsError(f"{interpreter.shown} is not a working Python 3 interpreter:\n{tail}") from None
    return Facts(interpreter, raw)


def check_interpreter(facts: Facts) -> list[Finding]:
    evidence = [f"executable: {facts.executable}", f"prefix: {facts.prefix}"]
    if facts.in_virtualenv:
        evidence.append(f"virtual environment on base {facts.real_prefix or facts.base_prefix}")
    title = f"Python {facts.version} ({facts.implementation}, {facts.bits}-bit)"
    findings = [Finding("python", Severity.INFO, title, tuple(evidence))]
    if facts.bits == 32:
        findings.append(
            Finding(
                "python-32bit",
                Severity.ERROR,
                "A 32-bit Python: TensorFlow publishes 64-bit wheels only",
                (f"{facts.executable} is a 32-bit build",),
                "install a 64-bit Python 3 and create the environment with it",
            )
        )
    moved = moved_base(facts)
    if moved is not None:
        old, folder, count = moved
        findings.append(
            Finding(
                "venv-python-changed",
                Severity.ERROR,
                f"This virtual environment was made with Python {old} but now runs Python {facts.version}: its base "
                f"Python was upgraded in place",
                (
                    f"{count} distributions / .pth files are installed in {folder}, which Python {facts.version} never "
                    f"reads",
                    f"pyvenv.cfg: home = {facts.raw.get('pyvenv_cfg', {}).get('home', '?')}, "
                    f"version = {_cfg_version(facts) or '?'}",
                    f"the fix relinks the environment to a Python {old} on PATH (install one first if it is gone)",
                ),
                upgrade_fix(facts, old),
            )
        )
    if not facts.in_virtualenv and not facts.in_conda:
        findings.append(
            Finding(
                "no-virtualenv",
                Severity.WARNING,
                "Not inside a virtual environment",
                (
                    f"sys.prefix == sys.base_prefix == {facts.prefix}",
                    "installing TensorFlow into a shared interpreter mixes its pinned numpy/protobuf with other projects'",
                ),
                f"{shlex.quote(facts.executable)} -m venv .venv && . .venv/bin/activate && python -m pip install tensorflow",
            )
        )
    return findings


_PIP_FROM = re.compile(r"^pip \S+ from (?P<where>.+?) \(python (?P<py>[\d.]+)\)")


def check_path_tools(facts: Facts, timeout: float) -> list[Finding]:
    """``pip install`` and ``python`` typed in a shell must reach the inspected interpreter, or installs go to
    one Python while the program runs in another (the commonest 'I installed it but cannot import it')."""
    findings = []
    site_dirs = {os.path.realpath(p) for p in facts.path if p and os.path.isdir(p)}
    pip = shutil.which("pip") or shutil.which("pip3")
    has_pip_module = any(d.get("name", "").lower() == "pip" for d in facts.distributions or [])
    if not has_pip_module:
        findings.append(
            Finding(
                "pip-missing",
                Severity.WARNING,
                "pip is not installed in the inspected interpreter",
                (f"no pip distribution on {facts.executable}'s sys.path",),
                f"{shlex.quote(facts.executable)} -m ensurepip --upgrade",
            )
        )
    if pip is None:
        findings.append(
            Finding("pip-on-path", Severity.INFO, "No pip on PATH", ("shutil.which('pip') found nothing",), None)
        )
    else:
        result = run_child([pip, "--version"], timeout=timeout, env={"PIP_DISABLE_PIP_VERSION_CHECK": "1"})
        match = _PIP_FROM.match(result.stdout.strip()) if result.ok else None
        if match is None:
            findings.append(
                Finding(
                    "pip-on-path",
                    Severity.WARNING,
                    f"`pip` on PATH ({pip}) does not run",
                    tuple((result.stderr or result.error or "no output").strip().splitlines()[-1:]),
                    f"use {facts.interpreter.pip} install ... instead of pip",
                )
            )
        else:
            where = os.path.realpath(os.path.dirname(match.group("where")))
            if where in site_dirs:
                findings.append(
                    Finding(
                        "pip-on-path",
                        Severity.INFO,
                        "`pip` on PATH installs into this interpreter",
                        (f"{pip}: {result.stdout.strip()}",),
                    )
                )
            else:
                findings.append(
                    Finding(
                        "pip-on-path",
                        Severity.WARNING,
                        "`pip` on PATH installs into a different interpreter than the one inspected",
                        (
                            f"{pip}: {result.stdout.strip()}",
                            f"inspected interpreter: {facts.executable} (prefix {facts.prefix})",
                        ),
                        f"use {facts.interpreter.pip} install ... (never a bare pip)",
                    )
                )
    python = shutil.which("python") or shutil.which("python3")
    if python:
        result = run_child([python, "-c", "import sys; print(sys.prefix)"], timeout=timeout)
        if result.ok and os.path.realpath(result.stdout.strip()) != os.path.realpath(facts.prefix):
            findings.append(
                Finding(
                    "python-on-path",
                    Severity.WARNING,
                    "`python` on PATH is another interpreter than the one inspected",
                    (
                        f"{python} has prefix {result.stdout.strip()}",
                        f"inspected: {facts.executable} (prefix {facts.prefix})",
                    ),
                    f"run your program with {shlex.quote(facts.executable)}, or activate its environment "
                    f"(. {shlex.quote(str(Path(facts.executable).parent))}/activate)",
                )
            )
    return findings


def _cfg_version(facts: Facts) -> str | None:
    cfg = facts.raw.get("pyvenv_cfg") or {}
    return cfg.get("version") or cfg.get("version_info")


def moved_base(facts: Facts) -> tuple[str, str, int] | None:
    """(the Python the environment was made with, its site-packages, how many distributions it holds) when
    the packages sit in another Python's folder: lib/python3.11 under a Python 3.12 looks like 'nothing is
    installed' while everything is there."""
    others = {folder: count for folder, count in (facts.raw.get("other_site_packages") or {}).items() if count}
    if not others:
        return None
    folder = max(others, key=lambda name: others[name])
    match = re.search(r"python(\d+\.\d+)", os.path.basename(os.path.dirname(folder)))
    return (match.group(1) if match else "?"), folder, others[folder]


def upgrade_fix(facts: Facts, old: str) -> str:
    """Point the environment's ``python`` links at a Python of the version its packages were built for and keep
    the packages. ``venv --upgrade`` alone leaves existing links alone, so they are removed first; it needs that
    Python on PATH (reinstall it, or pyenv install / apt install python3.X)."""
    bin_dir = Path(facts.prefix) / "bin"
    links = " ".join(shlex.quote(str(bin_dir / name)) for name in ("python", "python3", f"python{old}"))
    return f"rm -f {links} && python{old} -m venv --upgrade {shlex.quote(facts.prefix)}"
