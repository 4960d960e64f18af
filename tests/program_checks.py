"""What the eager-rewrite tests ask of a migration and of an evaluated program, written once: the reasons TFM201
gives for keeping a Session program in graph mode, the verdict "session-free with the baseline's numbers", and
the summary events a run wrote. Each test module then says only what is its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from fixture_migrations import migrate
from session_harness import (
    ATOL,
    BASELINE_IMPORT,
    RTOL,
    Outcome,
    Program,
    Run,
    child_env,
    compare,
    evaluate,
    numbers,
    run_jobs,
)
from session_harness import _job as job
from timeouts import limit

from tfmigrate.config import Options


def reasons(source: str) -> list[str]:
    """TFM201's follow-ups on ``source``: why its Session program keeps the graph tier (empty: it does not)."""
    return [message for _, message in reasons_by_line(source)]


def reasons_by_line(source: str) -> list[tuple[int, str]]:
    """``reasons`` with the line each names."""
    return migrated_with_reasons(source)[1]


def migrated_with_reasons(source: str) -> tuple[str | None, list[tuple[int, str]]]:
    """The migration of ``source`` (None: unchanged) and TFM201's follow-ups on it (line, message), for a test
    that reads both."""
    result = migrate(source, Options(), "program.py")
    return result.migrated, [(f.line, f.message) for f in result.followups if f.code == "TFM201"]


def at_module_level(source: str) -> str:
    """``source`` (module-level definitions, then ``def main():`` and its ``if __name__`` guard) with the body of
    ``main`` at module level instead: the same program, its Session not in a function."""
    head, _, main = source.partition("def main():\n")
    return head + textwrap.dedent(main.partition("\n\nif __name__")[0]) + "\n"


def eager(source: str) -> str:
    """The migration of ``source``, which the eager rewrite must take whole (no TFM201 follow-up)."""
    result = migrate(source, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert result.migrated is not None
    return result.migrated


def evaluate_sources(sources: dict[str, str], meta: dict, resuming: frozenset[str] = frozenset()) -> dict[str, Outcome]:
    """Each named source migrated and run beside its TF1 baseline; those in ``resuming`` run a second time on the
    baseline's checkpoint (``"checkpoint": "resume"``)."""
    return evaluate(
        [
            Program(name, source, {**meta, "checkpoint": "resume"} if name in resuming else meta)
            for name, source in sources.items()
        ]
    )


def assert_baseline_numbers(outcome: Outcome) -> None:
    """The TF1 baseline ran, the migrated program ran, and both printed the same numbers."""
    assert outcome.baseline.ok, outcome.baseline.stderr[-2000:]
    assert outcome.runs, (outcome.migrated_text, outcome.migrated.stderr[-2000:] if outcome.migrated else None)
    same, why = outcome.numbers_match()
    assert same, (
        f"{why}\n{outcome.migrated_text}\nbaseline:\n{outcome.baseline.stdout}\nmigrated:\n{outcome.migrated.stdout}"
    )


def assert_session_free_with_baseline_numbers(outcome: Outcome) -> None:
    """``assert_baseline_numbers``, and the migrated program has no graph mode left."""
    assert outcome.baseline.ok, outcome.baseline.stderr[-2000:]
    assert outcome.session_free, (outcome.leftovers, [f.message for f in outcome.migration.followups])
    assert_baseline_numbers(outcome)


def restored_from_the_tf1_checkpoint(outcome: Outcome) -> str:
    """The migrated program, after asserting that its run on the checkpoint the TF1 program wrote restored it
    ("restoring") and printed the baseline's resumed numbers."""
    same, why = outcome.resume_match()
    assert same, why
    assert "restoring" in outcome.migrated_resume.stdout, outcome.migrated_resume.stdout
    return outcome.migrated_text or ""


def assert_session_free_printing_the_baselines_text(outcome: Outcome) -> None:
    """The TF1 baseline ran, the migrated program has no graph mode left, ran, and printed the baseline's stdout to
    the character: for programs whose output is text TF1 wrote (printed graph objects, shapes, dtypes), where
    comparing numbers would pass a changed text."""
    assert outcome.baseline.ok, outcome.baseline.stderr[-2000:]
    assert outcome.session_free, (outcome.leftovers, [f.message for f in outcome.migration.followups])
    assert outcome.runs, outcome.migrated.stderr[-2000:] if outcome.migrated else ""
    assert outcome.migrated.stdout == outcome.baseline.stdout, (outcome.baseline.stdout, outcome.migrated.stdout)


def assert_resumes_like_the_baseline(outcome: Outcome, directory: Path) -> tuple[str, str]:
    """The migrated program run twice in ``directory`` (eagerly, on its own checkpoint the second time) prints what
    the baseline printed in its first and second runs; the two outputs."""
    first = run_in_a_shared_child(outcome.migrated_text, directory, graph=False)
    second = run_in_a_shared_child(outcome.migrated_text, directory, graph=False)
    for want, got in ((outcome.baseline.stdout, first), (outcome.baseline_resume.stdout, second)):
        same, why = compare(want, got, outcome.program, strict=True)
        assert same, (why, want, got)
    return first, second


def summary_events(directory: Path) -> dict[tuple[str, str, int], object]:
    """(log directory, tag, step) -> what a run below ``directory`` wrote: a float, histogram statistics, or a
    tensor's values; nothing is written twice."""
    import tensorflow as tf

    found: dict[tuple[str, str, int], object] = {}
    for path in sorted(directory.rglob("events.out.tfevents.*")):
        for event in tf.compat.v1.train.summary_iterator(str(path)):
            for value in event.summary.value:
                key = (str(path.parent.relative_to(directory)), value.tag, event.step)
                assert key not in found, f"{key} written twice"
                kind = value.WhichOneof("value")
                if kind == "simple_value":
                    found[key] = value.simple_value
                elif kind == "histo":
                    h = value.histo
                    found[key] = (h.min, h.max, h.num, h.sum, h.sum_squares, *h.bucket_limit, *h.bucket)
                elif kind == "image":  # the PNG decoded: its size and every pixel
                    image = value.image
                    pixels = tf.io.decode_png(image.encoded_image_string).numpy()
                    found[key] = (image.height, image.width, image.colorspace, *pixels.ravel().tolist())
                else:
                    found[key] = tf.make_ndarray(value.tensor).tolist()
    return found


TF2_IMPORT = "import tensorflow as tf\n"


def tf1_source(source: str, prelude: str = "") -> str:
    """``source`` as its TF1 baseline on TF 2.x: its one ``import tensorflow as tf`` made ``tf.compat.v1`` with v2
    behaviour off, followed by ``prelude`` (what the baseline restates, ``tf.contrib``'s initializers)."""
    assert source.count(TF2_IMPORT) == 1, source
    return source.replace(TF2_IMPORT, BASELINE_IMPORT + "\n" + prelude, 1)


def run_as_tf1(source: str, directory: Path, *, legacy_keras: bool = False) -> str:
    """``source`` run as TF1 ran it (tf1_source) in the harness's graph child, in ``directory``: its stdout."""
    directory.mkdir(parents=True, exist_ok=True)
    return run_in_a_shared_child(tf1_source(source), directory, graph=True, legacy_keras=legacy_keras)


def assert_restores_the_tf1_checkpoint(source: str, tmp_path: Path) -> None:
    """``source`` (test_session_per_method_owners' SESSION_PER_METHOD or a variant: a regression model trained by
    ``model.train(...)``, then predicting) run as TF1 saves; run again without its training call, TF1 and the
    migrated program restore that checkpoint and print the same trained predictions."""
    train = "model.train(train_X, train_y, num_epochs=20)\n"
    folder = tmp_path / "cross"
    run_as_tf1(source, folder)
    assert (folder / "regression-model" / "model.ckpt.index").exists()
    baseline = run_as_tf1(source.replace(train, ""), folder)
    migrated = eager(source)
    assert train in migrated
    restored = run_in_a_shared_child(migrated.replace(train, ""), folder, graph=False)
    untrained = "predictions [1.5 3. ]"
    assert baseline.strip().splitlines()[-1] != untrained  # the comparison below is of trained weights
    assert restored.strip().splitlines()[-1] == baseline.strip().splitlines()[-1], (baseline, restored)


def run_in_a_process(source: str, directory: Path, *, legacy_keras: bool = False) -> str:
    """``source`` run as ``directory/program.py`` in a Python process of its own (graph-mode switches and seeds are
    process-wide: a program that sets them cannot share the harness's children); its stdout, failing the test
    with the program and its stderr when it does not run."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "program.py").write_text(source)
    done = subprocess.run(
        [sys.executable, "program.py"],
        cwd=directory,
        capture_output=True,
        text=True,
        env=child_env(legacy_keras=legacy_keras),
        timeout=limit(600),
    )
    assert done.returncode == 0, f"{source}\n{done.stderr[-3000:]}"
    return done.stdout


# ``TFMIGRATE_CHILD_CHECK=1``: every program run_in_a_shared_child runs also in a process of its own, in a copy of
# its directory as it was before, and the test fails unless both printed the same text: the proof that a child's
# reuse (after whatever programs of the worker ran in it before) changes nothing a test reads. Where they differ, a
# second process decides: a program that prints other text in two processes of its own (a resource handle's
# bytes) proves nothing either way and is let through.
CHILD_CHECK_ENV = "TFMIGRATE_CHILD_CHECK"


def run_in_a_shared_child(source: str, directory: Path, *, graph: bool, legacy_keras: bool = False) -> str:
    """``source`` run in one of the harness's long-lived TensorFlow children, as ``directory/program.py``: its
    stdout, failing the test with the program and its stderr when it does not run. ``graph``: the child of the TF1
    baselines (graph mode, a fresh default graph per program), for a program that switches TF2 behaviour off
    (``disable_v2_behavior()``) before it builds anything; else the eager child (a fresh Keras session, the global
    seed cleared with TensorFlow's kernel cache). Graph seeds live in the graph, ``tf.random.set_seed`` resets what
    earlier programs drew: a program that sets them runs here as in a process of its own. One that switches
    something else process-wide (``enable_resource_variables()``, floatx) or is about separate processes itself
    needs run_in_a_process. ``legacy_keras``: the child of that flavour (``TF_USE_LEGACY_KERAS=1`` from its start,
    for TF1 code whose cells and layers live in tf-keras on TF 2.16+). It spares the 4-5 CPU-s of a TensorFlow
    start-up a process of its own costs."""
    copies = _copies_for_the_check([directory])
    run = run_jobs([job("program", source, directory)], graph=graph, legacy_keras=legacy_keras)["program"]
    flavour = f"{'graph' if graph else 'eager'}{', legacy Keras' if legacy_keras else ''}"
    assert run.ok, f"{directory / 'program.py'} failed in the shared {flavour} child:\n{source}\n{run.stderr[-3000:]}"
    if copies:
        _check_alone(source, directory, copies[0], run.stdout, legacy_keras)
    return run.stdout


def run_each_in_a_shared_child(
    sources: dict[str, str], root: Path, *, graph: bool, legacy_keras: bool = False
) -> dict[str, Run]:
    """Each program of ``sources`` (name -> text) run as ``root/<name>/<name>.py`` by run_in_a_shared_child's
    child, one after another (each in a fresh graph or Keras session and namespace): the Run of each by name, for a
    test per program that reports its own failure (a batch runner's one process, without its TensorFlow start-up).
    ``TFMIGRATE_CHILD_CHECK=1`` checks each program that ran as run_in_a_shared_child does."""
    folders = {name: root / name for name in sources}
    copies = _copies_for_the_check(list(folders.values()))
    jobs = [job(name, source, folders[name]) for name, source in sources.items()]
    runs = run_jobs(jobs, graph=graph, legacy_keras=legacy_keras)
    for (name, source), pair in zip(sources.items(), copies):
        if runs[name].ok:
            _check_alone(source, folders[name], pair, runs[name].stdout, legacy_keras)
    return runs


def _copies_for_the_check(directories: list[Path]) -> list[list[Path]]:
    """Under ``TFMIGRATE_CHILD_CHECK=1``, two copies of each directory as it is before its program runs (empty
    otherwise)."""
    if os.environ.get(CHILD_CHECK_ENV) != "1":
        return []
    pairs = []
    for directory in directories:
        pair = [directory.with_name(f"{directory.name}.process{i}") for i in (1, 2)]
        for copy in pair:
            shutil.rmtree(copy, ignore_errors=True)
            if directory.exists():
                shutil.copytree(directory, copy)
        pairs.append(pair)
    return pairs


def _check_alone(source: str, directory: Path, copies: list[Path], printed: str, legacy_keras: bool) -> None:
    """The shared child printed what a process of its own prints (or two such processes differ themselves)."""
    alone = [run_in_a_process(source, copies[0], legacy_keras=legacy_keras).replace(str(copies[0]), str(directory))]
    if printed != alone[0]:
        second = run_in_a_process(source, copies[1], legacy_keras=legacy_keras)
        alone.append(second.replace(str(copies[1]), str(directory)))
        assert alone[0] != alone[1], f"shared child and process of its own differ:\n{printed}\n---\n{alone[0]}"


def run_script_in_a_shared_child(script: str, directory: Path, *, graph: bool, argv=(), stdin: str = "") -> str:
    """``python -c script *argv < stdin`` run in ``directory`` by run_in_a_shared_child (and checked by
    ``TFMIGRATE_CHILD_CHECK=1`` the same way): for a test's runner script that runs several programs in one
    interpreter, or a program run with arguments. The script sees the ``sys.argv`` and ``sys.stdin`` that process
    would have, the child's own are put back after it (a later program's absl flags read ``sys.argv``), and runs in
    the ``__main__`` module's own globals, as ``python -c`` runs it (``tf.app.run()`` reads
    ``sys.modules["__main__"].main``); the wrapper leaves no name of its own there."""
    wrapper = (
        "def _run_script():\n"
        "    import io, sys\n"
        "    namespace = globals()\n"
        "    del namespace['_run_script']\n"
        "    kept = sys.argv, sys.stdin\n"
        f"    sys.argv, sys.stdin = {['-c', *map(str, argv)]!r}, io.StringIO({stdin!r})\n"
        "    try:\n"
        f"        exec(compile({script!r}, '<string>', 'exec'), namespace)\n"
        "    finally:\n"
        "        sys.argv, sys.stdin = kept\n"
        "_run_script()\n"
    )
    return run_in_a_shared_child(wrapper, directory, graph=graph)


def assert_every_run_prints_the_baseline(migrated: str, baseline: str, tmp_path: Path, *, legacy_keras: bool) -> int:
    """``migrated`` in two processes of its own (what "every run" means, a graph seed being process-wide) prints the
    numbers of ``baseline`` run as the harness runs every TF1 baseline (its shared graph child of legacy Keras, a
    fresh graph); how many numbers were compared."""
    jobs = [(migrated, tmp_path / "first"), (migrated, tmp_path / "second")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        outputs = pool.map(lambda job: run_in_a_process(*job, legacy_keras=legacy_keras), jobs)
        want = numbers(run_in_a_shared_child(baseline, tmp_path / "baseline", graph=True, legacy_keras=True))
        runs = [numbers(out) for out in outputs]
    for got in runs:
        assert got.shape == want.shape and np.allclose(got, want, rtol=RTOL, atol=ATOL), f"{want} != {got}"
    return int(want.size)
