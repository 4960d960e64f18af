# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import tensorflow as tf

q = tf.RandomShuffleQueue(capacity=10, min_after_dequeue=2, dtypes=tf.int32, shapes=[[]])
init = q.enqueue_many([list(range(10))])
x = q.dequeue()
y = x * 10
requeue = q.enqueue(y)

sess = tf.Session()
sess.run(init)
for i in range(5):
    sess.run(requeue)
print("size", sess.run(q.size()))
print("drawn", sess.run(q.dequeue_many(8)))
sess.close()
