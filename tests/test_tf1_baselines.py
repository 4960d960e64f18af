"""The committed stores of TF1 baselines (tests/tf1_baselines.py, tests/session_harness.py's TF1_STORE) are current
for today's programs, runner, stack and environment, and agree with real TensorFlow: a sample of programs, seeded,
unseeded and of both Keras flavours, is run live here and compared with what the store says."""

from __future__ import annotations

import math
import re

import session_harness
import tf1_baselines
from session_harness import Program, load_programs

# tests/test_eager_rewrite.py's NUMBER and tolerance: what its tests read of a stored output
NUMBER = re.compile(r"-?\d+\.?\d*(?:[eE][-+]?\d+)?")
EAGER_SAMPLE = (
    "eager_linear_regression_feed.before.py",
    "eager_seeded_dropout_op_seed.before.py",
    "eager_absl_app_run_main.before.py",
)
# seeded; no randomness; unseeded (compared by the shape of its output, as the harness compares it) twice, one of
# them in legacy Keras's child; seeded in legacy Keras's child
SESSION_SAMPLE = (
    "hunkim_lab02_1_linear_regression",
    "aymeric_basic_operations",
    "jcjohnson_tf_two_layer_net",
    "tfdocs_low_level_intro_training",
    "ageron_14_static_rnn",
)


def _stale(expected: dict[str, str], store: dict) -> list[str]:
    """The programs (key -> name) whose key the store lacks, and the store's entries no program has."""
    held = {**store["baselines"], **store["live"]}
    missing = [f"missing: {name}" for key, name in sorted(expected.items(), key=lambda kv: kv[1]) if key not in held]
    extra = [f"stale: {record['name']}" for key, record in held.items() if key not in expected]
    return missing + extra


def test_the_eager_rewrite_store_is_current() -> None:
    expected = {tf1_baselines.key(path): path.name for path in tf1_baselines.EAGER_PROGRAMS}
    stale = _stale(expected, tf1_baselines.load())
    assert not stale, f"{tf1_baselines.STORE} is stale: rerun `{tf1_baselines.TOOL}`\n" + "\n".join(stale[:40])


def test_the_session_programs_store_is_current() -> None:
    expected = {session_harness.stored_key(p): p.name for p in load_programs()}
    stale = _stale(expected, session_harness.stored_baselines())
    assert not stale, f"{session_harness.TF1_STORE} is stale: rerun `{tf1_baselines.TOOL}`\n" + "\n".join(stale[:40])


def test_a_changed_program_is_not_read_from_the_store(monkeypatch) -> None:
    """On the machine kind and stack the store was written on, a stored program's baseline is read; the same
    program with one more line (or another name) is run."""
    store = session_harness.stored_baselines()
    monkeypatch.setattr(session_harness, "environment_fingerprint", lambda: store["environment"])
    program = next(p for p in load_programs() if p.name == SESSION_SAMPLE[0])
    assert session_harness._stored_baseline(program) is not None
    changed = Program(program.name, program.source + "print(1)\n", program.meta)
    assert session_harness._stored_baseline(changed) is None
    assert session_harness._stored_baseline(Program("other", program.source, program.meta)) is None
    path = tf1_baselines.FIXTURES / EAGER_SAMPLE[0]
    assert tf1_baselines.key(path) in tf1_baselines.load()["baselines"]


def test_a_store_written_on_another_machine_or_stack_is_not_read(monkeypatch, tmp_path) -> None:
    """Another CPU, Python or numpy may round a long run's last digits otherwise: there, every baseline runs live."""
    monkeypatch.setattr(session_harness, "environment_fingerprint", lambda: "another machine")
    program = next(p for p in load_programs() if p.name == SESSION_SAMPLE[0])
    assert session_harness.stored_key(program) in session_harness.stored_baselines()["baselines"]
    assert session_harness._stored_baseline(program) is None
    calls: list[list[str]] = []
    monkeypatch.setattr(tf1_baselines, "run_programs", lambda mode, paths, cwd: calls.append(paths) or {})
    tf1_baselines.baselines([tf1_baselines.FIXTURES / EAGER_SAMPLE[0]], tmp_path)
    assert calls == [[tf1_baselines.FIXTURES / EAGER_SAMPLE[0]]]


def _same_numbers(want: str, got: str) -> bool:
    expected, found = [float(n) for n in NUMBER.findall(want)], [float(n) for n in NUMBER.findall(got)]
    return NUMBER.sub("#", want) == NUMBER.sub("#", got) and all(
        math.isclose(w, g, rel_tol=1e-4, abs_tol=1e-6) for w, g in zip(expected, found, strict=True)
    )


def test_the_eager_rewrite_store_agrees_with_a_live_run(tmp_path) -> None:
    paths = [tf1_baselines.FIXTURES / name for name in EAGER_SAMPLE]
    stored = tf1_baselines.load()["baselines"]
    live = tf1_baselines.run_programs("tf1", paths, tmp_path)
    for path in paths:
        want, got = stored[tf1_baselines.key(path)]["printed"], live[str(path)]
        assert "FAILED" not in got and _same_numbers(want, got), (path.name, want, got)


def test_the_session_programs_store_agrees_with_a_live_run(tmp_path) -> None:
    """Each sampled program's stored baseline is what a live run gives: it ran and left no files, and printed the
    same numbers; an unseeded program the same text around as many numbers (its numbers are a new draw)."""
    sample = [p for p in load_programs() if p.name in SESSION_SAMPLE]
    assert {p.random for p in sample} == {"seeded", "none", "unseeded"} and any(p.legacy_keras for p in sample)
    live = session_harness.run_baselines_live(sample, tmp_path)
    records = session_harness.stored_baselines()["baselines"]
    for program in sample:
        record = records.get(session_harness.stored_key(program))
        stored = session_harness.Run(**record["run"]) if record is not None else None
        run, unchanged = live[program.name]
        assert stored is not None and run.ok and unchanged, (program.name, run.stderr[-2000:])
        if program.deterministic:
            assert _same_numbers(stored.stdout, run.stdout), (program.name, stored.stdout, run.stdout)
        else:
            shape = session_harness.NUMBER.sub("#", stored.stdout), session_harness.NUMBER.sub("#", run.stdout)
            assert shape[0] == shape[1], (program.name, stored.stdout, run.stdout)
