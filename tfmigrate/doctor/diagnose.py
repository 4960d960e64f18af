"""The doctor's library entry point: every check family in order, each one's findings feeding the next."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tfmigrate.doctor import distributions, environment, gpu, import_probe, keras, shadowing
from tfmigrate.doctor.code_checks import CodeReport, check_code
from tfmigrate.doctor.environment import Facts, FactsError, Interpreter
from tfmigrate.doctor.findings import Finding, Severity, sort_key


@dataclass
class Diagnosis:
    facts: Facts | None
    findings: list[Finding] = field(default_factory=list)
    code: CodeReport | None = None


def script_dirs(paths: list[str]) -> list[Path]:
    """Directories a user's ``python script.py`` would put first on sys.path: the checked paths themselves."""
    dirs: list[Path] = []
    for path in map(Path, paths):
        directory = path if path.is_dir() else path.parent
        if directory.resolve() not in [d.resolve() for d in dirs]:
            dirs.append(directory)
    return dirs


def diagnose(
    paths: Sequence[str] = (), python: str | None = None, timeout: float = 120.0, cwd: str | None = None
) -> Diagnosis:
    interpreter = Interpreter((python,)) if python else Interpreter.current()
    cwd = cwd or os.getcwd()
    try:
        facts = environment.collect_facts(interpreter, cwd, timeout)
    except FactsError as err:
        return Diagnosis(
            None,
            [
                Finding(
                    "interpreter",
                    Severity.ERROR,
                    "Cannot inspect the interpreter",
                    (str(err),),
                    "pass a working Python 3 with --python",
                )
            ],
        )
    # TensorFlow starts importing now, while pip on PATH and the metadata are looked at (a few seconds less to wait)
    child = import_probe.TensorFlowChild(facts)
    try:
        findings = environment.check_interpreter(facts) + environment.check_path_tools(facts, min(timeout, 30.0))
        dist_findings, inv = distributions.check_all(facts)
        findings += dist_findings
        findings += shadowing.check_shadowing(facts, inv, script_dirs(list(paths)))
        probe = child.probe(timeout)
        findings += import_probe.check_import(facts, inv, probe, findings, timeout)
        findings += gpu.check_gpu(facts, inv, probe)
        code = None
        if paths:
            stopgap = keras.legacy_stopgap(facts, inv)
            code_findings, code = check_code(list(paths), child, timeout, probe.ok, stopgap)
            findings += code_findings
    finally:
        child.close()
    findings += keras.check_keras(facts, inv, probe, code, list(paths))
    return Diagnosis(facts, sorted(findings, key=lambda f: sort_key(f)[0]), code)
