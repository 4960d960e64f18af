"""Does the gate-text scanner (tfmigrate/gate_text.py) make the text ``tokenize`` makes, and at what CPU?
Prints figures; asserts nothing (tests/test_gate_text.py asserts it on the project's own files).

The figure behind the CHANGELOG's "the same text on ... files as written and with CRLF line ends": every file of
the benchmark corpus (benchmarks/_common.py: the installed tensorflow, keras and tf_keras sources, the TF1
fixtures and examples) plus this project's tests and package, each as written and with every line end made CRLF.
A text with a lone CR goes to ``tokenize`` by design and is counted apart. Then the CPU of each over all texts.

    python benchmarks/gate_text_equal.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from _common import REPO, source_files  # noqa: E402

from tfmigrate import gate_text  # noqa: E402


def files() -> list[Path]:
    found = {source.resolve() for source, _ in source_files()}
    for folder in ("tests", "tfmigrate"):
        found.update(p.resolve() for p in (REPO / folder).rglob("*.py"))
    return sorted(found)


def scanned(text: str) -> str | None:
    """The scanner's text, or None where it hands the text to ``tokenize``."""
    handed = []
    fallback = gate_text.tokenized_code_text

    def record(text: str) -> str:
        handed.append(text)
        return fallback(text)

    gate_text.tokenized_code_text = record
    try:
        made = gate_text.code_text(text)
    finally:
        gate_text.tokenized_code_text = fallback
    return None if handed else made


def main() -> int:
    paths = files()
    texts = []
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")
        texts += [text, text.replace("\r\n", "\n").replace("\n", "\r\n")]
    same = differ = handed = 0
    differing = []
    for index, text in enumerate(texts):
        made = scanned(text)
        if made is None:
            handed += 1
        elif made == gate_text.tokenized_code_text(text):
            same += 1
        else:
            differ += 1
            differing.append(str(paths[index // 2]))
    print(f"{len(paths):,} files, {len(texts):,} texts (each file as written and with CRLF line ends)")
    print(f"scanner's text equals tokenize's: {same:,}; differs: {differ:,}; handed to tokenize: {handed:,}")
    for name in differing[:20]:
        print(f"  differs: {name}")
    timings = {}
    for label, make in (("scanner", gate_text.code_text), ("tokenize", gate_text.tokenized_code_text)):
        start = time.process_time()
        for text in texts:
            make(text)
        timings[label] = time.process_time() - start
    print(
        f"CPU over all texts: scanner {timings['scanner']:.1f} s, tokenize {timings['tokenize']:.1f} s "
        f"({timings['scanner'] / timings['tokenize']:.2f} of tokenize's)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
