"""The import probe: failure messages seen in the wild map to their cause (tests as data), real crashes and
hangs of a child interpreter are classified, and against the real TensorFlow of the test extra the probe
passes, a shadowing tensorflow.py in the working directory is found and named, and TF_USE_LEGACY_KERAS flips
tf.keras to tf-keras."""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from timeouts import busy, child_timeout, limit, scale

from tfmigrate.doctor.import_probe import CAUSES, Probe, _evidence, classify, numpy_direction

SCRIPT = Path(sys.executable).parent / "tfmigrate"

MESSAGES = [
    pytest.param("ImportError: numpy.core.multiarray failed to import", None, "numpy-abi", id="numpy multiarray"),
    pytest.param("AttributeError: _ARRAY_API not found", None, "numpy-abi", id="numpy _ARRAY_API"),
    pytest.param(
        "A module that was compiled using NumPy 1.x cannot be run in\nNumPy 2.0.2 as it may crash.",
        None,
        "numpy-abi",
        id="numpy 1.x vs 2",
    ),
    pytest.param(
        "RuntimeError: module was compiled against NumPy C-API version 0x12 (NumPy 2.0) but the running NumPy "
        "has C-API version 0x11.\nImportError: numpy._core.multiarray failed to import",
        None,
        "numpy-abi",
        id="numpy 2 build under numpy 1",
    ),
    pytest.param(
        "RuntimeError: module compiled against API version 0x10 but this version of numpy is 0xe",
        None,
        "numpy-abi",
        id="numpy 1 wording of the C-API mismatch",
    ),
    pytest.param(
        "AttributeError: module 'numpy' has no attribute 'object'.\n`np.object` was a deprecated alias",
        None,
        "numpy-too-new",
        id="numpy alias removed",
    ),
    pytest.param(
        "TypeError: Descriptors cannot be created directly.\nIf this call came from a _pb2.py file, your "
        "generated code is out of date and must be regenerated with protoc >= 3.19.0.",
        None,
        "protobuf",
        id="protobuf descriptors",
    ),
    pytest.param(
        "ImportError: cannot import name 'runtime_version' from 'google.protobuf' (/x/google/protobuf/__init__.py)",
        None,
        "protobuf",
        id="protobuf runtime_version",
    ),
    pytest.param(
        "AttributeError: module 'ml_dtypes' has no attribute 'float8_e4m3b11'", None, "ml-dtypes", id="ml-dtypes"
    ),
    pytest.param(
        "ImportError: libcudart.so.11.0: cannot open shared object file: No such file or directory",
        None,
        "cuda-libraries",
        id="libcudart",
    ),
    pytest.param(
        "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library "
        "'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file",
        None,
        "cuda-libraries",
        id="libcudnn",
    ),
    pytest.param(
        "ImportError: DLL load failed while importing _pywrap_tensorflow_internal: The specified module "
        "could not be found.",
        None,
        "dll-load",
        id="DLL load failed",
    ),
    pytest.param(
        "The TensorFlow library was compiled to use AVX instructions, but these aren't available on your machine.",
        -6,
        "cpu-instructions",
        id="AVX message",
    ),
    pytest.param("", -4, "cpu-instructions", id="killed by SIGILL"),
    pytest.param(
        "AttributeError: partially initialized module 'tensorflow' has no attribute 'constant' (most "
        "likely due to a circular import)",
        None,
        "shadowing",
        id="circular import",
    ),
    pytest.param(
        "ImportError: /lib/x86_64-linux-gnu/libm.so.6: version `GLIBC_2.27' not found", None, "glibc", id="glibc"
    ),
    pytest.param("ModuleNotFoundError: No module named 'tensorflow'", None, "not-installed", id="not installed"),
    pytest.param(
        "ModuleNotFoundError: No module named 'tensorflow.python'", None, "partial-install", id="half-removed install"
    ),
    pytest.param("ModuleNotFoundError: No module named 'tf_keras'", None, "legacy-keras", id="tf_keras missing"),
    pytest.param("ModuleNotFoundError: No module named 'keras.src.engine'", None, "keras-version", id="keras too old"),
]


@pytest.mark.parametrize(("message", "returncode", "cause"), MESSAGES)
def test_known_failures_are_classified(message: str, returncode: int | None, cause: str) -> None:
    found = classify(f"Traceback (most recent call last):\n  ...\n{message}\n", returncode)
    assert found is not None and found.id == cause
    assert found.fix


@pytest.mark.parametrize(
    ("message", "needed"),
    [
        pytest.param("ImportError: numpy._core.multiarray failed to import", ">=2", id="built for NumPy 2"),
        pytest.param(
            "compiled against NumPy C-API version 0x12 (NumPy 2.0) but the running NumPy has C-API version 0x11",
            ">=2",
            id="C-API 2.0",
        ),
        pytest.param(
            "A module that was compiled using NumPy 1.x cannot be run in\nNumPy 2.0.2 as it may crash.",
            "<2",
            id="built for NumPy 1",
        ),
        pytest.param("ImportError: numpy.core.multiarray failed to import", "", id="old wording says no side"),
    ],
)
def test_the_numpy_side_a_binary_needs(message: str, needed: str) -> None:
    assert numpy_direction(message) == needed


def test_traceback_evidence_is_the_raising_frame_not_log_lines() -> None:
    traceback = (
        "Traceback (most recent call last):\n"
        '  File "<string>", line 1, in <module>\n'
        '  File "/site/tensorflow/python/util/lazy_loader.py", line 149, in _initialize\n'
        '    if keras.__version__.startswith("3."):\n'
        "       ^^^^^^^^^^^^^^^^^\n"
        "AttributeError: module 'keras' has no attribute '__version__'\n"
    )
    output = (
        "2026-12-03 13:20:01.123456: I tensorflow/core/util/port.cc:153] oneDNN custom operations are on.\n"
        "I0000 00:00:1733 cpu_feature_guard.cc:210] This TensorFlow binary is optimized to use AVX2\n"
    )
    probe = Probe(
        {
            "ok": False,
            "stage": "tf.keras.layers",
            "error_type": "AttributeError",
            "error_message": "module 'keras' has no attribute '__version__'",
            "traceback": traceback,
        },
        1,
        output,
        False,
    )
    assert _evidence(probe, traceback + output) == [
        "failed at: tf.keras.layers",
        "AttributeError: module 'keras' has no attribute '__version__'",
        'raised at: File "/site/tensorflow/python/util/lazy_loader.py", line 149, in _initialize: '
        'if keras.__version__.startswith("3."):',
    ]


def test_unknown_failures_are_not_forced_into_a_cause() -> None:
    assert classify("RuntimeError: the flux capacitor is out of alignment\n") is None


def test_every_cause_has_a_test_message() -> None:
    tested = {p.values[2] for p in MESSAGES}
    assert {c.id for c in CAUSES} <= tested


def doctor(*args: str, cwd: Path, env: dict | None = None) -> tuple[int, dict]:
    full_env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "", **(env or {})}
    full_env = {k: v for k, v in full_env.items() if v is not None}
    proc = subprocess.run(
        [str(SCRIPT), "doctor", "--output-format", "json", *child_timeout(args), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=limit(600),
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def finding(report: dict, ident: str) -> dict:
    found = [f for f in report["findings"] if f["id"] == ident]
    assert found, f"no {ident} finding in {[f['id'] for f in report['findings']]}"
    return found[0]


def fake_tensorflow(tmp_path: Path, source: str) -> Path:
    """A real virtual environment whose tensorflow package runs ``source`` on import."""
    root = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(root)
    site = next(root.glob("lib/python3*/site-packages"))
    (site / "tensorflow").mkdir()
    (site / "tensorflow" / "__init__.py").write_text(source)
    return root / "bin" / "python"


@pytest.mark.skipif(os.name == "nt", reason="SIGILL is a POSIX signal")
def test_a_real_sigill_during_import_is_the_cpu_instructions_cause(tmp_path: Path) -> None:
    python = fake_tensorflow(tmp_path, "import os, signal\nos.kill(os.getpid(), signal.SIGILL)\n")
    code, report = doctor("--python", str(python), cwd=tmp_path)
    found = finding(report, "import-cpu-instructions")
    assert code == 1 and found["severity"] == "error"
    assert "the child process was killed by SIGILL" in found["evidence"]
    assert found["fix"].startswith("run on a CPU with AVX")


def test_a_hanging_import_hits_the_time_limit(tmp_path: Path) -> None:
    """The doctor's other children (the environment's facts, pip) run under the same --timeout: 20 s (scaled with
    TFMIGRATE_TEST_TIMEOUT_SCALE, and by how far the machine's cores are oversubscribed when the test starts) lets
    them answer on a busy machine, where 5 s might not."""
    seconds = round(20 * scale() * busy())
    python = fake_tensorflow(tmp_path, f"import time\ntime.sleep({seconds * 30})\n")
    code, report = doctor("--python", str(python), "--timeout", str(seconds), cwd=tmp_path)
    found = finding(report, "import-timeout")
    assert code == 1 and found["title"] == f"import tensorflow did not finish within {seconds}s"
    assert found["fix"].startswith("rerun with --timeout 600")


def test_the_real_tensorflow_imports(tmp_path: Path) -> None:
    _, report = doctor(cwd=tmp_path, env={"TF_USE_LEGACY_KERAS": None})
    probe = finding(report, "import-tensorflow")
    assert probe["severity"] == "info" and probe["fix"] is None
    assert probe["title"].startswith("import tensorflow works: 2.21.0 in ")
    assert probe["title"].endswith(f"tf.keras is keras {importlib.metadata.version('keras')}")
    assert not [
        f for f in report["findings"] if f["id"].startswith(("import-", "shadowing")) and f["severity"] == "error"
    ]
    gpu = finding(report, "gpu")
    assert gpu["severity"] == "not-applicable" and gpu["fix"] is None
    assert "TensorFlow was built with CUDA" in gpu["evidence"][1] or "without CUDA" in gpu["evidence"][1]


def test_legacy_keras_switches_tf_keras_for_real(tmp_path: Path) -> None:
    _, report = doctor(cwd=tmp_path, env={"TF_USE_LEGACY_KERAS": "1"})
    behind = finding(report, "keras-behind-tf-keras")
    assert behind["title"] == "tf.keras is tf_keras 2.21.0 (Keras 2, imported in the probe)"
    assert "TF_USE_LEGACY_KERAS='1'" in behind["evidence"]
    assert "keras-legacy-missing" not in {f["id"] for f in report["findings"]}


def test_a_shadowing_tensorflow_py_in_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "tensorflow.py").write_text("import tensorflow as tf\n\nprint(tf.constant(1.0))\n")
    code, report = doctor(cwd=tmp_path)
    shadow = finding(report, "shadowing-tensorflow")
    assert code == 1 and shadow["severity"] == "error"
    assert shadow["title"] == "./tensorflow.py shadows the tensorflow package: `import tensorflow` loads it instead"
    assert shadow["fix"] == "mv ./tensorflow.py ./my_tensorflow.py  # and rename the imports of it in your own code"
    probe = finding(report, "import-shadowing")
    assert "partially initialized module 'tensorflow'" in " ".join(probe["evidence"])
    assert "explained by: shadowing-tensorflow" in probe["evidence"]
    assert probe["fix"] == shadow["fix"]


def test_a_shadowing_package_next_to_the_checked_script(tmp_path: Path) -> None:
    """Running ``python project/train.py`` puts project/ first on sys.path, so project/keras/ shadows keras."""
    project = tmp_path / "project"
    (project / "keras").mkdir(parents=True)
    (project / "keras" / "__init__.py").write_text("")
    (project / "train.py").write_text("import keras\n")
    _, report = doctor(str(project / "train.py"), cwd=tmp_path)
    shadow = finding(report, "shadowing-keras")
    assert shadow["title"].startswith("./project/keras shadows the keras package")
    assert "running a script in ./project puts that directory first on sys.path" in shadow["evidence"]
    assert shadow["fix"] == "mv ./project/keras ./project/my_keras  # and rename the imports of it in your own code"


def fake_driver(tmp_path: Path) -> str:
    """An ``nvidia-smi`` on PATH is how the doctor learns a driver is installed (besides /proc/driver/nvidia)."""
    bin_dir = tmp_path / "driver-bin"
    bin_dir.mkdir()
    (bin_dir / "nvidia-smi").write_text("#!/bin/sh\necho 'NVIDIA-SMI 550.54.15'\n")
    (bin_dir / "nvidia-smi").chmod(0o755)
    return os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")])


@functools.cache
def cuda_build() -> bool:
    """What the installed TensorFlow really is (tensorflow-cpu in CI is not a CUDA build): the generated module
    ``tf.sysconfig.get_build_info()`` returns, read from the package without importing TensorFlow."""
    package = Path(importlib.util.find_spec("tensorflow").origin).parent
    spec = importlib.util.spec_from_file_location("tf_build_info", package / "python" / "platform" / "build_info.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return bool(module.build_info.get("is_cuda_build"))


@pytest.fixture(scope="module")
def driver_report(tmp_path_factory) -> dict:
    """The doctor's report with a driver on PATH and CUDA_VISIBLE_DEVICES unset (one run: TensorFlow is imported in
    the probe), shared by the tests that read it."""
    root = tmp_path_factory.mktemp("driver")
    return doctor(cwd=root, env={"PATH": fake_driver(root), "CUDA_VISIBLE_DEVICES": None})[1]


def test_driver_present_with_a_cpu_only_build_says_so(driver_report: dict) -> None:
    report = driver_report
    if cuda_build():
        assert not [f for f in report["findings"] if f["id"] == "gpu-cpu-build"]
        return
    found = finding(report, "gpu-cpu-build")
    tf = finding(report, "tensorflow-installed")["title"].split()[0]
    assert found["severity"] == "warning"
    assert f"uninstall -y {tf}" in found["fix"] and "[and-cuda]" in found["fix"]


def test_driver_present_but_tensorflow_sees_no_gpu(driver_report: dict) -> None:
    report = driver_report
    if not cuda_build():
        assert finding(report, "gpu-cpu-build")["severity"] == "warning"
        return
    found = finding(report, "gpu-not-visible")
    assert found["severity"] == "error"
    assert found["evidence"][0].startswith("NVIDIA driver: ") and found["evidence"][0].endswith("nvidia-smi")
    tf = finding(report, "tensorflow-installed")["title"].split()[0]
    interpreter, _, command = found["fix"].partition(" -m pip ")
    assert command == f'install "{tf}[and-cuda]==2.21.0"'
    assert Path(interpreter).parent == Path(sys.executable).parent  # this venv's python or python3


def test_cuda_visible_devices_hiding_every_gpu_is_said(tmp_path: Path) -> None:
    _, report = doctor(cwd=tmp_path, env={"PATH": fake_driver(tmp_path), "CUDA_VISIBLE_DEVICES": ""})
    if not cuda_build():
        assert finding(report, "gpu-cpu-build")["severity"] == "warning"
        return
    found = finding(report, "gpu-hidden")
    assert found["severity"] == "info" and found["fix"] == "unset CUDA_VISIBLE_DEVICES"
