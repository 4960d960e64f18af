"""Import TensorFlow in a child process under a time limit and, when it fails, say which known cause it is
(numpy ABI, protobuf, CUDA libraries, DLL load, missing AVX, shadowing, half-removed install, ...) with the fix."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from typing import IO

from tfmigrate.doctor import _versions, distributions, target
from tfmigrate.doctor.distributions import Inventory
from tfmigrate.doctor.environment import CHILD_ENV, Facts, child_script
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


class TensorFlowChild:
    """The inspected interpreter with TensorFlow imported once (_probe_child.py): the probe's answer first, then,
    while the child runs, the code checks' batches of statements, each answered by the same process. ``tfmigrate
    doctor PATH`` used to start TensorFlow three times (the probe, the statements, their rewrites): now once. Each
    answer has its own time limit; ``close`` ends the child."""

    def __init__(self, facts: Facts) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.errors: list[str] = []
        self.failure: str | None = None
        try:
            self.proc: subprocess.Popen[str] | None = subprocess.Popen(
                [*facts.interpreter.argv, "-c", child_script("_probe_child.py")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                cwd=facts.cwd,
                env=dict(os.environ, **CHILD_ENV),
            )
        except OSError as err:
            self.proc, self.failure = None, f"{type(err).__name__}: {err}"
            return
        stdout, stderr = self.proc.stdout, self.proc.stderr
        assert stdout is not None and stderr is not None
        self.readers = [
            threading.Thread(target=self._lines, args=(stdout,), daemon=True),
            threading.Thread(target=self.errors.extend, args=(stderr,), daemon=True),
        ]
        for reader in self.readers:
            reader.start()

    def _lines(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line)
        self.lines.put(None)

    def _answer(self, timeout: float) -> tuple[str, object, bool]:
        """(the output before the marker, the JSON after it or None, whether the time ran out first)."""
        deadline, before = time.monotonic() + timeout, list[str]()
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.0))
            except queue.Empty:
                self.close()
                return "".join(before), None, True
            if line is None:
                return "".join(before), None, False
            if line.startswith(MARK):
                try:
                    return "".join(before), json.loads(line[len(MARK) :]), False
                except ValueError:
                    return "".join(before), None, False
            before.append(line)

    def probe(self, timeout: float) -> Probe:
        if self.proc is None:
            return Probe(None, None, self.failure or "", False)
        before, data, timed_out = self._answer(timeout)
        if isinstance(data, dict) and data.get("ok"):
            return Probe(data, None, before, False)
        self._wait(timeout)  # the child ends after a failed probe: its exit status and all it wrote
        text = "\n".join(part for part in (before, "".join(self.errors)) if part.strip())
        code = None if timed_out else self.proc.returncode
        return Probe(data if isinstance(data, dict) else None, code, text, timed_out)

    def check(self, items: list[dict], timeout: float) -> tuple[list[dict], str | None]:
        """Each statement's result row, or why there are none."""
        try:
            assert self.proc is not None and self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(items) + "\n")
            self.proc.stdin.flush()
        except (AssertionError, OSError):
            pass  # the child has ended: read what it left
        _, rows, timed_out = self._answer(timeout)
        if timed_out:
            return [], f"the child checking {len(items)} statements did not finish within {timeout:g}s"
        if not isinstance(rows, list):
            self._wait(timeout)
            tail = "".join(self.errors).strip().splitlines()[-3:]
            code = self.proc.returncode if self.proc else None
            return [], f"the child checking the statements died (exit {code}): " + " | ".join(tail)
        return rows, None

    def _wait(self, timeout: float) -> None:
        if self.proc is None:
            return
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for reader in self.readers:
            reader.join()

    def close(self) -> None:
        """End the child (it only waits for more statements by now) and collect what it wrote."""
        if self.proc is None:
            return
        if self.proc.returncode is None:
            self.proc.kill()
            self._wait(0)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


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
    Cause(
        "shadowing",
        "A local file or folder shadows a package (circular import)",
        (r"partially initialized module '(tensorflow|keras|numpy|tf_keras)'", r"most likely due to a circular import"),
        "rename the file that shadows the package (see the shadowing finding)",
        ("shadowing-",),
    ),
    Cause(
        "numpy-abi",
        "numpy does not match the binary interface TensorFlow (or a dependency) was compiled against",
        (
            r"numpy\.(_)?core\.multiarray failed to import",
            r"_ARRAY_API not found",
            r"compiled using NumPy \d\.x cannot be run in\s+NumPy \d",
            r"module (was )?compiled against (ABI|API|NumPy C-API) version",
            r"numpy\.(_)?core\._multiarray_umath",
        ),
        '{pip} install "numpy{numpy_spec}"',
        ("dependency-version-numpy", "dependency-missing-numpy"),
    ),
    Cause(
        "numpy-too-new",
        "numpy removed aliases (np.object, np.bool, ...) this TensorFlow still uses",
        (r"module 'numpy' has no attribute '(object|bool|int|float|complex|str|typeDict)'",),
        '{pip} install "numpy{numpy_spec_old}"',
        ("dependency-version-numpy",),
    ),
    Cause(
        "protobuf",
        "protobuf does not match the version TensorFlow's generated code needs",
        (
            r"Descriptors cannot be created directly",
            r"cannot import name 'runtime_version' from 'google\.protobuf'",
            r"Detected (incompatible|mismatched) Protobuf Gencode/Runtime",
            r"google\.protobuf.*has no attribute",
            r"No module named 'google\.protobuf'",
        ),
        '{pip} install "protobuf{protobuf_spec}"',
        ("dependency-version-protobuf", "dependency-missing-protobuf"),
    ),
    Cause(
        "ml-dtypes",
        "ml-dtypes does not match TensorFlow",
        (
            r"module 'ml_dtypes' has no attribute",
            r"No module named 'ml_dtypes'",
            r"cannot import name .* from 'ml_dtypes'",
        ),
        '{pip} install "ml-dtypes{ml_dtypes_spec}"',
        ("dependency-version-ml-dtypes", "dependency-missing-ml-dtypes"),
    ),
    Cause(
        "cuda-libraries",
        "CUDA / cuDNN libraries TensorFlow needs cannot be loaded",
        (
            r"lib(cudart|cudnn|cublas|cublasLt|cufft|curand|cusolver|cusparse|nccl|nvinfer|nvrtc)[\w.]*\.so[\d.]*: "
            r"cannot open shared object file",
            r"Could not load dynamic library '(lib)?(cud|cublas|cufft|curand|cusolver|cusparse|nccl|nvinfer)",
            r"cudart64_\d+\.dll not found",
            r"cudnn64_\d+\.dll",
        ),
        '{pip} install "{tf}[and-cuda]=={tf_version}"',
        ("gpu-",),
    ),
    Cause(
        "dll-load",
        "A DLL TensorFlow needs cannot be loaded (Windows)",
        (r"DLL load failed",),
        "install the Microsoft Visual C++ Redistributable for Visual Studio 2015-2022 (x64) "
        "from https://aka.ms/vs/17/release/vc_redist.x64.exe, then make sure Python is 64-bit",
    ),
    Cause(
        "cpu-instructions",
        "The CPU lacks instructions (AVX) this TensorFlow binary was compiled to use",
        (r"Illegal instruction", r"compiled to use AVX", r"SIGILL"),
        "run on a CPU with AVX (grep -c avx /proc/cpuinfo), or use a TensorFlow build without AVX "
        "(conda install -c conda-forge tensorflow, or build from source)",
    ),
    Cause(
        "glibc",
        "The system C/C++ runtime is older than the one TensorFlow's wheel needs",
        (r"GLIBC(XX)?_[\d.]+' not found",),
        "use a newer Linux (glibc 2.28+ for recent wheels) or the tensorflow/tensorflow Docker image",
    ),
    Cause(
        "legacy-keras",
        "TF_USE_LEGACY_KERAS asks for tf-keras, which cannot be imported",
        (r"No module named 'tf_keras'", r"Keras cannot be imported", r"TF_USE_LEGACY_KERAS"),
        "{tf_keras_install}  # or: unset TF_USE_LEGACY_KERAS",
        ("tf-keras-", "keras-legacy-"),
    ),
    Cause(
        "keras-version",
        "The installed keras does not match TensorFlow",
        (
            r"No module named 'keras\.(src|api)",
            r"module 'keras(\.\w+)*' has no attribute",
            r"cannot import name .* from 'keras",
        ),
        '{pip} install "keras{keras_spec}"',
        ("dependency-version-keras", "dependency-missing-keras", "keras-"),
    ),
    Cause(
        "not-installed",
        "TensorFlow is not installed for this interpreter",
        (r"No module named '?tensorflow'?$", r"No module named 'tensorflow'\s*$"),
        "{pip} install {tf}",
        ("tensorflow-missing", "tensorflow-files-missing", "pip-on-path"),
    ),
    Cause(
        "partial-install",
        "TensorFlow's files are incomplete (an interrupted install, or one of two flavours uninstalled)",
        (
            r"No module named 'tensorflow\.[\w.]+'",
            r"cannot import name '\w+' from( partially initialized module)? 'tensorflow",
            r"undefined symbol",
        ),
        "{pip} install --force-reinstall --no-deps {tf}=={tf_version}",
        ("tensorflow-duplicate", "tensorflow-files-missing"),
    ),
)

SIGNALS = {-getattr(signal, n): n for n in ("SIGILL", "SIGSEGV", "SIGABRT", "SIGBUS", "SIGKILL") if hasattr(signal, n)}


def _fix_context(facts: Facts, inv: Inventory, text: str = "") -> dict[str, str]:
    tf = inv.tensorflow
    release = _versions.release(tf.version) if tf else None
    minor = f"{release[0]}.{release[1]}" if release and len(release) > 1 else target.minor()

    def spec(name: str, default: str = "", also: str = "") -> str:
        merged = distributions.merge_specifiers([s for s in (distributions.stack_specifier(inv, name), also) if s])
        return merged or default

    return {
        "pip": facts.interpreter.pip,
        "tf": tf.name if tf else "tensorflow",
        "tf_version": tf.version if tf else target.VERSION,
        "tf_minor": minor,
        "tf_keras_install": distributions.tf_keras_install(facts, inv, minor),
        "numpy_spec": spec("numpy", "<2", numpy_direction(text)),
        "numpy_spec_old": spec("numpy", "<1.24"),
        "protobuf_spec": spec("protobuf"),
        "ml_dtypes_spec": spec("ml-dtypes"),
        "keras_spec": spec("keras"),
    }


def numpy_direction(text: str) -> str:
    """Which side of NumPy 2 the failing binary needs: a module built against NumPy 2 looks for
    ``numpy._core`` and names C-API 0x12+ (NumPy 2.0); one built against NumPy 1 says so in NumPy 2's warning."""
    if re.search(r"compiled using NumPy 1\.x cannot be run in\s+NumPy 2", text):
        return "<2"
    if re.search(r"numpy\._core\.multiarray failed to import|\(NumPy 2\.\d+\) but the running NumPy", text):
        return ">=2"
    return ""


def classify(text: str, returncode: int | None = None) -> Cause | None:
    """The first known cause whose pattern appears in ``text`` (the traceback and output), or None."""
    if returncode in SIGNALS and SIGNALS[returncode] == "SIGILL":
        text += "\nSIGILL"
    for cause in CAUSES:
        if any(re.search(p, text, re.MULTILINE) for p in cause.patterns):
            return cause
    return None


CAUSE_BY_ID = {cause.id: cause for cause in CAUSES}
# Where a package's frames sit, for the metadata findings about it: a traceback through keras/ when keras's
# version is wrong is that finding's failure, whatever the error message says.
PACKAGE_DIRS = {
    "keras": "keras",
    "tf-keras": "tf_keras",
    "numpy": "numpy",
    "ml-dtypes": "ml_dtypes",
    "protobuf": "google/protobuf",
}
CAUSE_OF_PACKAGE = {
    "keras": "keras-version",
    "tf-keras": "legacy-keras",
    "numpy": "numpy-abi",
    "ml-dtypes": "ml-dtypes",
    "protobuf": "protobuf",
}
_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b(: |$)")
_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>.+)$')
_LOG_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d|[IWEF]\d{4} \d\d:\d\d|WARNING: All log messages before absl"
    r"|.*(oneDNN custom operations|cpu_feature_guard|To enable the following instructions"
    r"|rebuild TensorFlow with the appropriate compiler flags|TF_ENABLE_ONEDNN_OPTS))"
)


def frames(traceback: str) -> list[tuple[str, str]]:
    """(``File ..., line N, in f`` line, its source line or "") for each frame, innermost last."""
    lines = traceback.splitlines() + [""]
    out = []
    for line, following in zip(lines, lines[1:]):
        if _FRAME.match(line):
            source = following.strip()
            is_source = following.startswith("    ") and not _FRAME.match(following) and set(source) - set("^~ ")
            out.append((line.strip(), source if is_source else ""))
    return out


def _package_of(finding: Finding) -> str | None:
    if finding.id == "tf-keras-version" or finding.id.startswith("keras-legacy-"):
        return "tf-keras"
    for prefix in ("dependency-version-", "dependency-missing-"):
        if finding.id.startswith(prefix):
            return finding.id[len(prefix) :]
    return None


def _explaining_metadata(earlier: list[Finding], traceback: str) -> tuple[Finding, Cause] | None:
    """An error finding from the metadata about a package whose frames the traceback passes through."""
    paths = [match.group("file").replace("\\", "/") for f, _ in frames(traceback) if (match := _FRAME.match(f))]
    for finding in earlier:
        package = _package_of(finding)
        if finding.severity is not Severity.ERROR or package not in PACKAGE_DIRS:
            continue
        if any(f"/{PACKAGE_DIRS[package]}/" in path for path in paths):
            return finding, CAUSE_BY_ID[CAUSE_OF_PACKAGE[package]]
    return None


def _explaining_shadow(earlier: list[Finding], text: str) -> Finding | None:
    """A shadowing finding whose file the traceback runs through, or whose package the error names."""
    for finding in earlier:
        if not finding.id.startswith("shadowing-") or finding.severity is not Severity.ERROR:
            continue
        name = finding.id[len("shadowing-") :]
        if (finding.location and finding.location in text) or re.search(rf"'{re.escape(name)}[.']", text):
            return finding
    return None


def _evidence(probe: Probe, text: str) -> list[str]:
    """The lines that say what failed: the error, the exceptions chained to it, the frame that raised it and
    its source line. TensorFlow's and absl's log lines (oneDNN notices, CPU feature guards) are left out."""
    evidence = [f"failed at: {probe.get('stage', 'import tensorflow')}"]
    signal_name = SIGNALS.get(probe.returncode or 0)
    if signal_name:
        evidence.append(f"the child process was killed by {signal_name}")
    error = f"{probe.get('error_type')}: {probe.get('error_message')}".strip() if probe.get("error_type") else None
    traceback = probe.get("traceback") or ""
    found = frames(traceback)
    if not found:
        kept = [line for line in (text or "").strip().splitlines() if line.strip() and not _LOG_LINE.match(line)]
        return evidence + ([error] if error else []) + [line for line in kept[-4:] if line.strip() != error]
    chained = [line for line in traceback.splitlines() if _EXCEPTION.match(line) and line != error]
    evidence += [*chained[-2:], *([error] if error else [])]
    where, source = found[-1]
    evidence.append(f"raised at: {where}" + (f": {source}" if source else ""))
    return evidence


def check_import(facts: Facts, inv: Inventory, probe: Probe, earlier: list[Finding], timeout: float) -> list[Finding]:
    if probe.ok:
        keras = f"; tf.keras is {probe.get('keras_package')} {probe.get('keras_version')}"
        return [
            Finding(
                "import-tensorflow",
                Severity.INFO,
                f"import tensorflow works: {probe.get('version')} in {probe.get('import_seconds')}s{keras}",
                (f"module: {probe.get('file')}",),
            )
        ]
    if probe.timed_out:
        return [
            Finding(
                "import-timeout",
                Severity.ERROR,
                f"import tensorflow did not finish within {timeout:g}s",
                (
                    "a hang while loading GPU libraries or probing devices is the usual reason",
                    *[line for line in _tail(probe.output, 6) if not _LOG_LINE.match(line)][-3:],
                ),
                "rerun with --timeout 600; if it still hangs, run with CUDA_VISIBLE_DEVICES= to rule the GPU out",
            )
        ]
    traceback = probe.get("traceback") or ""
    text = "\n".join(filter(None, (traceback, probe.output)))
    stage = probe.get("stage", "import tensorflow")
    evidence = _evidence(probe, text)
    shadow = _explaining_shadow(earlier, text)
    if shadow is not None:
        evidence.append(f"explained by: {shadow.id}")
        return [
            Finding("import-shadowing", Severity.ERROR, f"`{stage}` fails: {shadow.title}", tuple(evidence), shadow.fix)
        ]
    if probe.get("namespace"):
        cause: Cause | None = CAUSE_BY_ID["partial-install"]
        evidence.append("tensorflow imported as a namespace package from " + ", ".join(probe.get("namespace")))
    else:
        cause = classify(text, probe.returncode)
    related = [
        f
        for f in earlier
        if f.severity is Severity.ERROR and cause is not None and any(f.id.startswith(r) for r in cause.related)
    ]
    if not related:
        tied = _explaining_metadata(earlier, traceback)
        if tied is not None:
            related, cause = [tied[0]], tied[1]
    if cause is None:
        return [
            Finding(
                "import-failed",
                Severity.ERROR,
                f"`{stage}` fails for a reason tfmigrate doctor does not know",
                tuple(evidence),
                None,
            )
        ]
    if related:
        evidence.append("explained by: " + ", ".join(f.id for f in related))
    fix = related[0].fix if related and related[0].fix else cause.fix.format(**_fix_context(facts, inv, text))
    if cause.id == "cpu-instructions" and facts.cpu_flags is not None:
        evidence.append("this CPU has AVX" if "avx" in facts.cpu_flags else "this CPU has no AVX flag in /proc/cpuinfo")
    return [Finding(f"import-{cause.id}", Severity.ERROR, f"`{stage}` fails: {cause.title}", tuple(evidence), fix)]


def _tail(text: str, lines: int = 3) -> list[str]:
    kept = [line for line in (text or "").strip().splitlines() if line.strip()]
    return kept[-lines:]
