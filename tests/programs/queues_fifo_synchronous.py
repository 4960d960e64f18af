# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import tensorflow as tf

# 1. a queue of three floats, filled once
Q = tf.FIFOQueue(3, tf.float32)
enq_many = Q.enqueue_many([[0.1, 0.2, 0.3], ])

# 2. take one out, add one, put it back
out_q = Q.dequeue()
data = out_q + 1
en_q = Q.enqueue(data)

with tf.Session() as sess:
    sess.run(enq_many)
    for i in range(100):
        sess.run(en_q)
    for i in range(Q.size().eval()):
        print(sess.run(Q.dequeue()))
