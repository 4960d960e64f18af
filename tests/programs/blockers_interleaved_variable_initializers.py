# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import tensorflow as tf

session = tf.InteractiveSession()

# a constant evaluated before any variable exists
diagonal = tf.eye(4)
print(diagonal.eval())

# each variable initialised on its own, right after it is made
identity = tf.Variable(tf.eye(6))
identity.initializer.run()
print(identity.eval())

weights = tf.Variable(tf.random_normal([3, 6]))
weights.initializer.run()

projected = tf.matmul(weights, identity)
print(projected.eval())

coins = tf.Variable(tf.random_uniform([3, 6], 0, 2, dtype=tf.int32))
session.run(coins.initializer)
print(coins.eval())
coins_float = tf.cast(coins, dtype=tf.float32)

total = tf.add(projected, coins_float)
difference = projected - coins_float
print("W*I + c\n", total.eval())
print("W*I - c\n", difference.eval())

scale = tf.Variable(tf.fill([6], 0.5))
scale.initializer.run()
print("scaled\n", (projected * scale).eval())
session.close()
