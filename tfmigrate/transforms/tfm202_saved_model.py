"""TFM202: TF1 SavedModel export (simple_save) becomes tf.saved_model.save with a serving signature."""

from __future__ import annotations

from tfmigrate.facts import Facts
from tfmigrate.transforms._checkpoint import EXPORT_SITES, SIMPLE_SAVE, Analysis, EagerRewrite
from tfmigrate.transforms._tf1 import may_name

ADVICE = {
    SIMPLE_SAVE: (
        "kept tf.compat.v1.saved_model.simple_save (graph mode); in TF2 wrap the computation from the inputs to "
        "the outputs in a tf.function with tf.TensorSpec inputs and call tf.saved_model.save(obj, export_dir, "
        "signatures={'serving_default': fn})"
    ),
    "saved_model.builder.SavedModelBuilder": (
        "kept tf.compat.v1.saved_model.builder.SavedModelBuilder (graph mode); in TF2 export with "
        "tf.saved_model.save(obj, export_dir, signatures=...) from eager code"
    ),
    "saved_model.Builder": (
        "kept tf.compat.v1.saved_model.Builder (graph mode); in TF2 export with tf.saved_model.save(obj, "
        "export_dir, signatures=...) from eager code"
    ),
    "saved_model.loader.load": (
        "kept tf.compat.v1.saved_model.loader.load (needs a Session); in TF2 use loaded = "
        "tf.saved_model.load(export_dir) and call loaded.signatures['serving_default'](**inputs), which returns a "
        "dict of outputs instead of tensors fetched by name"
    ),
    "saved_model.load": (
        "kept tf.compat.v1.saved_model.load(sess, tags, export_dir) (needs a Session); in TF2 use loaded = "
        "tf.saved_model.load(export_dir) and call loaded.signatures['serving_default'](**inputs)"
    ),
}


class SavedModelExport(EagerRewrite):
    """Turn ``tf.saved_model.simple_save`` into ``tf.saved_model.save`` with a ``serving_default`` signature.

    What it does:
        When a module's only Session work is initialising or restoring variables and exporting them with
        ``simple_save(sess, export_dir, inputs={...}, outputs={...})``, and the inputs are placeholders whose
        values only flow, through plain assignments, into the outputs, those assignments move into a
        ``tf.function`` whose ``input_signature`` has one ``tf.TensorSpec`` per placeholder (same dtype, shape
        and input key), returning the outputs under their keys; the export becomes
        ``tf.saved_model.save(tf.train.Checkpoint(<captured variables>), export_dir, signatures=...)``.
        ``SavedModelBuilder`` exports, ``loader.load(sess, tags, dir)`` and anything that needs a graph keep
        their ``tf.compat.v1`` form and are reported with what to change.

    Why:
        TF2 has no ``simple_save`` and no Sessions to export from. ``tf.saved_model.save`` writes a SavedModel
        whose ``serving_default`` signature takes and returns the same keys, so serving code and
        ``tf.saved_model.load(dir).signatures["serving_default"]`` keep working.

    Example:
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.0], [2.0]], name="w")
        y = tf.matmul(x, w)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.saved_model.simple_save(sess, "export", inputs={"x": x}, outputs={"y": y})

    Use instead:
        import tensorflow as tf
        w = tf.Variable([[1.0], [2.0]], name="w")

        @tf.function(input_signature=[tf.TensorSpec(shape=[None, 2], dtype=tf.float32, name="x")])
        def serving_default(x):
            y = tf.matmul(x, w)
            return {"y": y}

        tf.saved_model.save(tf.train.Checkpoint(w=w), "export", signatures={"serving_default": serving_default})
    """

    CODE = "TFM202"
    NAME = "saved-model-export"
    SUMMARY = "tf.saved_model.simple_save -> tf.saved_model.save with a serving_default tf.function when exact."
    SAFE = False
    PRIORITY = 30
    TRIGGERS = ("simple_save", "SavedModelBuilder", "saved_model.Builder", "loader.load", "saved_model.load")
    BEFORE = (
        "import tensorflow as tf\n"
        'x = tf.placeholder(tf.float32, [None, 2], name="x")\n'
        'w = tf.Variable([[1.0], [2.0]], name="w")\n'
        "y = tf.matmul(x, w)\n"
        "with tf.Session() as sess:\n"
        "    sess.run(tf.global_variables_initializer())\n"
        '    tf.saved_model.simple_save(sess, "export", inputs={"x": x}, outputs={"y": y})\n'
    )
    AFTER = (
        "import tensorflow as tf\n"
        'w = tf.Variable([[1.0], [2.0]], name="w")\n'
        "\n"
        '@tf.function(input_signature=[tf.TensorSpec(shape=[None, 2], dtype=tf.float32, name="x")])\n'
        "def serving_default(x):\n"
        "    y = tf.matmul(x, w)\n"
        '    return {"y": y}\n'
        "\n"
        'tf.saved_model.save(tf.train.Checkpoint(w=w), "export", signatures={"serving_default": serving_default})\n'
    )

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """Acts only on a module that calls one of EXPORT_SITES (simple_save, SavedModelBuilder, v1 loader.load /
        saved_model.load): without one the shared analysis neither converts nor reports anything."""
        return may_name(facts, EXPORT_SITES.__contains__)

    def converts(self, analysis: Analysis) -> bool:
        if not analysis.exports:
            return False
        if analysis.saver_sites:
            # The Saver's Session goes away with TFM201; converting the export alone would leave it dangling.
            if not self.options.select or any("TFM201".startswith(p) for p in self.options.select):
                return False
            for export in analysis.exports:
                self.follow_up(
                    export.call,
                    "simple_save can become tf.saved_model.save together with TFM201's "
                    "Saver conversion: run TFM201 too",
                )
            return False
        return True

    def report_fallback(self, analysis: Analysis, reason: str) -> None:
        for call in analysis.export_sites:
            path = self._resolve(call.func) or SIMPLE_SAVE
            self.fallback_sites(analysis, [call], reason, ADVICE.get(path, ADVICE[SIMPLE_SAVE]) + ". Needs graph mode")
