"""Properties over generated Python programs (hypothesmith), with and without TensorFlow spliced in.

Whatever valid program comes in: tfmigrate never raises, never reports an internal error, its output always
parses, a second run changes nothing, and a program that never mentions TensorFlow or Keras comes back
byte-identical, even when it is parsed and every rule runs over it. CI draws the same examples every run
(``SETTINGS``); ``TFMIGRATE_HYPOTHESIS=explore`` draws new ones.
"""

from __future__ import annotations

import ast
import os
import re
import warnings

import hypothesmith
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tfmigrate import Options, Status, migrate_source

# hypothesmith compiles what it generates; programs like ``{1}[0]`` warn, and that is their business.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")
# CI draws the same examples on every run: derandomized (the draw follows from each test alone) and no example
# database, so no new random draw can turn a run red that the change under test did not. To look for new failures,
# ``TFMIGRATE_HYPOTHESIS=explore`` draws fresh examples, TFMIGRATE_HYPOTHESIS_EXAMPLES per test (500 unless given),
# and keeps the failing ones in .hypothesis/ to replay; tools/idempotence_sweep.py is the same property (a second
# run changes nothing) over every program, fixture input and example of the checkout.
HEALTH = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]
settings.register_profile(
    "tfmigrate-ci", deadline=None, max_examples=15, derandomize=True, database=None, suppress_health_check=HEALTH
)
settings.register_profile(
    "tfmigrate-explore",
    deadline=None,
    max_examples=int(os.environ.get("TFMIGRATE_HYPOTHESIS_EXAMPLES", "500")),
    suppress_health_check=HEALTH,
)
EXPLORE = os.environ.get("TFMIGRATE_HYPOTHESIS") == "explore"
SETTINGS = settings(settings.get_profile("tfmigrate-explore" if EXPLORE else "tfmigrate-ci"))
TF_WORDS = re.compile(r"tensorflow|keras|\btf\b|\bK\b")

TF_IMPORTS = (
    "import tensorflow as tf\n",
    "import tensorflow.compat.v1 as tf\n",
    "from tensorflow import keras\n",
    "import keras\n",
    "from tensorflow.python.keras.layers import Dense\n",
    "from keras import backend as K\n",
)
# Imports that are already what TensorFlow 2.21 / Keras 3 want, so no rule rewrites them by themselves.
UNMIGRATED_IMPORTS = ("import tensorflow as tf\n", "from tensorflow import keras\n", "import keras\n")
TF_STATEMENTS = (
    "x = tf.placeholder(tf.float32, [None, 3])\n",
    "sess = tf.Session()\n",
    "sess.run(tf.global_variables_initializer())\n",
    "h = tf.layers.dense(x, 4, activation=tf.nn.relu)\n",
    "w = tf.get_variable('w', [3, 3], initializer=tf.contrib.layers.xavier_initializer())\n",
    "opt = tf.train.AdamOptimizer(0.1)\n",
    "saver = tf.train.Saver()\n",
    "tf.logging.set_verbosity(tf.logging.INFO)\n",
    "layer = Dense(3)\n",
    "model = keras.models.Sequential([keras.layers.Dense(2, input_shape=(3,))])\n",
    "model.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss='mse')\n",
    "model.fit_generator(gen, steps_per_epoch=2, nb_epoch=1)\n",
    "y = K.int_shape(x)\n",
    "with tf.variable_scope('s', reuse=tf.AUTO_REUSE):\n    v = tf.get_variable('v', [1])\n",
    "FLAGS = tf.flags.FLAGS\n",
    "for _ in range(3):\n    tf.summary.scalar('loss', 1.0)\n",
)


def compiles(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "<generated>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def check_sound(source: str, options: Options | None = None) -> str:
    result = migrate_source(source, options or Options(), "generated.py")
    if result.status is Status.FAILED:
        assert "internal error" not in result.error, result.error
        assert "tfmigrate's output" not in result.error, result.error
        assert "nested too deeply" in result.error or "does not parse" in result.error, result.error
        return source
    out = result.migrated
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ast.parse(out)
    again = migrate_source(out, options, "generated.py")
    assert again.status is not Status.FAILED, again.error
    assert again.migrated == out, "a second run changed the output"
    return out


programs = hypothesmith.from_grammar().filter(compiles)
realistic = hypothesmith.from_node().filter(compiles)


@SETTINGS
@given(programs)
def test_program_without_tensorflow_is_byte_identical(program: str) -> None:
    assume(not TF_WORDS.search(program))
    result = migrate_source(program, Options(), "generated.py")
    assert result.status is Status.UNCHANGED
    assert result.migrated == program


@SETTINGS
@given(realistic, st.sampled_from(UNMIGRATED_IMPORTS))
def test_unrelated_program_under_a_tensorflow_import_is_byte_identical(program: str, header: str) -> None:
    """The import defeats the pre-filter, so the file is parsed and every rule really runs over it."""
    assume(not TF_WORDS.search(program))
    source = header + program
    assume(compiles(source))
    result = migrate_source(source, Options(), "generated.py")
    assert result.status is not Status.FAILED or "internal error" not in (result.error or ""), result.error
    if result.status is not Status.FAILED:
        assert result.migrated == source


@SETTINGS
@given(programs, st.lists(st.sampled_from(TF_IMPORTS), min_size=1, max_size=3), st.data())
def test_program_with_tensorflow_spliced_in_is_sound(program: str, imports: list[str], data) -> None:
    statements = data.draw(st.lists(st.sampled_from(TF_STATEMENTS), min_size=1, max_size=6))
    where = data.draw(st.sampled_from(["after", "before", "function"]))
    body = "".join(statements)
    if where == "after":
        source = "".join(imports) + program + "\n" + body
    elif where == "before":
        source = "".join(imports) + body + program
    else:
        indented = "".join("    " + line + "\n" for line in body.splitlines())
        source = "".join(imports) + program + "\n\ndef generated_function(x, gen):\n" + indented
    assume(compiles(source))
    check_sound(source)


@SETTINGS
@given(realistic, st.lists(st.sampled_from(TF_STATEMENTS), min_size=1, max_size=4))
def test_realistic_program_with_tensorflow_is_sound_for_each_keras_target(program: str, statements) -> None:
    source = "import tensorflow as tf\nfrom tensorflow import keras\n" + "".join(statements) + program
    assume(compiles(source))
    for options in (Options(), Options(keras="tf-keras"), Options(annotate=True)):
        check_sound(source, options)
