"""``tfmigrate doctor`` against TensorFlow environments broken the way users break them: each test builds the
broken environment for real (an overlay venv over the test interpreter's site-packages, see doctor_overlay.py,
plus one real ``pip install`` or ``rm``), checks the diagnosis, runs the fix the doctor prints exactly as printed,
and checks that ``import tensorflow as tf; tf.keras.layers.Dense`` then works in that environment."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from doctor_overlay import DENSE, Overlay, base_python, child_env, offline_pip
from timeouts import limit

from tfmigrate.doctor import target

SCRIPT = Path(sys.executable).parent / "tfmigrate"


def _flavour() -> importlib.metadata.Distribution:
    for name in ("tensorflow-cpu", "tensorflow", "tensorflow-intel", "tensorflow-macos"):
        try:
            return importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    raise RuntimeError("no TensorFlow distribution is installed; the test extra installs tensorflow-cpu")


TF = _flavour()
TF_NAME, TF_VERSION = re.sub(r"[-_.]+", "-", TF.metadata["Name"]).lower(), TF.version
TF_INFO = Path(str(TF._path)).name  # the flavour's .dist-info folder
LOG_LINE = re.compile(r"oneDNN|cpu_feature_guard|^\d{4}-\d\d-\d\d \d\d:|^[IWE]\d{4} ")


def doctor(overlay: Overlay | None, *args: str, cwd: Path, env: dict | None = None) -> tuple[int, dict]:
    python = ("--python", str(overlay.python)) if overlay else ()
    proc = subprocess.run(
        [str(SCRIPT), "doctor", "--output-format", "json", "--timeout", str(round(limit(900))), *python, *args],
        cwd=cwd,
        env=child_env(env, tfmigrate=True),
        capture_output=True,
        text=True,
        timeout=limit(1800),
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


def import_finding(report: dict) -> dict:
    found = [f for f in report["findings"] if f["id"].startswith("import-")]
    assert len(found) == 1, [f["id"] for f in found]
    assert found[0]["id"] != "import-failed", found[0]
    assert not [line for line in found[0]["evidence"] if LOG_LINE.search(line)], found[0]["evidence"]
    return found[0]


def apply_fix(overlay: Overlay, fix: str, cwd: Path | None = None, env: dict | None = None) -> None:
    proc = overlay.shell(fix, cwd=cwd, env=env)
    assert proc.returncode == 0, f"{fix}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"


def assert_dense_works(overlay: Overlay, cwd: Path | None = None, env: dict | None = None) -> str:
    proc = overlay.run("-c", DENSE + "; print(tf.keras.layers.Dense.__module__)", cwd=cwd, env=env)
    assert proc.returncode == 0 and "DENSE-OK" in proc.stdout, proc.stderr[-3000:]
    return proc.stdout


def flavours(overlay: Overlay) -> list[str]:
    """TensorFlow and tf-keras distributions the environment's metadata lists, as "name version"."""
    code = (
        "import importlib.metadata as m, json, re; print(json.dumps(sorted({re.sub('[-_.]+', '-', "
        "d.metadata['Name']).lower() + ' ' + d.version for d in m.distributions() "
        "if re.match('(tensorflow|tf[-_]keras)([-_]cpu|[-_]intel|[-_]gpu)?$', (d.metadata['Name'] or '').lower())})))"
    )
    proc = overlay.run("-c", code)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def work(tmp_path: Path, doctor_wheels: Path, monkeypatch: pytest.MonkeyPatch):
    """The user's working directory, apart from the environment; the environment (up to a reinstalled 1.3 GB
    TensorFlow) is deleted after the test rather than left for pytest's three kept temporary trees. Every pip the
    test runs, its own and the printed fix, installs from the session's wheels (conftest.py)."""
    for name, value in offline_pip(doctor_wheels).items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "work"
    path.mkdir()
    yield path
    shutil.rmtree(tmp_path / "venv", ignore_errors=True)


def test_numpy_1_under_a_numpy_2_build_gets_a_numpy_2_fix(tmp_path: Path, work: Path) -> None:
    """`pip install numpy==1.26.4` ("numpy<2"): TensorFlow 2.21's binaries need NumPy 2. TensorFlow itself asks
    only numpy>=1.26.0; ml-dtypes asks numpy>=2.0.0, and that is the requirement the fix must honour."""
    env = Overlay(tmp_path)
    env.pip("install", "numpy==1.26.4")
    code, report = doctor(env, cwd=work)
    dependency = finding(report, "dependency-version-numpy")
    assert dependency["title"].startswith("numpy 1.26.4 does not satisfy ml-dtypes ")
    assert dependency["fix"] == f'{env.python} -m pip install "numpy>=2.0.0"'
    probe = import_finding(report)
    assert probe["id"] == "import-numpy-abi" and code == 1
    assert "ImportError: numpy._core.multiarray failed to import" in probe["evidence"]
    assert "explained by: dependency-version-numpy" in probe["evidence"]
    assert probe["fix"] == dependency["fix"]
    apply_fix(env, probe["fix"])
    assert_dense_works(env)


def test_a_namespace_tensorflow_is_a_half_removed_install(tmp_path: Path, work: Path) -> None:
    """tensorflow/ without its __init__.py imports as an empty namespace package. Two ways to get there, one
    fix (a 1.3 GB reinstall, so it runs once, from the second state; the printed command is the same for both):
    ``rm tensorflow/__init__.py``, and `pip install tensorflow` over tensorflow-cpu then `pip uninstall -y
    tensorflow`, which deletes the shared files and leaves a header behind."""
    env = Overlay(tmp_path, hidden=("tensorflow", TF_INFO))
    env.hardlink(TF_INFO)
    package = env.hardlink("tensorflow")
    (package / "__init__.py").unlink()
    expected = f"{env.python} -m pip install --force-reinstall --no-deps {TF_NAME}=={TF_VERSION}"
    for state in ("rm __init__.py", "a header left behind"):
        if state == "a header left behind":
            header = next((package / "include").rglob("*.h"))
            kept = tmp_path / header.name
            shutil.copyfile(header, kept)
            shutil.rmtree(package)
            header.parent.mkdir(parents=True)
            shutil.move(kept, header)
        code, report = doctor(env, cwd=work)
        missing = finding(report, "tensorflow-files-missing")
        assert code == 1 and missing["fix"] == expected, state
        assert any("namespace package" in line for line in missing["evidence"]), state
        probe = import_finding(report)
        assert probe["id"] == "import-partial-install" and probe["fix"] == expected, state
    assert [str(p.relative_to(package)) for p in package.rglob("*") if p.is_file()] == [
        str(header.relative_to(package))
    ]
    apply_fix(env, expected)
    assert_dense_works(env)


def test_a_shadowing_keras_folder_is_the_one_cause(tmp_path: Path, work: Path) -> None:
    env = Overlay(tmp_path)
    (work / "keras").mkdir()
    (work / "keras" / "__init__.py").write_text("# my experiments with Keras\n")
    code, report = doctor(env, cwd=work)
    shadow = finding(report, "shadowing-keras")
    assert shadow["fix"] == "mv ./keras ./my_keras  # and rename the imports of it in your own code"
    probe = import_finding(report)
    assert code == 1 and probe["id"] == "import-shadowing" and probe["fix"] == shadow["fix"]
    assert not [f for f in report["findings"] if re.search(r"pip install .*\bkeras\b", f["fix"] or "")]
    assert sorted(f["id"] for f in report["findings"] if f["severity"] == "error") == [
        "import-shadowing",
        "shadowing-keras",
    ]
    apply_fix(env, shadow["fix"], cwd=work)
    assert_dense_works(env, cwd=work)


def test_tf_keras_of_another_minor_is_fixed_without_a_second_tensorflow(tmp_path: Path, work: Path) -> None:
    """tf-keras requires the `tensorflow` distribution by name: next to tensorflow-cpu, the fix must not let pip
    pull it in. With TF_USE_LEGACY_KERAS=1 the failing import is that finding's failure, not an unknown one."""
    env = Overlay(tmp_path)
    env.pip("install", "--no-deps", "tf-keras==2.15.0")
    legacy = {"TF_USE_LEGACY_KERAS": "1"}
    code, report = doctor(env, cwd=work, env=legacy)
    version = finding(report, "tf-keras-version")
    minor = ".".join(TF_VERSION.split(".")[:2])
    assert code == 1 and version["severity"] == "error"
    assert version["fix"] == f'{env.python} -m pip install --no-deps "tf-keras~={minor}.0"'
    probe = import_finding(report)
    assert probe["id"] == "import-legacy-keras" and "explained by: tf-keras-version" in probe["evidence"]
    assert any(line.startswith("raised at: ") and "/tf_keras/" in line for line in probe["evidence"])
    assert probe["fix"] == version["fix"]
    apply_fix(env, probe["fix"])
    assert {f.split()[0] for f in flavours(env)} == {TF_NAME, "tf-keras"}
    assert _version_of(env, "tf-keras").startswith(minor + ".")
    assert "tf_keras" in assert_dense_works(env, env=legacy)


def _version_of(env: Overlay, name: str) -> str:
    proc = env.run("-c", f"import importlib.metadata as m; print(m.version({name!r}))")
    return proc.stdout.strip()


def test_keras_2_over_keras_3_is_tied_to_the_keras_requirement(tmp_path: Path, work: Path) -> None:
    env = Overlay(tmp_path)
    env.pip("install", "--no-deps", "keras==2.15.0")
    code, report = doctor(env, cwd=work)
    dependency = finding(report, "dependency-version-keras")
    assert dependency["fix"].startswith(f'{env.python} -m pip install "keras>=3')
    probe = import_finding(report)
    assert code == 1 and probe["id"] == "import-keras-version"
    assert "explained by: dependency-version-keras" in probe["evidence"]
    assert probe["fix"] == dependency["fix"]
    apply_fix(env, probe["fix"])
    assert_dense_works(env)


def test_the_duplicate_fix_keeps_the_target_tensorflow(tmp_path: Path, work: Path) -> None:
    """`pip install tf-keras==2.20.0` next to tensorflow-cpu 2.21 pulls `tensorflow` 2.20.0 (a 600 MB wheel: its
    metadata is written here, tf-keras is installed for real). Keeping what tf-keras pins would downgrade."""
    env = Overlay(tmp_path)
    env.pip("install", "--no-deps", "tf-keras==2.20.1")
    info = env.site / "tensorflow-2.20.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: tensorflow\nVersion: 2.20.0\n"
        + "".join(f"Requires-Dist: {r}\n" for r in TF.requires or ())
    )
    (info / "INSTALLER").write_text("pip\n")
    (info / "RECORD").write_text(
        "tensorflow/__init__.py,sha256=bm90IHRoZSBzYW1lIGZpbGU,123\n"
        f"{info.name}/METADATA,,\n{info.name}/INSTALLER,,\n{info.name}/RECORD,,\n"
    )
    code, report = doctor(env, cwd=work)
    duplicate = finding(report, "tensorflow-duplicate")
    minor = ".".join(TF_VERSION.split(".")[:2])
    assert code == 1 and duplicate["fix"] == (
        f"{env.python} -m pip uninstall -y tensorflow && "
        f"{env.python} -m pip install --force-reinstall --no-deps {TF_NAME}=={TF_VERSION} && "
        f'{env.python} -m pip install --no-deps "tf-keras~={minor}.0"'
    )
    assert any(
        "would take TensorFlow down from" in line and "tensorflow 2.20.0" in line for line in duplicate["evidence"]
    )
    apply_fix(env, duplicate["fix"])
    assert [f for f in flavours(env) if not f.startswith("tf-keras")] == [f"{TF_NAME} {TF_VERSION}"]
    assert _version_of(env, "tf-keras").startswith(minor + ".")
    assert_dense_works(env)


def _other_python() -> Path:
    """A Python of another minor version than the test interpreter's, to move the venv's base to: on PATH, or
    beside the base interpreter (pyenv's versions/3.X.Y/bin, /usr/bin)."""
    mine = "python%d.%d" % sys.version_info[:2]
    base = Path(os.path.realpath(base_python()))
    candidates = [shutil.which(f"python3.{minor}") for minor in range(8, 16)]
    candidates += sorted(map(str, base.parent.parent.parent.glob("*/bin/python3.*")))
    candidates += sorted(map(str, base.parent.glob("python3.*")))
    for found in filter(None, candidates):
        if Path(found).name == mine or not re.fullmatch(r"python3\.\d+", Path(found).name):
            continue
        proc = subprocess.run(
            [found, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True, timeout=limit(60)
        )
        if proc.returncode == 0:
            return Path(proc.stdout.strip())
    pytest.fail("the moved-base test needs a Python 3 of another minor version (on PATH or beside the base one)")


def test_a_venv_whose_base_python_moved_to_another_minor(tmp_path: Path, work: Path) -> None:
    """A venv made by /usr/bin/python3 (3.11) after an upgrade turned /usr/bin/python3 into 3.12: everything is in
    lib/python3.11, which 3.12 never reads, so it looks like 'TensorFlow is not installed'."""
    usr_bin = tmp_path / "usr-bin"
    usr_bin.mkdir()
    (usr_bin / "python3").symlink_to(os.path.realpath(base_python()))
    env = Overlay(tmp_path, base=usr_bin / "python3")
    (usr_bin / "python3").unlink()
    (usr_bin / "python3").symlink_to(_other_python())
    code, report = doctor(env, cwd=work)
    old = "%d.%d" % sys.version_info[:2]
    moved = finding(report, "venv-python-changed")
    assert code == 1 and moved["title"].startswith(f"This virtual environment was made with Python {old} but now")
    assert finding(report, "tensorflow-missing")["fix"] == moved["fix"]
    assert moved["fix"].endswith(f"python{old} -m venv --upgrade {env.prefix}")
    fix_bin = tmp_path / "fix-bin"
    fix_bin.mkdir()
    (fix_bin / f"python{old}").symlink_to(os.path.realpath(base_python()))
    apply_fix(env, moved["fix"], env={"PATH": f"{fix_bin}{os.pathsep}{os.environ['PATH']}"})
    assert_dense_works(env)


def test_code_that_puts_keras_2_layers_into_a_keras_3_model_is_an_error(tmp_path: Path) -> None:
    program = tmp_path / "mix.py"
    program.write_text(
        "import tensorflow as tf\nfrom tensorflow.python.keras import layers\n\n"
        "model = tf.keras.Sequential([layers.Dense(3)])\nmodel.build((None, 4))\nprint('BUILT')\n"
    )
    crash = subprocess.run(
        [sys.executable, str(program)],
        cwd=tmp_path,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=limit(600),
    )
    assert crash.returncode != 0 and "keras.Layer" in crash.stderr
    code, report = doctor(None, "mix.py", cwd=tmp_path)
    mixed = finding(report, "keras-code-needs-keras2")
    assert code == 1 and mixed["severity"] == "error" and "which crashes" in mixed["title"]
    fix = mixed["fix"]
    assert fix.startswith("tfmigrate --select ") and fix.endswith(" mix.py") and "--diff" not in fix
    proc = subprocess.run(
        fix.replace("tfmigrate", str(SCRIPT), 1),
        shell=True,
        cwd=tmp_path,
        env=child_env(tfmigrate=True),
        capture_output=True,
        text=True,
        timeout=limit(600),
    )
    assert proc.returncode == 0, proc.stderr
    run = subprocess.run(
        [sys.executable, str(program)],
        cwd=tmp_path,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=limit(600),
    )
    assert run.returncode == 0 and "BUILT" in run.stdout, run.stderr[-2000:]


def test_a_missing_interpreter_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(SCRIPT), "doctor", "--python", str(tmp_path / "nonexistent")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=limit(120),
    )
    assert proc.returncode == 2
    assert f"--python {tmp_path / 'nonexistent'}: no such executable" in proc.stderr


def _unsupported_python() -> Path:
    """A Python the target TensorFlow has no wheels for (3.9 in the issue)."""
    base = Path(os.path.realpath(base_python()))
    candidates = [shutil.which(f"python3.{minor}") for minor in (9, 8, 14, 15)]
    candidates += sorted(map(str, base.parent.parent.parent.glob("*/bin/python3.*")), reverse=True)
    for found in filter(None, candidates):
        if not re.fullmatch(r"python3\.\d+", Path(found).name):
            continue
        proc = subprocess.run(
            [found, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
            capture_output=True,
            text=True,
            timeout=limit(60),
        )
        version = tuple(map(int, proc.stdout.split())) if proc.returncode == 0 else ()
        if version >= (3, 8) and version not in target.PYTHONS:
            return Path(found)
    pytest.fail("this test needs a Python 3.8+ that the target TensorFlow has no wheels for (python3.9)")


def test_no_tensorflow_under_a_python_the_target_does_not_support(tmp_path: Path, work: Path) -> None:
    """Under 3.9 a bare `pip install tensorflow` quietly installs 2.20: the doctor names the Pythons 2.21 has
    wheels for and recreates the environment with one of them (not run: it downloads TensorFlow)."""
    python = _unsupported_python()
    subprocess.run([str(python), "-m", "venv", "--without-pip", str(tmp_path / "venv")], check=True, timeout=limit(300))
    code, report = doctor(None, "--python", str(tmp_path / "venv" / "bin" / "python"), cwd=work)
    missing = finding(report, "tensorflow-missing")
    assert code == 1 and missing["severity"] == "error"
    assert f"TensorFlow {target.VERSION} has wheels for Python {target.pythons_text()}" in missing["evidence"][1]
    assert missing["fix"] == (
        f"python{target.newest_python()} -m venv .venv && . .venv/bin/activate && "
        f"python -m pip install tensorflow=={target.VERSION}"
    )
    assert "venv-python-changed" not in ids(report)
