# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

samples = np.arange(16, dtype=np.float32).reshape(8, 2)

queue = tf.FIFOQueue(capacity=10, dtypes=tf.float32, shapes=[[2]])
fill = queue.enqueue_many(samples)
batch = queue.dequeue_many(2)
scaled = tf.reduce_sum(batch, axis=1) * 0.5
refill = queue.enqueue(tf.reduce_max(queue.dequeue_many(3), axis=0) + 100.0)
close = queue.close()

with tf.Session() as sess:
    sess.run(fill)
    print("size after fill", sess.run(queue.size()))
    for step in range(2):
        print("step", step, sess.run(scaled))
    sess.run(refill)
    print("refilled, size", queue.size().eval())
    sess.run(close)
    print("closed", sess.run(queue.is_closed()))
    rest = sess.run(queue.dequeue_up_to(5))
    print("rest", rest)
