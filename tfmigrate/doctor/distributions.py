"""Installed TensorFlow-family distributions, read from package metadata only (nothing is imported): duplicate
TensorFlow flavours, dependencies against TensorFlow's own Requires-Dist, tf-keras against TensorFlow's minor
version, and the Python version against TensorFlow's Requires-Python and classifiers."""

from __future__ import annotations

import base64
import csv
import hashlib
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from tfmigrate.doctor import _versions
from tfmigrate.doctor.environment import Facts
from tfmigrate.doctor.findings import Finding, Severity

TF_FLAVORS = (
    "tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tf-nightly", "tf-nightly-cpu", "tf-nightly-gpu",
    "tensorflow-intel", "tensorflow-macos", "tensorflow-cpu-aws", "tensorflow-aarch64", "tensorflow-rocm",
)
# Dependencies whose mismatch breaks `import tensorflow` or tf.keras outright; the rest only warn.
KEY_DEPENDENCIES = ("keras", "tf-keras", "numpy", "protobuf", "ml-dtypes", "tensorboard")


@dataclass(frozen=True)
class Dist:
    name: str
    version: str
    requires: tuple[str, ...]
    requires_python: str | None
    classifiers: tuple[str, ...]
    metadata_dir: str | None
    location: str | None

    @property
    def shown(self) -> str:
        return f"{self.name} {self.version}" + (f" ({self.location})" if self.location else "")

    def requirements(self, env: dict[str, str], extra: str = "") -> list[_versions.Requirement]:
        """Applicable Requires-Dist entries; with ``extra``, only those the extra adds (``[and-cuda]``)."""
        out = []
        for line in self.requires:
            req = _versions.parse_requirement(line)
            if req is None or not _versions.marker_applies(req.marker, env, extra):
                continue
            if extra and _versions.marker_applies(req.marker, env, ""):
                continue
            out.append(req)
        return out


@dataclass
class Inventory:
    """Every distribution the interpreter sees; ``first`` is the copy import would use (earliest on sys.path)."""

    all: list[Dist]
    first: dict[str, Dist]
    env: dict[str, str]
    tensorflow: Dist | None = None

    def get(self, name: str) -> Dist | None:
        return self.first.get(_versions.normalize(name))

    def requirers(self, name: str) -> list[Dist]:
        """Installed distributions that declare an (applicable, non-extra) requirement on ``name``."""
        wanted = _versions.normalize(name)
        return [d for d in self.first.values() if any(r.name == wanted for r in d.requirements(self.env))]


def inventory(facts: Facts) -> Inventory:
    dists = []
    for raw in facts.distributions or []:
        if raw.get("error"):
            continue
        dists.append(Dist(_versions.normalize(raw["name"]), raw.get("version") or "", tuple(raw.get("requires") or ()),
                          raw.get("requires_python"), tuple(raw.get("classifiers") or ()), raw.get("metadata_dir"),
                          raw.get("location")))
    first: dict[str, Dist] = {}
    for dist in dists:
        first.setdefault(dist.name, dist)
    return Inventory(dists, first, dict(facts.marker_env))


def _record(dist: Dist) -> dict[str, tuple[str, str]]:
    if not dist.metadata_dir:
        return {}
    try:
        with open(Path(dist.metadata_dir) / "RECORD", newline="", encoding="utf-8") as handle:
            return {row[0]: (row[1], row[2]) for row in csv.reader(handle) if len(row) >= 3 and row[1]}
    except OSError:
        return {}


def live_owner(dists: list[Dist]) -> tuple[Dist | None, str | None]:
    """Which flavour's files are on disk: flavours share the ``tensorflow/`` directory, so the one installed
    last overwrote the other's shared files. Decided by hashing the smallest shared file whose recorded hashes
    differ; (None, None) when the RECORDs do not tell them apart."""
    records = {d.name: _record(d) for d in dists}
    if len(dists) < 2 or not all(records.values()):
        return None, None
    base, *others = dists
    shared = [p for p, (h, _) in records[base.name].items() if any(p in records[o.name] and records[o.name][p][0] != h
                                                                     for o in others)]
    shared.sort(key=lambda p: int(records[base.name][p][1] or 0))
    for path in shared[:3]:
        location = Path(base.location or "") / path
        try:
            digest = hashlib.sha256(location.read_bytes()).digest()
        except OSError:
            continue
        actual = "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        for dist in dists:
            if records[dist.name].get(path, ("",))[0] == actual:
                return dist, path
    return None, None


def _python(facts: Facts) -> str:
    return shlex.quote(facts.executable)


def check_flavours(facts: Facts, inv: Inventory) -> list[Finding]:
    flavours = [inv.first[n] for n in TF_FLAVORS if n in inv.first]
    if not flavours:
        inv.tensorflow = None
        return [Finding("tensorflow-missing", Severity.ERROR, "TensorFlow is not installed in the inspected interpreter",
                        (f"no distribution named {', '.join(TF_FLAVORS[:4])}, ... on {facts.executable}'s sys.path",),
                        f"{facts.interpreter.pip} install tensorflow")]
    companions = {r.name for f in flavours for r in f.requirements(inv.env) if r.name in TF_FLAVORS}
    primary = [f for f in flavours if f.name not in companions]
    if len(primary) <= 1:
        inv.tensorflow = primary[0] if primary else flavours[0]
        return []
    owner, probe_file = live_owner(primary)
    wanted = [f for f in primary if inv.requirers(f.name)]
    keep = wanted[0] if len(wanted) == 1 else owner or primary[0]
    inv.tensorflow = owner or keep
    evidence = [f"installed: {f.shown}" for f in primary]
    for flavour in primary:
        for needer in inv.requirers(flavour.name):
            evidence.append(f"{needer.name} {needer.version} requires {flavour.name!r}, so pip installs it next to "
                            f"any other flavour")
    if owner is not None:
        evidence.append(f"the files on disk are {owner.name}'s (checked {probe_file}); the flavours share the "
                        f"tensorflow/ directory and the last one installed overwrote the other")
    evidence.append("uninstalling either flavour deletes the shared files out from under the other")
    others = " ".join(f.name for f in primary if f is not keep)
    fix = (f"{facts.interpreter.pip} uninstall -y {others} && "
           f"{facts.interpreter.pip} install --force-reinstall --no-deps {keep.name}=={keep.version}")
    title = f"{len(primary)} TensorFlow distributions are installed at once: {', '.join(f.name for f in primary)}"
    return [Finding("tensorflow-duplicate", Severity.ERROR, title, tuple(evidence), fix)]


def check_installed_package(facts: Facts, inv: Inventory) -> list[Finding]:
    """Metadata without the package: what is left after uninstalling one of two flavours, or a failed install."""
    tf = inv.tensorflow
    if tf is None or (facts.specs or {}).get("tensorflow") is not None:
        return []
    return [Finding("tensorflow-files-missing", Severity.ERROR,
                    f"{tf.name} {tf.version} is recorded as installed but there is no importable tensorflow package",
                    (f"metadata: {tf.metadata_dir}", "importlib.util.find_spec('tensorflow') is None"),
                    f"{facts.interpreter.pip} install --force-reinstall --no-deps {tf.name}=={tf.version}")]


def check_requirements(facts: Facts, inv: Inventory) -> list[Finding]:
    tf = inv.tensorflow
    if tf is None:
        return []
    findings = []
    for req in tf.requirements(inv.env):
        key = req.name in KEY_DEPENDENCIES or req.name in TF_FLAVORS
        installed = inv.get(req.name)
        spec = f'"{req.name}{req.specifier}"' if req.specifier else req.name
        if installed is None:
            findings.append(Finding(f"dependency-missing-{req.name}", Severity.ERROR if key else Severity.WARNING,
                                    f"{tf.name} {tf.version} needs {req.name}, which is not installed",
                                    (f"{tf.name} declares Requires-Dist: {req.line}",),
                                    f"{facts.interpreter.pip} install {spec}"))
            continue
        ok = _versions.satisfies(installed.version, req.specifier) if req.specifier else True
        if ok is False:
            findings.append(Finding(
                f"dependency-version-{req.name}", Severity.ERROR if key else Severity.WARNING,
                f"{req.name} {installed.version} does not satisfy {tf.name} {tf.version}'s {req.name}{req.specifier}",
                (f"{tf.name} declares Requires-Dist: {req.line}", f"installed: {installed.shown}"),
                f"{facts.interpreter.pip} install {spec}"))
    tfk = inv.get("tf-keras")
    tf_release, tfk_release = _versions.release(tf.version), _versions.release(tfk.version) if tfk else None
    if tfk and tf_release and tfk_release and tfk_release[:2] != tf_release[:2]:
        legacy = _legacy_keras(facts)
        findings.append(Finding(
            "tf-keras-version", Severity.ERROR if legacy else Severity.WARNING,
            f"tf-keras {tfk.version} does not match {tf.name} {tf.version}: tf-keras must have TensorFlow's minor version",
            (f"tf-keras {'.'.join(map(str, tfk_release[:2]))} vs TensorFlow {'.'.join(map(str, tf_release[:2]))}",
             f"TF_USE_LEGACY_KERAS={os.environ.get('TF_USE_LEGACY_KERAS', '')!r}"
             + (" makes tf.keras use it" if legacy else " (tf.keras does not use it now)")),
            f'{facts.interpreter.pip} install "tf-keras~={tf_release[0]}.{tf_release[1]}.0"'))
    return findings


def _legacy_keras(facts: Facts) -> bool:
    return os.environ.get("TF_USE_LEGACY_KERAS", "").strip().lower() in ("1", "true", "yes")


_CLASSIFIER = re.compile(r"^Programming Language :: Python :: (\d+)\.(\d+)$")


def check_python_support(facts: Facts, inv: Inventory) -> list[Finding]:
    tf = inv.tensorflow
    if tf is None:
        return []
    current = f"{facts.version_info[0]}.{facts.version_info[1]}"
    listed = sorted({(int(m.group(1)), int(m.group(2))) for c in tf.classifiers if (m := _CLASSIFIER.match(c))})
    listed_text = ", ".join(f"{a}.{b}" for a, b in listed)
    best = f"{listed[-1][0]}.{listed[-1][1]}" if listed else None
    recreate = (f"python{best} -m venv .venv && . .venv/bin/activate && python -m pip install {tf.name}=={tf.version}"
                if best else None)
    if tf.requires_python and _versions.satisfies(facts.version, tf.requires_python) is False:
        return [Finding("python-unsupported", Severity.ERROR,
                        f"Python {facts.version} is outside {tf.name} {tf.version}'s Requires-Python {tf.requires_python}",
                        (f"supported (classifiers): {listed_text or 'not listed'}",), recreate)]
    if listed and tuple(facts.version_info[:2]) not in listed:
        return [Finding("python-unsupported", Severity.WARNING,
                        f"Python {current} is not among the versions {tf.name} {tf.version} is built for",
                        (f"classifiers list Python {listed_text}",), recreate)]
    return [Finding("python-supported", Severity.INFO, f"Python {current} is supported by {tf.name} {tf.version}",
                    (f"Requires-Python {tf.requires_python or 'unset'}; classifiers: {listed_text or 'none'}",))]


def check_duplicate_copies(facts: Facts, inv: Inventory) -> list[Finding]:
    """The same package installed in two sys.path directories (say ~/.local and the venv): import takes the
    first, pip and the metadata checks may look at either."""
    findings = []
    for name in (*TF_FLAVORS, *KEY_DEPENDENCIES):
        copies = [d for d in inv.all if d.name == name]
        if len(copies) > 1 and len({d.location for d in copies}) > 1:
            findings.append(Finding(
                f"installed-twice-{name}", Severity.WARNING,
                f"{name} is installed in {len(copies)} places; import uses the first ({copies[0].version})",
                tuple(f"{d.version} in {d.location}" for d in copies),
                f"{facts.interpreter.pip} uninstall -y {name}  # removes the first copy, {copies[0].location}"))
    return findings


def check_all(facts: Facts) -> tuple[list[Finding], Inventory]:
    inv = inventory(facts)
    if facts.distributions is None:
        return [Finding("metadata-unreadable", Severity.ERROR, "The interpreter has no importlib.metadata",
                        (f"{facts.executable} is Python {facts.version}",), "use Python 3.10 or newer")], inv
    findings = check_flavours(facts, inv)
    for check in (check_installed_package, check_requirements, check_python_support, check_duplicate_copies):
        findings += check(facts, inv)
    if inv.tensorflow is not None:
        findings.insert(0, Finding("tensorflow-installed", Severity.INFO, f"{inv.tensorflow.name} {inv.tensorflow.version}",
                                   (f"metadata: {inv.tensorflow.metadata_dir}",)))
    return findings, inv

