# Source: dboyliao/tf_snippets scripts/tf_example_variable_scope.py @4701fdb (no licence file stored)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: none.
import os

import tensorflow as tf

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"

tf.reset_default_graph()
with tf.variable_scope("outer"):
    kernel = tf.get_variable("kernel", shape=[2, 4])

# <scope>/<variable>:<output index>
print(kernel.name)

with tf.variable_scope("outer", reuse=True):
    print(tf.get_variable("kernel").name)
