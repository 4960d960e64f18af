"""Import TensorFlow in a child process under a time limit and, when it fails, say which known cause it is
(numpy ABI, protobuf, CUDA libraries, DLL load, missing AVX, shadowing, half-removed install, ...) with the fix."""

from __future__ import annotations

import json
import re
import signal
from dataclasses import dataclass

from tfmigrate.doctor import _versions
from tfmigrate.doctor.distributions import Inventory
from tfmigrate.doctor.environment import Facts, child_script, run_child
from tfmigrate.doctor.findings import Finding, Severity

MARK = "@@tfmigrate-doctor@@"


@dataclass
class Probe:
    """The child's answer: ``data`` is what _probe_child.py printed (None after a crash or a timeout)."""

    data: dict | None
    returncode: int | None
    output: str
    timed_out: bool

    @property
    def ok(self) -> bool:
        return bool(self.data and self.data.get("ok"))

    def get(self, key: str, default=None):
        return (self.data or {}).get(key, default)


def run_probe(facts: Facts, timeout: float) -> Probe:
    result = run_child([*facts.interpreter.argv, "-c", child_script("_probe_child.py")], cwd=facts.cwd,
                       timeout=timeout)
    data = None
    if MARK in result.stdout:
        try:
            data = json.loads(result.stdout.rsplit(MARK, 1)[1])
        except ValueError:
            data = None
    text = "\n".join(part for part in (result.stdout.split(MARK)[0], result.stderr, result.error or "") if part.strip())
    return Probe(data, result.returncode, text, result.timed_out)


@dataclass(frozen=True)
class Cause:
    """One known way ``import tensorflow`` fails. ``patterns`` are searched in the traceback and output;
    ``fix`` is formatted with the names from ``_fix_context``; ``related`` are finding ids that explain it."""

    id: str
    title: str
    patterns: tuple[str, ...]
    fix: str
    related: tuple[str, ...] = ()


CAUSES: tuple[Cause, ...] = (
    Cause("shadowing", "A local file or folder shadows a package (circular import)",
          (r"partially initialized module '(tensorflow|keras|numpy|tf_keras)'", r"most likely due to a circular import"),
          "rename the file that shadows the package (see the shadowing finding)", ("shadowing-",)),
    Cause("numpy-abi", "numpy does not match the binary interface TensorFlow (or a dependency) was compiled against",
          (r"numpy\.core\.multiarray failed to import", r"_ARRAY_API not found",
           r"compiled using NumPy 1\.x cannot be run in\s+NumPy 2", r"module compiled against (ABI|API) version",
           r"numpy\.core\._multiarray_umath"),
          '{pip} install "numpy{numpy_spec}"', ("dependency-version-numpy", "dependency-missing-numpy")),
    Cause("numpy-too-new", "numpy removed aliases (np.object, np.bool, ...) this TensorFlow still uses",
          (r"module 'numpy' has no attribute '(object|bool|int|float|complex|str|typeDict)'",),
          '{pip} install "numpy{numpy_spec_old}"', ("dependency-version-numpy",)),
    Cause("protobuf", "protobuf does not match the version TensorFlow's generated code needs",
          (r"Descriptors cannot be created directly", r"cannot import name 'runtime_version' from 'google\.protobuf'",
           r"Detected (incompatible|mismatched) Protobuf Gencode/Runtime", r"google\.protobuf.*has no attribute",
           r"No module named 'google\.protobuf'"),
          '{pip} install "protobuf{protobuf_spec}"', ("dependency-version-protobuf", "dependency-missing-protobuf")),
    Cause("ml-dtypes", "ml-dtypes does not match TensorFlow",
          (r"module 'ml_dtypes' has no attribute", r"No module named 'ml_dtypes'",
           r"cannot import name .* from 'ml_dtypes'"),
          '{pip} install "ml-dtypes{ml_dtypes_spec}"', ("dependency-version-ml-dtypes", "dependency-missing-ml-dtypes")),
    Cause("cuda-libraries", "CUDA / cuDNN libraries TensorFlow needs cannot be loaded",
          (r"lib(cudart|cudnn|cublas|cublasLt|cufft|curand|cusolver|cusparse|nccl|nvinfer|nvrtc)[\w.]*\.so[\d.]*: "
           r"cannot open shared object file",
           r"Could not load dynamic library '(lib)?(cud|cublas|cufft|curand|cusolver|cusparse|nccl|nvinfer)",
           r"cudart64_\d+\.dll not found", r"cudnn64_\d+\.dll"),
          '{pip} install "{tf}[and-cuda]=={tf_version}"', ("gpu-",)),
    Cause("dll-load", "A DLL TensorFlow needs cannot be loaded (Windows)",
          (r"DLL load failed",),
          "install the Microsoft Visual C++ Redistributable for Visual Studio 2015-2022 (x64) "
          "from https://aka.ms/vs/17/release/vc_redist.x64.exe, then make sure Python is 64-bit"),
    Cause("cpu-instructions", "The CPU lacks instructions (AVX) this TensorFlow binary was compiled to use",
          (r"Illegal instruction", r"compiled to use AVX", r"SIGILL"),
          "run on a CPU with AVX (grep -c avx /proc/cpuinfo), or use a TensorFlow build without AVX "
          "(conda install -c conda-forge tensorflow, or build from source)"),
    Cause("glibc", "The system C/C++ runtime is older than the one TensorFlow's wheel needs",
          (r"GLIBC(XX)?_[\d.]+' not found",),
          "use a newer Linux (glibc 2.28+ for recent wheels) or the tensorflow/tensorflow Docker image"),
    Cause("legacy-keras", "TF_USE_LEGACY_KERAS asks for tf-keras, which cannot be imported",
          (r"No module named 'tf_keras'", r"Keras cannot be imported", r"TF_USE_LEGACY_KERAS"),
          '{pip} install "tf-keras~={tf_minor}.0"  # or: unset TF_USE_LEGACY_KERAS', ("tf-keras-", "keras-")),
    Cause("keras-version", "The installed keras does not match TensorFlow",
          (r"No module named 'keras\.(src|api)", r"module 'keras(\.\w+)*' has no attribute",
           r"cannot import name .* from 'keras"),
          '{pip} install "keras{keras_spec}"', ("dependency-version-keras", "dependency-missing-keras", "keras-")),
    Cause("not-installed", "TensorFlow is not installed for this interpreter",
          (r"No module named '?tensorflow'?$", r"No module named 'tensorflow'\s*$"),
          "{pip} install {tf}", ("tensorflow-missing", "tensorflow-files-missing", "pip-on-path")),
    Cause("partial-install", "TensorFlow's files are incomplete (an interrupted install, or one of two flavours "
          "uninstalled)",
          (r"No module named 'tensorflow\.[\w.]+'",
           r"cannot import name '\w+' from( partially initialized module)? 'tensorflow", r"undefined symbol"),
          "{pip} install --force-reinstall --no-deps {tf}=={tf_version}",
          ("tensorflow-duplicate", "tensorflow-files-missing")),
)

SIGNALS = {-getattr(signal, n): n for n in ("SIGILL", "SIGSEGV", "SIGABRT", "SIGBUS", "SIGKILL") if hasattr(signal, n)}


def _spec(inv: Inventory, name: str, default: str) -> str:
    tf = inv.tensorflow
    if tf is not None:
        for req in tf.requirements(inv.env):
            if req.name == name and req.specifier:
                return req.specifier
    return default


def _fix_context(facts: Facts, inv: Inventory) -> dict[str, str]:
    tf = inv.tensorflow
    release = _versions.release(tf.version) if tf else None
    return {
        "pip": facts.interpreter.pip,
        "tf": tf.name if tf else "tensorflow",
        "tf_version": tf.version if tf else "",
        "tf_minor": f"{release[0]}.{release[1]}" if release and len(release) > 1 else "2.21",
        "numpy_spec": _spec(inv, "numpy", "<2"),
        "numpy_spec_old": _spec(inv, "numpy", "<1.24"),
        "protobuf_spec": _spec(inv, "protobuf", ""),
        "ml_dtypes_spec": _spec(inv, "ml-dtypes", ""),
        "keras_spec": _spec(inv, "keras", ""),
    }


def classify(text: str, returncode: int | None = None) -> Cause | None:
    """The first known cause whose pattern appears in ``text`` (the traceback and output), or None."""
    if returncode in SIGNALS and SIGNALS[returncode] == "SIGILL":
        text += "\nSIGILL"
    for cause in CAUSES:
        if any(re.search(p, text, re.MULTILINE) for p in cause.patterns):
            return cause
    return None


def check_import(facts: Facts, inv: Inventory, probe: Probe, earlier: list[Finding], timeout: float) -> list[Finding]:
    if probe.ok:
        keras = f"; tf.keras is {probe.get('keras_package')} {probe.get('keras_version')}"
        return [Finding("import-tensorflow", Severity.INFO,
                        f"import tensorflow works: {probe.get('version')} in {probe.get('import_seconds')}s{keras}",
                        (f"module: {probe.get('file')}",))]
    if probe.timed_out:
        return [Finding("import-timeout", Severity.ERROR, f"import tensorflow did not finish within {timeout:g}s",
                        ("a hang while loading GPU libraries or probing devices is the usual reason",
                         *_tail(probe.output)),
                        "rerun with --timeout 600; if it still hangs, run with CUDA_VISIBLE_DEVICES= to rule the GPU out")]
    text = "\n".join(filter(None, (probe.get("traceback"), probe.output)))
    cause = classify(text, probe.returncode)
    signal_name = SIGNALS.get(probe.returncode or 0)
    stage = probe.get("stage", "import tensorflow")
    evidence = [f"failed at: {stage}"]
    if signal_name:
        evidence.append(f"the child process was killed by {signal_name}")
    if probe.get("error_type"):
        evidence.append(f"{probe.get('error_type')}: {probe.get('error_message')}")
    evidence += [line for line in _tail(text, 4) if line.strip() not in evidence]
    if cause is None:
        return [Finding("import-failed", Severity.ERROR, f"`{stage}` fails for a reason tfmigrate doctor does not know",
                        tuple(evidence), None)]
    related = [f for f in earlier if f.severity is Severity.ERROR and any(f.id.startswith(r) for r in cause.related)]
    if related:
        evidence.append("explained by: " + ", ".join(f.id for f in related))
    fix = related[0].fix if related and related[0].fix else cause.fix.format(**_fix_context(facts, inv))
    if cause.id == "cpu-instructions" and facts.cpu_flags is not None:
        evidence.append("this CPU has AVX" if "avx" in facts.cpu_flags else "this CPU has no AVX flag in /proc/cpuinfo")
    return [Finding(f"import-{cause.id}", Severity.ERROR, f"`{stage}` fails: {cause.title}", tuple(evidence), fix)]


def _tail(text: str, lines: int = 3) -> list[str]:
    kept = [line for line in (text or "").strip().splitlines() if line.strip()]
    return kept[-lines:]
