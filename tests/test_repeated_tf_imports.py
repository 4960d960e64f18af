"""TFM102 on a module that imports TensorFlow twice (a library pasted above its script, which imports it again): the
switch goes after the first import, before the TF1 code between the two, which would otherwise build placeholders
eagerly and stop (``tf.placeholder() is not compatible with eager execution``). A late first import still comes
first."""

from __future__ import annotations

from interpreters import run_python
from program_checks import migrated_with_reasons
from timeouts import limit

LIBRARY = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [2])
w = tf.Variable([1.0, 2.0])
y = x * w


"""
SCRIPT = """\
import numpy as np
import tensorflow as tf

if __name__ == '__main__':
    with tf.Session(config=tf.ConfigProto(log_device_placement=True)) as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(y, feed_dict={x: np.array([3.0, 4.0])}))
"""


def test_the_switch_follows_the_first_of_two_imports_and_the_program_runs(tmp_path) -> None:
    migrated, reasons = migrated_with_reasons(LIBRARY + SCRIPT)
    assert migrated is not None and reasons and "kept in graph mode" in reasons[0][1], reasons
    lines = migrated.splitlines()
    first_import = lines.index("import tensorflow as tf")
    assert lines[first_import + 1] == "tf.compat.v1.disable_v2_behavior()", migrated
    assert migrated.count("disable_v2_behavior()") == 1, migrated
    run = run_python(migrated, cwd=tmp_path, timeout=limit())
    assert run.returncode == 0 and run.stdout.split() == ["[3.", "8.]"], (run.stdout, run.stderr[-2000:])


def test_a_late_single_import_still_comes_before_the_switch() -> None:
    late = "import numpy as np\n\nSTEPS = 2\nimport tensorflow as tf\n" + LIBRARY.split("\n", 2)[2] + SCRIPT
    late = late.replace("import numpy as np\nimport tensorflow as tf\n\nif", "if")
    migrated, _ = migrated_with_reasons(late)
    assert migrated is not None and migrated.count("import tensorflow as tf") == 1, migrated
    lines = migrated.splitlines()
    assert lines.index("tf.compat.v1.disable_v2_behavior()") > lines.index("import tensorflow as tf"), migrated
