"""The harness's own promises: the TF1 baseline it builds from a program is the program under compat.v1."""

from session_harness import BASELINE_IMPORT, Program, switches_graph_mode


def test_every_tensorflow_import_of_the_baseline_is_the_compat_v1_module():
    # A program that imports TensorFlow twice (a validation script: once at the top, once in a later section) ran
    # its second half under TF2 behaviour: the second import rebound `tf` to TF2's module.
    program = Program("twice", "import tensorflow as tf\nprint(1)\nimport tensorflow as tf\nprint(2)\n", {})
    assert program.baseline_source == (f"{BASELINE_IMPORT}\nprint(1)\nimport tensorflow.compat.v1 as tf\nprint(2)\n")


def test_an_import_spaced_as_the_author_wrote_it_is_swapped_too():
    # Book code writes `import  tensorflow as tf` (two spaces): the harness refused five held-out programs so.
    program = Program("spaced", "import  tensorflow  as tf\nprint(1)\n", {})
    assert program.baseline_source == f"{BASELINE_IMPORT}\nprint(1)\n"
    assert program.seeded().source.startswith("import  tensorflow  as tf\n")


def test_a_child_runs_two_programs_defining_the_same_absl_flag(tmp_path):
    # A program with tf.app.flags and a checkpoint to resume from runs twice in one long-lived child (its run and
    # its resumed run). absl's flags are process-wide: absl lets a module object new to it define a name again, but a
    # program's module object can take the freed id() of the one before, and then the second run stopped with
    # DuplicateFlagError (the full suite's flags-and-Saver program, one run in several). The child forgets the
    # flags a program defined, as a process of its own would.
    from session_harness import _Child

    source = (
        "import tensorflow as tf\n"
        'print("max_step" in tf.compat.v1.flags.FLAGS)\n'
        'tf.compat.v1.flags.DEFINE_integer("max_step", 3, "steps")\n'
        "print(tf.compat.v1.flags.FLAGS.max_step)\n"
    )
    child = _Child(False, False)
    try:
        runs = [child.run({"source": source, "file": "p.py", "cwd": str(tmp_path)}, 300) for _ in range(2)]
    finally:
        child.close()
    assert [(run.ok, run.stdout.split()) for run in runs] == [(True, ["False", "3"])] * 2, runs[-1].stderr


def test_a_comment_quoting_the_switch_does_not_send_a_migrated_program_to_the_graph_child() -> None:
    """Held-out 15: a header comment naming ``tf.disable_v2_behavior()`` ran a session-free program in graph mode."""
    eager = "# Adapted: `tf.disable_v2_behavior()` dropped\nimport tensorflow as tf\nprint(tf.ones([2]).numpy())\n"
    assert not switches_graph_mode(eager)
    assert not switches_graph_mode('note = "disable_eager_execution"\n')
    assert switches_graph_mode("import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n")
    assert switches_graph_mode("from tensorflow.compat.v1 import disable_eager_execution\ndisable_eager_execution()\n")


def test_a_program_parsing_its_arguments_sees_only_its_own_name(tmp_path):
    # Held-out set 19's H1: an argparse main (``parser.parse_args()``) read the child's own arguments ("graph", ...)
    # and stopped with SystemExit 2 in its TF1 baseline. The child runs each program as ``python p.py`` would.
    from session_harness import _Child

    source = (
        "import argparse, sys\n"
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--steps", type=int, default=3)\n'
        "print(parser.parse_args().steps, sys.argv)\n"
    )
    child = _Child(True, False)
    try:
        run = child.run({"source": source, "file": "p.py", "cwd": str(tmp_path)}, 300)
        again = child.run({"source": "import sys\nprint(len(sys.argv))\n", "file": "q.py", "cwd": str(tmp_path)}, 300)
    finally:
        child.close()
    assert (run.ok, run.stdout.split()) == (True, ["3", "['p.py']"]), run.stderr
    assert again.stdout.split() == ["1"], again.stderr


def test_what_a_child_leaves_in_its_temporary_folder_goes_when_it_is_closed(tmp_path):
    # The harness kills its children, so TensorFlow's atexit removal of the autograph files its tf.functions wrote
    # never ran (about 400 left in /tmp a full run), nor did anything remove what programs made with tempfile.
    import os
    from pathlib import Path

    from session_harness import _Child

    source = (
        "import glob, os, tempfile\n"
        "import tensorflow as tf\n"
        "@tf.function\n"
        "def f(x):\n"
        "    if x > 0:\n"
        "        return x * 2.0\n"
        "    return -x\n"
        "print(float(f(tf.constant(3.0))))\n"
        "print(tempfile.mkdtemp())\n"
        "print(*glob.glob(os.path.join(tempfile.gettempdir(), '__autograph_generated_file*.py')))\n"
    )
    (tmp_path / "p.py").write_text(source)  # autograph reads the function's source
    child = _Child(False, False)
    try:
        run = child.run({"source": source, "file": "p.py", "cwd": str(tmp_path)}, 300)
    finally:
        child.close()
    assert run.ok, run.stderr
    value, made, *generated = run.stdout.split()
    assert value == "6.0" and generated, run.stdout
    folder = Path(made).parent
    assert folder.name.startswith("tfm-child_") and all(Path(g).parent == folder for g in generated), run.stdout
    assert str(folder.parent) == os.environ.get("TFMIGRATE_TEST_TMPDIR", str(folder.parent))
    assert not folder.exists()
