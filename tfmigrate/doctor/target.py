"""The TensorFlow tfmigrate migrates code to, as the doctor needs it when that TensorFlow is missing or broken:
its version and the Pythons its wheels exist for (tests/test_doctor_versions.py checks them against the
installed TensorFlow's own metadata, so a new target cannot leave them stale)."""

from __future__ import annotations

VERSION = "2.21.0"
REQUIRES_PYTHON = ">=3.10"
PYTHONS = ((3, 10), (3, 11), (3, 12), (3, 13))


def minor() -> str:
    return ".".join(VERSION.split(".")[:2])


def pythons_text() -> str:
    return ", ".join(f"{a}.{b}" for a, b in PYTHONS)


def supports(version_info: tuple[int, ...]) -> bool:
    return tuple(version_info[:2]) in PYTHONS


def newest_python() -> str:
    return "%d.%d" % PYTHONS[-1]
