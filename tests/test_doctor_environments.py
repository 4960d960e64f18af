"""``tfmigrate doctor`` against real broken environments: a throwaway virtual environment per test whose
site-packages holds *.dist-info metadata (METADATA with Requires-Dist lines) for duplicate and mismatched
installs. The doctor inspects it with --python in a subprocess, so every finding comes from real metadata read
by that interpreter; each test asserts the finding and the fix it suggests."""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from timeouts import child_timeout, limit

SCRIPT = Path(sys.executable).parent / "tfmigrate"
TF_FLAVOURS = ("tensorflow-cpu", "tensorflow", "tensorflow-intel", "tensorflow-macos", "tf-nightly", "tensorflow-gpu")


def installed_tensorflow() -> importlib.metadata.Distribution:
    """The TensorFlow distribution the test extra installed (tensorflow-cpu in CI; any flavour elsewhere)."""
    for name in TF_FLAVOURS:
        try:
            return importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    raise RuntimeError("no TensorFlow distribution is installed; the test extra installs tensorflow-cpu")


REAL_TF = installed_tensorflow()
TF_REQUIRES = tuple(REAL_TF.requires or ())
TF_CLASSIFIERS = tuple(REAL_TF.metadata.get_all("Classifier") or ())


def tf_spec(name: str) -> str:
    """TensorFlow's own specifier for ``name`` (unconditional requirements only), as packaging prints it."""
    for line in TF_REQUIRES:
        req = Requirement(line)
        if req.name.replace("_", "-").lower() == name and not req.marker:
            return str(req.specifier)
    raise AssertionError(f"tensorflow does not require {name}")


def sha(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


class Env:
    """A real virtual environment (no pip, no system site-packages) plus helpers to fake installs in it."""

    def __init__(self, root: Path) -> None:
        venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(root)
        self.root = root
        self.python = root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        self.site = next(root.glob("lib/python3*/site-packages"))

    def add(
        self,
        name: str,
        version: str,
        requires=(),
        requires_python: str | None = None,
        classifiers=(),
        record: dict[str, bytes] | None = None,
    ) -> Path:
        info = self.site / f"{name.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
        lines += [f"Requires-Python: {requires_python}"] if requires_python else []
        lines += [f"Classifier: {c}" for c in classifiers] + [f"Requires-Dist: {r}" for r in requires]
        (info / "METADATA").write_text("\n".join(lines) + "\n")
        (info / "INSTALLER").write_text("pip\n")
        if record is not None:
            rows = [f"{path},{sha(data)},{len(data)}" for path, data in record.items()]
            (info / "RECORD").write_text("\n".join(rows + [f"{info.name}/METADATA,,"]) + "\n")
        return info

    def add_tensorflow(self, name: str = "tensorflow", version: str = "2.21.0", **kwargs) -> Path:
        kwargs.setdefault("requires", TF_REQUIRES)
        kwargs.setdefault("requires_python", REAL_TF.metadata["Requires-Python"])
        kwargs.setdefault("classifiers", TF_CLASSIFIERS)
        return self.add(name, version, **kwargs)

    def add_package(self, name: str, source: str) -> None:
        package = self.site / name
        package.mkdir(exist_ok=True)
        (package / "__init__.py").write_text(source)


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return Env(tmp_path / "venv")


def doctor(
    *args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = limit(600)
) -> tuple[int, dict]:
    full_env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "", **(env or {})}
    for key in [k for k, v in full_env.items() if v is None]:
        del full_env[key]
    proc = subprocess.run(
        [str(SCRIPT), "doctor", "--output-format", "json", *child_timeout(args), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    assert report["exit_code"] == proc.returncode
    return proc.returncode, report


def finding(report: dict, ident: str) -> dict:
    found = [f for f in report["findings"] if f["id"] == ident]
    assert found, f"no {ident} finding in {[f['id'] for f in report['findings']]}"
    return found[0]


def ids(report: dict) -> set[str]:
    return {f["id"] for f in report["findings"]}


def test_two_tensorflow_flavours_is_an_error_and_the_fix_keeps_the_live_one(env: Env, tmp_path: Path) -> None:
    shared = "tensorflow/python/_pywrap_fake.so"
    live, stale = b"bytes from the tensorflow wheel", b"bytes from the tensorflow-cpu wheel"
    env.add_package("tensorflow", "")
    (env.site / shared).parent.mkdir(parents=True)
    (env.site / shared).write_bytes(live)
    env.add_tensorflow("tensorflow", "2.21.0", record={shared: live})
    env.add_tensorflow("tensorflow-cpu", "2.20.0", record={shared: stale})
    env.add("tf-keras", "2.21.0", requires=["tensorflow<2.22,>=2.21"])
    code, report = doctor("--python", str(env.python), cwd=tmp_path)
    dup = finding(report, "tensorflow-duplicate")
    assert code == 1 and dup["severity"] == "error"
    assert "tensorflow, tensorflow-cpu" in dup["title"]
    assert any("tf-keras 2.21.0 requires 'tensorflow'" in e for e in dup["evidence"])
    assert any("the files on disk are tensorflow's" in e and shared in e for e in dup["evidence"])
    assert dup["fix"] == (
        f"{env.python} -m pip uninstall -y tensorflow-cpu && "
        f"{env.python} -m pip install --force-reinstall --no-deps tensorflow==2.21.0"
    )


def test_tensorflow_and_its_windows_companion_are_not_a_duplicate(env: Env, tmp_path: Path) -> None:
    """tensorflow on Windows requires tensorflow-intel: a required flavour is a companion, not a conflict."""
    env.add_tensorflow("tensorflow", "2.15.0", requires=['tensorflow-intel==2.15.0; platform_system != "Plan9"'])
    env.add_tensorflow("tensorflow-intel", "2.14.0", requires=["numpy<2.0.0,>=1.23.5"])
    _, report = doctor("--python", str(env.python), cwd=tmp_path)
    assert "tensorflow-duplicate" not in ids(report)
    mismatch = finding(report, "dependency-version-tensorflow-intel")
    assert mismatch["severity"] == "error"
    assert mismatch["fix"] == f'{env.python} -m pip install "tensorflow-intel==2.15.0"'


@pytest.mark.parametrize(
    ("name", "installed", "severity"),
    [
        pytest.param("numpy", "1.24.4", "error", id="numpy too old"),
        pytest.param("protobuf", "4.25.3", "error", id="protobuf too old"),
        pytest.param("keras", "2.15.0", "error", id="keras 2 under TF 2.21"),
        pytest.param("ml-dtypes", "0.3.2", "error", id="ml-dtypes too old"),
        pytest.param("h5py", "3.15.1", "warning", id="h5py too new: not an import breaker"),
    ],
)
def test_dependency_versions_checked_against_tensorflow_requires_dist(
    env: Env, tmp_path: Path, name, installed, severity
) -> None:
    env.add_tensorflow()
    env.add(name, installed)
    code, report = doctor("--python", str(env.python), cwd=tmp_path)
    found = finding(report, f"dependency-version-{name}")
    spec = tf_spec(name)
    assert found["severity"] == severity
    assert f"{name} {installed} does not satisfy tensorflow 2.21.0's {name}{spec}" == found["title"]
    assert found["fix"] == f'{env.python} -m pip install "{name}{spec}"'
    assert code == 1


def test_missing_dependency_and_metadata_without_files(env: Env, tmp_path: Path) -> None:
    """Metadata but no tensorflow/ package is what uninstalling one of two flavours leaves behind."""
    env.add_tensorflow()
    _, report = doctor("--python", str(env.python), cwd=tmp_path)
    missing = finding(report, "dependency-missing-numpy")
    assert missing["severity"] == "error"
    assert missing["fix"] == f'{env.python} -m pip install "numpy{tf_spec("numpy")}"'
    files = finding(report, "tensorflow-files-missing")
    assert files["fix"] == f"{env.python} -m pip install --force-reinstall --no-deps tensorflow==2.21.0"
    probe = finding(report, "import-not-installed")
    assert probe["severity"] == "error"
    assert "ModuleNotFoundError: No module named 'tensorflow'" in probe["evidence"]
    assert probe["fix"] == files["fix"]
    assert "code-checks" not in ids(report)


@pytest.mark.parametrize(
    ("legacy", "tf_keras", "expected"),
    [
        pytest.param("2.20.1", "1", "error", id="TF_USE_LEGACY_KERAS=1: wrong tf-keras is an error"),
        pytest.param("2.20.1", None, "warning", id="unset: wrong tf-keras only warns"),
    ],
)
def test_tf_keras_must_match_tensorflow_minor(env: Env, tmp_path: Path, legacy, tf_keras, expected) -> None:
    env.add_tensorflow()
    env.add("tf-keras", legacy, requires=["tensorflow<2.21,>=2.20"])
    _, report = doctor("--python", str(env.python), cwd=tmp_path, env={"TF_USE_LEGACY_KERAS": tf_keras})
    found = finding(report, "tf-keras-version")
    assert found["severity"] == expected
    assert found["title"].startswith("tf-keras 2.20.1 does not match tensorflow 2.21.0")
    assert found["fix"] == f'{env.python} -m pip install --no-deps "tf-keras~=2.21.0"'


def test_legacy_keras_toggle(env: Env, tmp_path: Path) -> None:
    env.add_tensorflow()
    env.add("keras", "3.15.1")
    _, unset = doctor("--python", str(env.python), cwd=tmp_path, env={"TF_USE_LEGACY_KERAS": None})
    assert "keras-legacy-missing" not in ids(unset)
    assert finding(unset, "keras-behind-tf-keras")["title"].startswith("tf.keras is keras 3.15.1 (Keras 3")

    code, on = doctor("--python", str(env.python), cwd=tmp_path, env={"TF_USE_LEGACY_KERAS": "1"})
    missing = finding(on, "keras-legacy-missing")
    assert code == 1 and missing["severity"] == "error"
    assert (
        missing["fix"] == f'{env.python} -m pip install --no-deps "tf-keras~=2.21.0"  # or: unset TF_USE_LEGACY_KERAS'
    )

    env.add("tf-keras", "2.21.0", requires=["tensorflow<2.22,>=2.21"])
    _, fixed = doctor("--python", str(env.python), cwd=tmp_path, env={"TF_USE_LEGACY_KERAS": "1"})
    assert "keras-legacy-missing" not in ids(fixed)
    assert finding(fixed, "keras-behind-tf-keras")["title"].startswith("tf.keras is tf_keras 2.21.0 (Keras 2")


def test_python_outside_requires_python(env: Env, tmp_path: Path) -> None:
    env.add_tensorflow(
        version="2.99.0",
        requires_python=">=3.12",
        classifiers=["Programming Language :: Python :: 3.12", "Programming Language :: Python :: 3.13"],
    )
    _, report = doctor("--python", str(env.python), cwd=tmp_path)
    found = finding(report, "python-unsupported")
    assert found["severity"] == "error"
    assert "outside tensorflow 2.99.0's Requires-Python >=3.12" in found["title"]
    assert found["fix"] == (
        "python3.13 -m venv .venv && . .venv/bin/activate && python -m pip install tensorflow==2.99.0"
    )


def test_python_not_in_classifiers_warns(env: Env, tmp_path: Path) -> None:
    env.add_tensorflow(
        version="2.98.0",
        requires_python=">=3.9",
        classifiers=["Programming Language :: Python :: 3.9", "Programming Language :: Python :: 3.10"],
    )
    _, report = doctor("--python", str(env.python), cwd=tmp_path)
    found = finding(report, "python-unsupported")
    assert found["severity"] == "warning"
    assert (
        found["fix"] == "python3.10 -m venv .venv && . .venv/bin/activate && python -m pip install tensorflow==2.98.0"
    )


def test_cuda_wheels_against_the_and_cuda_extra_on_a_machine_without_driver(env: Env, tmp_path: Path) -> None:
    if Path("/proc/driver/nvidia/version").exists():
        pytest.fail("this test describes a machine without an NVIDIA driver")
    env.add_tensorflow()
    env.add("nvidia-cudnn-cu12", "8.9.7.29")
    env.add("nvidia-cuda-runtime-cu12", "12.5.82")
    _, report = doctor("--python", str(env.python), cwd=tmp_path)
    wheels = finding(report, "gpu-wheel-version")
    assert wheels["severity"] == "warning"
    assert wheels["evidence"][0].startswith("nvidia-cudnn-cu12 8.9.7.29 is outside")
    assert len([e for e in wheels["evidence"] if "is outside" in e]) == 1
    assert wheels["fix"] == f'{env.python} -m pip install "tensorflow[and-cuda]==2.21.0"'
    assert finding(report, "gpu")["severity"] == "not-applicable"


def test_pip_and_virtualenv_checks(env: Env, tmp_path: Path) -> None:
    env.add_tensorflow()
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    _, report = doctor("--python", str(env.python), cwd=tmp_path, env={"PATH": path})
    assert finding(report, "pip-missing")["fix"] == f"{env.python} -m ensurepip --upgrade"
    other = finding(report, "pip-on-path")
    assert other["severity"] == "warning"
    assert other["fix"] == f"use {env.python} -m pip install ... (never a bare pip)"
    assert "no-virtualenv" not in ids(report)
    assert any(e.startswith("virtual environment on base") for e in finding(report, "python")["evidence"])


def test_a_python_outside_any_virtualenv(tmp_path: Path) -> None:
    base = Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    if not base.exists() or sys.prefix == sys.base_prefix:
        pytest.fail("tests run from a virtual environment whose base interpreter is at sys.base_prefix")
    _, report = doctor("--python", str(base), cwd=tmp_path)
    found = finding(report, "no-virtualenv")
    assert found["severity"] == "warning"
    assert found["fix"].startswith(f"{base} -m venv .venv && . .venv/bin/activate")


def test_a_broken_interpreter_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'not python' >&2\nexit 3\n")
    fake.chmod(0o755)
    code, report = doctor("--python", str(fake), cwd=tmp_path)
    assert code == 1
    found = finding(report, "interpreter")
    assert "not a working Python 3 interpreter" in found["evidence"][0] and "not python" in found["evidence"][0]


def test_cuda_wheel_mismatch_is_an_error_when_a_driver_is_present(env: Env, tmp_path: Path) -> None:
    bin_dir = tmp_path / "driver-bin"
    bin_dir.mkdir()
    (bin_dir / "nvidia-smi").write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "nvidia-smi").chmod(0o755)
    env.add_tensorflow()
    env.add("nvidia-cudnn-cu12", "8.9.7.29")
    _, report = doctor(
        "--python",
        str(env.python),
        cwd=tmp_path,
        env={"PATH": os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")])},
    )
    wheels = finding(report, "gpu-wheel-version")
    assert wheels["severity"] == "error"
    assert wheels["fix"] == f'{env.python} -m pip install "tensorflow[and-cuda]==2.21.0"'
    assert "gpu" not in ids(report)
