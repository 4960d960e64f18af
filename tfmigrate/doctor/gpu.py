"""GPU: the nvidia-* CUDA/cuDNN wheels against what TensorFlow's ``[and-cuda]`` extra declares and what it was
built with (tf.sysconfig.get_build_info() from the import probe), and the GPUs TensorFlow can see. A machine
without an NVIDIA driver gets a single not-applicable finding, never an error."""

from __future__ import annotations

import os
import shutil

from tfmigrate.doctor import _versions
from tfmigrate.doctor.distributions import Inventory
from tfmigrate.doctor.environment import Facts
from tfmigrate.doctor.findings import Finding, Severity
from tfmigrate.doctor.import_probe import Probe

EXTRA = "and-cuda"


def _built_with(probe: Probe) -> str:
    info = probe.get("build_info") or {}
    if not info or "error" in info:
        return "build info unavailable (TensorFlow did not import)"
    if not info.get("is_cuda_build"):
        return "this TensorFlow was built without CUDA"
    return f"TensorFlow was built with CUDA {info.get('cuda_version', '?')}, cuDNN {info.get('cudnn_version', '?')}"


def check_gpu(facts: Facts, inv: Inventory, probe: Probe) -> list[Finding]:
    driver_file = bool(facts.nvidia_driver)
    smi = shutil.which("nvidia-smi")
    driver = driver_file or smi is not None
    wheels = sorted((d for d in inv.first.values() if d.name.startswith("nvidia-")), key=lambda d: d.name)
    gpus = probe.get("gpus") or []
    tf = inv.tensorflow
    built = _built_with(probe)
    driver_evidence = (
        "NVIDIA driver: " + ("/proc/driver/nvidia/version" if driver_file else smi or "")
        if driver
        else "no NVIDIA driver (/proc/driver/nvidia/version absent, no nvidia-smi on PATH)"
    )
    if not driver and not wheels and not gpus:
        return [
            Finding(
                "gpu", Severity.NOT_APPLICABLE, "CPU-only machine: GPU checks do not apply", (driver_evidence, built)
            )
        ]
    findings: list[Finding] = []
    wanted = tf.requirements(inv.env, EXTRA) if tf else []
    install = (
        f'{facts.interpreter.pip} install "{tf.name if tf else "tensorflow"}[{EXTRA}]=={tf.version if tf else ""}"'
    )
    install = install.replace('=="', '"')
    wrong, missing = [], []
    for req in wanted:
        have = inv.get(req.name)
        if have is None:
            missing.append(req)
        elif req.specifier and _versions.satisfies(have.version, req.specifier) is False:
            wrong.append(f"{have.name} {have.version} is outside {req.specifier}")
    if wrong:
        assert tf is not None  # without TensorFlow nothing is wanted, so nothing is wrong
        findings.append(
            Finding(
                "gpu-wheel-version",
                Severity.ERROR if driver else Severity.WARNING,
                f"{len(wrong)} NVIDIA CUDA wheel(s) do not match {tf.name} {tf.version}'s [{EXTRA}] extra",
                (*wrong, built, driver_evidence),
                install,
            )
        )
    if not driver:
        findings.append(
            Finding(
                "gpu",
                Severity.NOT_APPLICABLE,
                "No NVIDIA driver: the installed CUDA wheels are unused",
                (driver_evidence, f"{len(wheels)} nvidia-* wheels installed", built),
            )
        )
        return findings
    info = probe.get("build_info") or {}
    if probe.ok and not info.get("is_cuda_build", True):
        findings.append(
            Finding(
                "gpu-cpu-build",
                Severity.WARNING,
                f"An NVIDIA driver is present but {tf.name if tf else 'TensorFlow'} is a CPU-only build",
                (driver_evidence, built),
                f"{facts.interpreter.pip} uninstall -y {tf.name if tf else 'tensorflow-cpu'} && {install}",
            )
        )
        return findings
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if gpus:
        findings.append(
            Finding("gpu-visible", Severity.INFO, f"TensorFlow sees {len(gpus)} GPU(s)", (", ".join(gpus), built))
        )
    elif visible is not None and visible.strip() in ("", "-1"):
        findings.append(
            Finding(
                "gpu-hidden",
                Severity.INFO,
                "CUDA_VISIBLE_DEVICES hides every GPU from TensorFlow",
                (f"CUDA_VISIBLE_DEVICES={visible!r}", driver_evidence),
                "unset CUDA_VISIBLE_DEVICES",
            )
        )
    elif probe.ok:
        evidence = [driver_evidence, built]
        if missing:
            evidence.append("not installed: " + ", ".join(r.name for r in missing))
        findings.append(
            Finding(
                "gpu-not-visible",
                Severity.ERROR,
                "An NVIDIA driver is present but TensorFlow sees no GPU",
                tuple(evidence),
                install,
            )
        )
    return findings
