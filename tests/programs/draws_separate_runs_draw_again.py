# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set: one random tensor read along two paths (`total = doubled + shifted`), fetched by
# separate runs (each draws anew in TF1), by one run of a list (one draw shared by both values) and by .eval() calls.
# Own code, no source text copied; a graph seed so the numbers compare exactly.
import tensorflow as tf

tf.set_random_seed(3)

sample = tf.random_normal([4], mean=1.0, stddev=2.0)
doubled = sample * 2.0
shifted = sample + 10.0
total = doubled + shifted

with tf.Session() as sess:
    print("doubled", sess.run(doubled))
    print("shifted", sess.run(shifted))
    print("total", sess.run(total))
    pair = sess.run([doubled, shifted])
    print("pair", pair[0], pair[1], "difference", pair[1] - pair[0] / 2.0)
    print("eval", total.eval(), doubled.eval())
