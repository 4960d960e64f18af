"""``tfmigrate doctor [PATH...]``: argparse, so the doctor still starts when half the environment is broken."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from tfmigrate.doctor.diagnose import diagnose
from tfmigrate.doctor.findings import exit_code
from tfmigrate.doctor.render import render_json, render_text

DESCRIPTION = """\
Say why TensorFlow or Keras imports fail in this environment and how to fix each cause: the Python in use,
duplicate or mismatched TensorFlow/Keras/numpy/protobuf installs (read from package metadata), Keras 3 vs
Keras 2 behind tf.keras, files shadowing packages, CUDA wheels, and a real `import tensorflow` in a child
process. With PATHs, every tensorflow/keras import and tf.* attribute in those files is tried against the
installed TensorFlow and each failing one is listed with the tfmigrate rule that rewrites it."""

EPILOG = """\
Exit status: 0 = no errors (warnings and infos do not fail); 1 = at least one error finding;
2 = usage error."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tfmigrate doctor",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="Files or directories whose tensorflow/keras statements are checked against the installed TensorFlow.",
    )
    p.add_argument("--output-format", choices=("text", "json"), default="text", help="Output format (default: text).")
    p.add_argument("--python", metavar="PYTHON", help="Inspect this interpreter instead of the one running tfmigrate.")
    p.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="Time limit for each child process (the TensorFlow import, the code checks); default 120.",
    )
    return p


def doctor_main(argv: list[str]) -> int:
    p = parser()
    try:
        args = p.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.timeout <= 0:
        p.print_usage(sys.stderr)
        sys.stderr.write("tfmigrate doctor: error: --timeout must be positive\n")
        return 2
    if args.python is not None and shutil.which(args.python) is None:
        p.print_usage(sys.stderr)
        sys.stderr.write(f"tfmigrate doctor: error: --python {args.python}: no such executable\n")
        return 2
    missing = [path for path in args.paths if not Path(path).exists()]
    if missing:
        sys.stderr.write(f"tfmigrate doctor: error: no such file or directory: {', '.join(missing)}\n")
        return 2
    result = diagnose(args.paths, args.python, args.timeout)
    facts = result.facts
    if args.output_format == "json":
        interpreter = (
            {"executable": facts.executable, "version": facts.version, "command": list(facts.interpreter.argv)}
            if facts
            else {"executable": args.python}
        )
        sys.stdout.write(render_json(result.findings, interpreter))
    else:
        header = (
            f"tfmigrate doctor: {facts.interpreter.shown} (Python {facts.version}, prefix {facts.prefix})"
            if facts
            else f"tfmigrate doctor: {args.python}"
        )
        sys.stdout.write(render_text(result.findings, header))
    return exit_code(result.findings)
