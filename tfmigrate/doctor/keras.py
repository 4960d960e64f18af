"""Keras: which Keras sits behind tf.keras (Keras 3, or Keras 2 from tf-keras with TF_USE_LEGACY_KERAS), whether
that setting can work here, and what it means for the code being checked."""

from __future__ import annotations

import os
import shlex

from tfmigrate.doctor import _versions
from tfmigrate.doctor.code_checks import CodeReport, rules_for
from tfmigrate.doctor.distributions import Inventory, tf_keras_install
from tfmigrate.doctor.environment import Facts
from tfmigrate.doctor.findings import Finding, Severity
from tfmigrate.doctor.import_probe import Probe

LEGACY_VALUES = ("1", "true", "yes")
# Prefixes of statements that need Keras 2 (the copy frozen inside TensorFlow, or Keras 2 module paths).
KERAS2_MODULES = (
    "tensorflow.python.keras",
    "keras.engine",
    "keras.layers.normalization",
    "keras.utils.np_utils",
    "keras.wrappers",
    "keras.legacy",
    "tensorflow.compat.v1.layers",
    "tensorflow.layers",
    "tensorflow.keras.wrappers",
    "tensorflow.contrib.keras",
)


def needs_keras2(qualified: str) -> bool:
    return any(qualified == m or qualified.startswith(m + ".") for m in KERAS2_MODULES)


def legacy_requested() -> str | None:
    value = os.environ.get("TF_USE_LEGACY_KERAS")
    return value if value is not None and value.strip().lower() in LEGACY_VALUES else None


def legacy_stopgap(facts: Facts, inv: Inventory) -> str | None:
    """The no-rewrite way to keep Keras 2 behind tf.keras on TensorFlow 2.16+: tf-keras of TF's minor version."""
    release = _versions.release(inv.tensorflow.version) if inv.tensorflow else None
    if not release or len(release) < 2 or release[:2] < (2, 16):
        return None
    return f"{tf_keras_install(facts, inv, f'{release[0]}.{release[1]}')} && export TF_USE_LEGACY_KERAS=1"


def expected_keras(inv: Inventory) -> str:
    """What tf.keras resolves to by the versions alone: the keras package before TensorFlow 2.16; from 2.16 on,
    Keras 3 (the keras package) unless TF_USE_LEGACY_KERAS selects tf-keras."""
    tf = inv.tensorflow
    release = _versions.release(tf.version) if tf else None
    if release is None:
        return "unknown"
    if release[:2] >= (2, 16) and legacy_requested():
        tfk = inv.get("tf-keras")
        return f"tf_keras {tfk.version}" if tfk else "tf_keras, which is not installed"
    keras = inv.get("keras")
    return f"keras {keras.version}" if keras else "keras, which is not installed"


def keras_major(behind: str) -> str:
    package, _, version = behind.partition(" ")
    return "Keras 2" if package == "tf_keras" or version.startswith("2.") else "Keras 3"


KERAS2_OBJECTS = (
    "tensorflow.python.keras.layers",
    "tensorflow.python.keras.models",
    "tensorflow.python.keras.Sequential",
    "tensorflow.python.keras.Model",
    "tensorflow.python.keras.engine",
)
KERAS3_MODELS = ("tensorflow.keras", "keras")


def _under(qualified: str, prefixes: tuple[str, ...]) -> bool:
    return any(qualified == p or qualified.startswith(p + ".") for p in prefixes)


def mixing_files(code: CodeReport) -> list[str]:
    """Files that build Keras 2 layers (tensorflow.python.keras) and also use Keras 3 (tf.keras / keras): the
    Keras 2 layer ends up in a Keras 3 model and the program stops with a TypeError, so it is an error."""
    keras2, keras3 = set(), set()
    for usage in code.usages:
        if _under(usage.qualified, KERAS2_OBJECTS):
            keras2.add(usage.file)
        elif _under(usage.qualified, KERAS3_MODELS) and not needs_keras2(usage.qualified):
            keras3.add(usage.file)
    return sorted(keras2 & keras3)


def check_keras(facts: Facts, inv: Inventory, probe: Probe, code: CodeReport | None, paths: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    tf = inv.tensorflow
    legacy = legacy_requested()
    env_text = (
        f"TF_USE_LEGACY_KERAS={os.environ.get('TF_USE_LEGACY_KERAS')!r}"
        if "TF_USE_LEGACY_KERAS" in os.environ
        else "TF_USE_LEGACY_KERAS is not set"
    )
    tfk = inv.get("tf-keras")
    keras = inv.get("keras")
    release = _versions.release(tf.version) if tf else None
    modern = bool(release and release[:2] >= (2, 16))
    if probe.ok:
        behind = f"{probe.get('keras_package')} {probe.get('keras_version')}"
        source = "imported in the probe"
    else:
        behind, source = expected_keras(inv), "from the installed versions"
    major = keras_major(behind)
    findings.append(
        Finding(
            "keras-behind-tf-keras",
            Severity.INFO,
            f"tf.keras is {behind} ({major}, {source})",
            (
                env_text,
                f"keras: {keras.version if keras else 'not installed'}",
                f"tf-keras: {tfk.version if tfk else 'not installed'}",
            ),
        )
    )
    minor = f"{release[0]}.{release[1]}" if release and len(release) > 1 else None
    if legacy and modern and tfk is None:
        assert tf is not None and minor is not None  # modern: TensorFlow 2.16 or later is installed
        findings.append(
            Finding(
                "keras-legacy-missing",
                Severity.ERROR,
                "TF_USE_LEGACY_KERAS is set but tf-keras is not installed: tf.keras cannot load",
                (env_text, f"{tf.name} {tf.version} then imports tf_keras for tf.keras"),
                f"{tf_keras_install(facts, inv, minor)}  # or: unset TF_USE_LEGACY_KERAS",
            )
        )
    elif legacy and not modern and tf is not None:
        findings.append(
            Finding(
                "keras-legacy-ignored",
                Severity.INFO,
                f"TF_USE_LEGACY_KERAS has no effect on {tf.name} {tf.version} (tf.keras is Keras 2 anyway)",
                (env_text,),
            )
        )
    elif tfk is not None and modern and not legacy:
        findings.append(
            Finding(
                "keras-legacy-available",
                Severity.INFO,
                "tf-keras is installed but unused: tf.keras is Keras 3",
                (env_text, f"tf-keras {tfk.version}"),
                None,
            )
        )
    if code is None:
        return findings
    keras2 = [
        u
        for u in code.usages
        if needs_keras2(u.qualified) or "Keras 3" in (code.results[u.key].message if u.key in code.results else "")
    ]
    direct = [u for u in code.usages if u.kind == "import" and u.text.split()[1].split(".")[0] == "keras"]
    where = " ".join(shlex.quote(p) for p in paths)
    if keras2 and modern and major == "Keras 3":
        examples = sorted({f"{u.path}:{u.line}: {u.text}" for u in keras2})
        codes = sorted({c for u in keras2 for c in rules_for(u.snippet)[0]})
        stopgap = legacy_stopgap(facts, inv)
        fix = f"tfmigrate --select {','.join(codes)} {where}" if codes else stopgap
        mixed = mixing_files(code)
        title = (
            f"{len(keras2)} statement(s) use Keras 2 APIs (tensorflow.python.keras, tf.compat.v1.layers, "
            f"keras.engine) while tf.keras is Keras 3"
        )
        if mixed:
            title += f"; Keras 2 layers go into Keras 3 models in {', '.join(mixed)}, which crashes"
        findings.append(
            Finding(
                "keras-code-needs-keras2",
                Severity.ERROR if mixed else Severity.WARNING,
                title,
                (
                    *examples[:10],
                    *(["..."] if len(examples) > 10 else []),
                    'Keras 2 objects cannot be mixed with Keras 3 models ("Only instances of keras.Layer can be added"); '
                    "tf.compat.v1.layers needs Keras 2",
                    *([f"preview the rewrite: tfmigrate --select {','.join(codes)} --diff {where}"] if codes else []),
                    f"stopgap without rewriting: {stopgap}",
                ),
                fix,
            )
        )
    if direct and legacy and modern:
        findings.append(
            Finding(
                "keras-mixed",
                Severity.WARNING,
                "The code imports `keras` (Keras 3) while TF_USE_LEGACY_KERAS makes tf.keras Keras 2: the two do not mix",
                tuple(sorted({f"{u.path}:{u.line}: {u.text}" for u in direct}))[:10],
                "unset TF_USE_LEGACY_KERAS and migrate: tfmigrate --diff " + where + " (or import tf_keras as keras)",
            )
        )
    return findings
