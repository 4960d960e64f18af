"""The doctor's requirement/specifier/marker reading must agree with ``packaging``, which it uses when it can,
because it has to keep working in an environment where packaging (a TensorFlow dependency) is missing. The
fallback is checked against packaging on every Requires-Dist line of every installed distribution."""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from timeouts import limit

from tfmigrate.doctor import _versions

ENV = {
    "python_version": f"{sys.version_info[0]}.{sys.version_info[1]}",
    "python_full_version": platform.python_version(),
    "implementation_name": sys.implementation.name,
    "implementation_version": platform.python_version(),
    "platform_python_implementation": platform.python_implementation(),
    "os_name": os.name,
    "sys_platform": sys.platform,
    "platform_system": platform.system(),
    "platform_machine": platform.machine(),
    "platform_release": platform.release(),
    "platform_version": platform.version(),
}
LINES = sorted({line for dist in importlib.metadata.distributions() for line in dist.requires or ()})
VERSIONS = (
    "0.1",
    "1.23.5",
    "1.26.0",
    "2.0.0rc1",
    "2.0",
    "2.post1",
    "3.12.0",
    "6.31.1",
    "8.0.0",
    "12.5.82",
    "2.21.0.dev20250101",
    "9.3.0.75",
    "1!1.0",
)


@pytest.mark.parametrize("line", LINES)
def test_fallback_agrees_with_packaging_on_installed_metadata(line: str) -> None:
    ours, theirs = _versions.parse_requirement(line, False), _versions.parse_requirement(line, True)
    assert ours is not None and theirs is not None
    assert ours.name == theirs.name
    for extra in ("", "and-cuda", "test", "socks"):
        assert _versions.marker_applies(ours.marker, ENV, extra, False) == _versions.marker_applies(
            theirs.marker, ENV, extra, True
        )
    for version in VERSIONS:
        assert _versions.satisfies(version, ours.specifier, False) == _versions.satisfies(
            version, theirs.specifier, True
        ), version


@pytest.mark.parametrize(
    ("version", "spec", "expected"),
    [
        pytest.param("2.21.3", "~=2.21.0", True, id="compatible release"),
        pytest.param("2.22.0", "~=2.21.0", False, id="compatible release upper"),
        pytest.param("1.26.4", "==1.26.*", True, id="wildcard"),
        pytest.param("2.0.0rc1", "<2", False, id="pre-release of the bound"),
        pytest.param("2.0.post1", ">2", False, id="post-release of the bound"),
        pytest.param("2.21.0", ">=2.21.0.dev0", True, id="dev bound"),
        pytest.param("not-a-version", ">=1", None, id="unreadable"),
    ],
)
def test_fallback_specifiers(version: str, spec: str, expected: bool | None) -> None:
    assert _versions.satisfies(version, spec, False) is expected


@pytest.mark.parametrize(
    ("marker", "expected"),
    [
        pytest.param('extra == "and-cuda"', True, id="extra"),
        pytest.param(
            '(sys_platform != "win32" and python_version < "3.13") and extra == "and_cuda"',
            sys.version_info < (3, 13) and sys.platform != "win32",
            id="nested, normalized extra",
        ),
        pytest.param('python_version >= "3.10" or platform_system == "Windows"', True, id="or"),
        pytest.param('"linux" in sys_platform', sys.platform.startswith("linux"), id="in"),
        pytest.param("python_version >= ", False, id="unreadable marker does not apply"),
    ],
)
def test_fallback_markers(marker: str, expected: bool) -> None:
    assert _versions.marker_applies(marker, ENV, "and-cuda", False) is expected


def test_doctor_runs_without_packaging(tmp_path: Path) -> None:
    """Block ``packaging`` in the doctor's own process: the mismatch must still be found, with the same fix."""
    root = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(root)
    site = next(root.glob("lib/python3*/site-packages"))
    for name, version, requires in (
        ("tensorflow", "2.21.0", ["numpy>=1.26.0", 'protobuf<8,>=6.31.1; extra == "x"']),
        ("numpy", "1.24.4", []),
    ):
        info = site / f"{name}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            + "".join(f"Requires-Dist: {r}\n" for r in requires)
        )
    code = (
        "import sys; sys.modules['packaging'] = None\n"
        "from tfmigrate.doctor import _versions; assert not _versions.HAVE_PACKAGING\n"
        "from tfmigrate.doctor.cli import doctor_main\n"
        f"sys.exit(doctor_main(['--output-format', 'json', '--timeout', '{limit(120):g}', '--python', {str(root / 'bin' / 'python')!r}]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=limit(300),
        env={**os.environ, "CUDA_VISIBLE_DEVICES": ""},
    )
    assert proc.returncode == 1, proc.stderr
    found = {f["id"]: f for f in json.loads(proc.stdout)["findings"]}
    assert found["dependency-version-numpy"]["fix"] == f'{root / "bin" / "python"} -m pip install "numpy>=1.26.0"'
    assert "dependency-missing-protobuf" not in found


def test_the_target_tensorflow_table_matches_the_installed_tensorflow() -> None:
    """target.py is what the doctor says when TensorFlow is missing; it must be the TensorFlow tests run on."""
    import importlib.metadata
    import re

    from tfmigrate.doctor import target

    for name in ("tensorflow-cpu", "tensorflow"):
        try:
            dist = importlib.metadata.distribution(name)
            break
        except importlib.metadata.PackageNotFoundError:
            continue
    else:
        raise AssertionError("no TensorFlow installed: the test extra installs tensorflow-cpu")
    assert dist.version == target.VERSION
    assert dist.metadata["Requires-Python"] == target.REQUIRES_PYTHON
    listed = sorted(
        {
            tuple(map(int, m.groups()))
            for c in dist.metadata.get_all("Classifier") or ()
            if (m := re.fullmatch(r"Programming Language :: Python :: (\d+)\.(\d+)", c))
        }
    )
    assert tuple(listed) == target.PYTHONS


@pytest.mark.parametrize(
    ("specifiers", "merged"),
    [
        pytest.param([">=1.26.0", ">=2.0.0", ">=1.19.3"], ">=2.0.0", id="strictest lower bound"),
        pytest.param(["<8.0.0,>=6.31.1"], "<8.0.0,>=6.31.1", id="one requirement prints as packaging does"),
        pytest.param(["<3.15.0,>=3.11.0", "<3.14"], "<3.14,>=3.11.0", id="strictest upper bound"),
        pytest.param([">=2", ">2"], ">2", id="strict beats inclusive at the same version"),
        pytest.param(["!=0.5.0,>=0.2.1", "~=0.4"], "!=0.5.0,>=0.2.1,~=0.4", id="other operators kept"),
        pytest.param([], "", id="nothing"),
    ],
)
def test_requirements_of_the_whole_stack_merge(specifiers: list[str], merged: str) -> None:
    from tfmigrate.doctor.distributions import merge_specifiers

    assert merge_specifiers(specifiers) == merged
