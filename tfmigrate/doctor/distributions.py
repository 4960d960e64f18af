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

from tfmigrate.doctor import _versions, environment, target
from tfmigrate.doctor.environment import Facts
from tfmigrate.doctor.findings import Finding, Severity

TF_FLAVORS = (
    "tensorflow",
    "tensorflow-cpu",
    "tensorflow-gpu",
    "tf-nightly",
    "tf-nightly-cpu",
    "tf-nightly-gpu",
    "tensorflow-intel",
    "tensorflow-macos",
    "tensorflow-cpu-aws",
    "tensorflow-aarch64",
    "tensorflow-rocm",
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


def stack(inv: Inventory) -> list[Dist]:
    """The installed distributions that make up the TensorFlow stack: TensorFlow, what it requires (transitively,
    as installed) and what requires a TensorFlow flavour (tf-keras). Their requirements all bind the same
    numpy/keras/protobuf: ml-dtypes requiring numpy>=2 breaks TensorFlow as surely as TensorFlow's own pin."""
    if inv.tensorflow is None:
        return []
    seen = {inv.tensorflow.name: inv.tensorflow}
    todo = [inv.tensorflow]
    while todo:
        for req in todo.pop().requirements(inv.env):
            dist = inv.get(req.name)
            if dist is not None and dist.name not in seen and dist.name not in TF_FLAVORS:
                seen[dist.name] = dist
                todo.append(dist)
    for flavour in TF_FLAVORS:
        for dist in inv.requirers(flavour):
            seen.setdefault(dist.name, dist)
    return list(seen.values())


def _clauses(specifier: str) -> list[tuple[str, str]]:
    out = []
    for part in filter(None, (p.strip() for p in specifier.split(","))):
        match = re.match(r"^(~=|===|==|!=|<=|>=|<|>)\s*(.+)$", part)
        if match:
            out.append((match.group(1), match.group(2).strip()))
    return out


def merge_specifiers(specifiers: list[str]) -> str:
    """One specifier meaning all of ``specifiers``, without the lower (upper) bounds a stricter one implies:
    ``>=1.26.0`` and ``>=2.0.0`` print as ``>=2.0.0``."""
    lower: tuple[str, str, tuple[int, ...]] | None = None  # (op, version, release)
    upper: tuple[str, str, tuple[int, ...]] | None = None
    rest: list[str] = []
    for op, version in (c for spec in specifiers for c in _clauses(spec)):
        key = _versions.release(version)
        if op in (">=", ">") and key is not None:
            if lower is None or key > lower[2] or (key == lower[2] and op == ">"):
                lower = (op, version, key)
        elif op in ("<", "<=") and key is not None:
            if upper is None or key < upper[2] or (key == upper[2] and op == "<"):
                upper = (op, version, key)
        elif f"{op}{version}" not in rest:
            rest.append(f"{op}{version}")
    parts = ([f"{lower[0]}{lower[1]}"] if lower else []) + ([f"{upper[0]}{upper[1]}"] if upper else []) + rest
    return ",".join(sorted(parts))  # packaging's order, so one requirement prints as its Requires-Dist does


def stack_requirements(inv: Inventory, name: str) -> list[tuple[Dist, _versions.Requirement]]:
    """Every (distribution, requirement) of the TensorFlow stack on ``name``."""
    wanted = _versions.normalize(name)
    return [(dist, req) for dist in stack(inv) for req in dist.requirements(inv.env) if req.name == wanted]


def stack_specifier(inv: Inventory, name: str) -> str:
    return merge_specifiers([req.specifier for _, req in stack_requirements(inv, name) if req.specifier])


def pip_install(facts: Facts, inv: Inventory, name: str, extra: str = "") -> str:
    """``pip install "name<what the whole stack allows>"``."""
    spec = stack_specifier(inv, name) + extra
    return f'{facts.interpreter.pip} install "{name}{spec}"' if spec else f"{facts.interpreter.pip} install {name}"


def tf_keras_install(facts: Facts, inv: Inventory, minor: str) -> str:
    """tf-keras requires the ``tensorflow`` distribution by that name: with another flavour installed (say
    tensorflow-cpu), a plain install pulls a second TensorFlow next to it, so --no-deps."""
    flavour = any(n in inv.first for n in TF_FLAVORS)
    return f'{facts.interpreter.pip} install {"--no-deps " if flavour else ""}"tf-keras~={minor}.0"'


def inventory(facts: Facts) -> Inventory:
    dists = []
    for raw in facts.distributions or []:
        if raw.get("error"):
            continue
        dists.append(
            Dist(
                _versions.normalize(raw["name"]),
                raw.get("version") or "",
                tuple(raw.get("requires") or ()),
                raw.get("requires_python"),
                tuple(raw.get("classifiers") or ()),
                raw.get("metadata_dir"),
                raw.get("location"),
            )
        )
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
    shared = [
        p
        for p, (h, _) in records[base.name].items()
        if any(p in records[o.name] and records[o.name][p][0] != h for o in others)
    ]
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
        return [_missing(facts)]
    companions = {r.name for f in flavours for r in f.requirements(inv.env) if r.name in TF_FLAVORS}
    primary = [f for f in flavours if f.name not in companions]
    if len(primary) <= 1:
        inv.tensorflow = primary[0] if primary else flavours[0]
        return []
    owner, probe_file = live_owner(primary)
    newest = max(_versions.release(f.version) or () for f in primary)
    current = [f for f in primary if (_versions.release(f.version) or ()) == newest]
    wanted = [f for f in current if inv.requirers(f.name)]
    keep = wanted[0] if len(wanted) == 1 else owner if owner in current else current[0]
    inv.tensorflow = owner or keep
    evidence = [f"installed: {f.shown}" for f in primary]
    pinned = []
    for flavour in primary:
        for needer in inv.requirers(flavour.name):
            evidence.append(
                f"{needer.name} {needer.version} requires {flavour.name!r}, so pip installs it next to "
                f"any other flavour"
            )
            if flavour is not keep:
                pinned.append(needer)
    if owner is not None:
        evidence.append(
            f"the files on disk are {owner.name}'s (checked {probe_file}); the flavours share the "
            f"tensorflow/ directory and the last one installed overwrote the other"
        )
    evidence.append("uninstalling either flavour deletes the shared files out from under the other")
    for flavour in primary:
        older = (_versions.release(flavour.version) or ()) < (_versions.release(keep.version) or ())
        if flavour is not keep and older and inv.requirers(flavour.name):
            evidence.append(
                f"keeping {flavour.name} {flavour.version} (what {inv.requirers(flavour.name)[0].name} "
                f"pins) would take TensorFlow down from {keep.version}; the fix keeps {keep.name} "
                f"{keep.version}"
            )
    others = " ".join(f.name for f in primary if f is not keep)
    pip = facts.interpreter.pip
    fix = f"{pip} uninstall -y {others} && {pip} install --force-reinstall --no-deps {keep.name}=={keep.version}"
    release = _versions.release(keep.version) or ()
    if "tf-keras" in {d.name for d in pinned} and len(release) > 1:
        fix += " && " + tf_keras_install(facts, inv, f"{release[0]}.{release[1]}")
    title = f"{len(primary)} TensorFlow distributions are installed at once: {', '.join(f.name for f in primary)}"
    return [Finding("tensorflow-duplicate", Severity.ERROR, title, tuple(evidence), fix)]


def _missing(facts: Facts) -> Finding:
    """No TensorFlow: a plain ``pip install tensorflow`` only brings the target version on the Pythons its
    wheels exist for (under 3.9 it quietly installs 2.20), so say which those are."""
    version = tuple(facts.version_info[:2])
    shown = "%d.%d" % version
    evidence = [
        f"no distribution named {', '.join(TF_FLAVORS[:4])}, ... on {facts.executable}'s sys.path",
        f"TensorFlow {target.VERSION} has wheels for Python {target.pythons_text()}; this is Python {shown}",
    ]
    moved = environment.moved_base(facts)
    if moved is not None:
        evidence.append(
            f"but {moved[2]} distributions / .pth files sit in {moved[1]}, made for Python {moved[0]} "
            f"(see venv-python-changed)"
        )
        fix = environment.upgrade_fix(facts, moved[0])
    elif target.supports(version):
        fix = f"{facts.interpreter.pip} install tensorflow=={target.VERSION}"
    else:
        evidence.append(f"on Python {shown}, pip install tensorflow installs an older TensorFlow, or none")
        fix = _recreate(target.newest_python(), f"tensorflow=={target.VERSION}")
    return Finding(
        "tensorflow-missing",
        Severity.ERROR,
        "TensorFlow is not installed in the inspected interpreter",
        tuple(evidence),
        fix,
    )


def _recreate(python: str, requirement: str) -> str:
    return f"python{python} -m venv .venv && . .venv/bin/activate && python -m pip install {requirement}"


def check_installed_package(facts: Facts, inv: Inventory) -> list[Finding]:
    """Metadata without the package: what is left after uninstalling one of two flavours (pip removes the
    shared files and leaves a stray header, so ``tensorflow`` imports as an empty namespace package), a deleted
    ``tensorflow/__init__.py``, or a failed install."""
    tf = inv.tensorflow
    if tf is None:
        return []
    spec = (facts.specs or {}).get("tensorflow")
    namespace = isinstance(spec, dict) and spec.get("origin") in (None, "namespace") and spec.get("locations")
    if spec is not None and not namespace:
        return []
    if namespace and isinstance(spec, dict):
        where = spec["locations"]
        evidence = [
            f"`import tensorflow` finds only a namespace package (no tensorflow/__init__.py) in {', '.join(where)}",
            *_leftovers(where),
            "this is what uninstalling one of two TensorFlow flavours leaves behind",
        ]
    else:
        evidence = ["importlib.util.find_spec('tensorflow') is None"]
    return [
        Finding(
            "tensorflow-files-missing",
            Severity.ERROR,
            f"{tf.name} {tf.version} is recorded as installed but its tensorflow package is gone",
            (f"metadata: {tf.metadata_dir}", *evidence),
            f"{facts.interpreter.pip} install --force-reinstall --no-deps {tf.name}=={tf.version}",
        )
    ]


def _leftovers(locations: list[str], limit: int = 3) -> list[str]:
    found: list[str] = []
    for location in locations:
        for root, _dirs, files in os.walk(location):
            found += [os.path.join(root, f) for f in files]
            if len(found) > limit:
                break
    if not found:
        return ["the tensorflow/ folder holds no files"]
    return [
        f"left behind: {len(found) if len(found) <= limit else 'more than ' + str(limit)} file(s), e.g. "
        f"{', '.join(found[:limit])}"
    ]


def check_requirements(facts: Facts, inv: Inventory) -> list[Finding]:
    tf = inv.tensorflow
    if tf is None:
        return []
    findings = []
    violated: dict[str, list[tuple[Dist, _versions.Requirement]]] = {}
    for req in tf.requirements(inv.env):
        key = req.name in KEY_DEPENDENCIES or req.name in TF_FLAVORS
        installed = inv.get(req.name)
        if installed is None:
            spec = stack_specifier(inv, req.name) if req.name not in TF_FLAVORS else req.specifier
            findings.append(
                Finding(
                    f"dependency-missing-{req.name}",
                    Severity.ERROR if key else Severity.WARNING,
                    f"{tf.name} {tf.version} needs {req.name}, which is not installed",
                    (f"{tf.name} declares Requires-Dist: {req.line}",),
                    f'{facts.interpreter.pip} install "{req.name}{spec}"'
                    if spec
                    else f"{facts.interpreter.pip} install {req.name}",
                )
            )
        elif req.specifier and _versions.satisfies(installed.version, req.specifier) is False:
            violated.setdefault(req.name, []).append((tf, req))
    for dist in stack(inv):
        if dist is tf:
            continue
        for req in dist.requirements(inv.env):
            installed = inv.get(req.name)
            if (
                req.name in KEY_DEPENDENCIES
                and req.name != "tf-keras"
                and installed is not None
                and req.specifier
                and _versions.satisfies(installed.version, req.specifier) is False
            ):
                violated.setdefault(req.name, []).append((dist, req))
    for name, reasons in violated.items():
        installed = inv.get(name)
        assert installed is not None  # only installed packages are violated
        key = name in KEY_DEPENDENCIES or name in TF_FLAVORS
        first, req = reasons[0]
        spec = stack_specifier(inv, name) if name not in TF_FLAVORS else req.specifier
        findings.append(
            Finding(
                f"dependency-version-{name}",
                Severity.ERROR if key else Severity.WARNING,
                f"{name} {installed.version} does not satisfy {first.name} {first.version}'s {name}{req.specifier}",
                (
                    *(f"{d.name} {d.version} declares Requires-Dist: {r.line}" for d, r in reasons),
                    f"installed: {installed.shown}",
                    *(
                        [f"every installed requirement on {name} together: {name}{spec}"]
                        if spec != req.specifier
                        else []
                    ),
                ),
                f'{facts.interpreter.pip} install "{name}{spec}"',
            )
        )
    tfk = inv.get("tf-keras")
    tf_release, tfk_release = _versions.release(tf.version), _versions.release(tfk.version) if tfk else None
    if tfk and tf_release and tfk_release and tfk_release[:2] != tf_release[:2]:
        legacy = _legacy_keras(facts)
        findings.append(
            Finding(
                "tf-keras-version",
                Severity.ERROR if legacy else Severity.WARNING,
                f"tf-keras {tfk.version} does not match {tf.name} {tf.version}: tf-keras must have TensorFlow's minor version",
                (
                    f"tf-keras {'.'.join(map(str, tfk_release[:2]))} vs TensorFlow {'.'.join(map(str, tf_release[:2]))}",
                    f"TF_USE_LEGACY_KERAS={os.environ.get('TF_USE_LEGACY_KERAS', '')!r}"
                    + (" makes tf.keras use it" if legacy else " (tf.keras does not use it now)"),
                ),
                tf_keras_install(facts, inv, f"{tf_release[0]}.{tf_release[1]}"),
            )
        )
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
    recreate = (
        f"python{best} -m venv .venv && . .venv/bin/activate && python -m pip install {tf.name}=={tf.version}"
        if best
        else None
    )
    if tf.requires_python and _versions.satisfies(facts.version, tf.requires_python) is False:
        return [
            Finding(
                "python-unsupported",
                Severity.ERROR,
                f"Python {facts.version} is outside {tf.name} {tf.version}'s Requires-Python {tf.requires_python}",
                (f"supported (classifiers): {listed_text or 'not listed'}",),
                recreate,
            )
        ]
    if listed and tuple(facts.version_info[:2]) not in listed:
        return [
            Finding(
                "python-unsupported",
                Severity.WARNING,
                f"Python {current} is not among the versions {tf.name} {tf.version} is built for",
                (f"classifiers list Python {listed_text}",),
                recreate,
            )
        ]
    return [
        Finding(
            "python-supported",
            Severity.INFO,
            f"Python {current} is supported by {tf.name} {tf.version}",
            (f"Requires-Python {tf.requires_python or 'unset'}; classifiers: {listed_text or 'none'}",),
        )
    ]


def check_duplicate_copies(facts: Facts, inv: Inventory) -> list[Finding]:
    """The same package installed in two sys.path directories (say ~/.local and the venv): import takes the
    first, pip and the metadata checks may look at either."""
    findings = []
    for name in (*TF_FLAVORS, *KEY_DEPENDENCIES):
        copies = [d for d in inv.all if d.name == name]
        if len(copies) > 1 and len({d.location for d in copies}) > 1:
            findings.append(
                Finding(
                    f"installed-twice-{name}",
                    Severity.WARNING,
                    f"{name} is installed in {len(copies)} places; import uses the first ({copies[0].version})",
                    tuple(f"{d.version} in {d.location}" for d in copies),
                    f"{facts.interpreter.pip} uninstall -y {name}  # removes the first copy, {copies[0].location}",
                )
            )
    return findings


def check_all(facts: Facts) -> tuple[list[Finding], Inventory]:
    inv = inventory(facts)
    if facts.distributions is None:
        return [
            Finding(
                "metadata-unreadable",
                Severity.ERROR,
                "The interpreter has no importlib.metadata",
                (f"{facts.executable} is Python {facts.version}",),
                "use Python 3.10 or newer",
            )
        ], inv
    findings = check_flavours(facts, inv)
    for check in (check_installed_package, check_requirements, check_python_support, check_duplicate_copies):
        findings += check(facts, inv)
    if inv.tensorflow is not None:
        findings.insert(
            0,
            Finding(
                "tensorflow-installed",
                Severity.INFO,
                f"{inv.tensorflow.name} {inv.tensorflow.version}",
                (f"metadata: {inv.tensorflow.metadata_dir}",),
            ),
        )
    return findings, inv
