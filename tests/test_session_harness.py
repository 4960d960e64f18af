"""The harness's own promises: the TF1 baseline it builds from a program is the program under compat.v1."""

from session_harness import BASELINE_IMPORT, Program


def test_every_tensorflow_import_of_the_baseline_is_the_compat_v1_module():
    # A program that imports TensorFlow twice (a validation script: once at the top, once in a later section) ran
    # its second half under TF2 behaviour: the second import rebound `tf` to TF2's module.
    program = Program("twice", "import tensorflow as tf\nprint(1)\nimport tensorflow as tf\nprint(2)\n", {})
    assert program.baseline_source == (f"{BASELINE_IMPORT}\nprint(1)\nimport tensorflow.compat.v1 as tf\nprint(2)\n")
