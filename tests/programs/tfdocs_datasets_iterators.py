# Source: tensorflow/tensorflow tensorflow/docs_src/programmers_guide/datasets.md, TF 1.x (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the guide's one-shot and "consuming values" snippets joined into one script with one Session; `assert i == value` -> the values summed and printed; the placeholder-parameterised and feedable iterator snippets left out.
import tensorflow as tf

dataset = tf.data.Dataset.range(100)
iterator = dataset.make_one_shot_iterator()
next_element = iterator.get_next()

counted = tf.data.Dataset.range(5)
counter = counted.make_initializable_iterator()
count = counter.get_next()
# Typically `result` is a model's output, or an optimizer's training op.
result = tf.add(count, count)

sess = tf.Session()
total = 0
for i in range(100):
    value = sess.run(next_element)
    total += value
print("one-shot total", total)

sess.run(counter.initializer)
print(sess.run(result))
print(sess.run(result))
print(sess.run(result))
print(sess.run(result))
print(sess.run(result))
try:
    sess.run(result)
except tf.errors.OutOfRangeError:
    print("End of dataset")

sess.run(counter.initializer)
steps = 0
while True:
    try:
        sess.run(result)
        steps += 1
    except tf.errors.OutOfRangeError:
        break
print("steps", steps)
