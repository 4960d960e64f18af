# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of the learners' TF1 course linear regression without scopes, where
# one run fetches the train op and the merged summaries (`_, summary = sess.run([optimizer, merge])`): the summary
# reads the loss, which reads the random data tensor along the labels and the prediction. Own code, no source text
# copied; a graph seed so the numbers compare exactly.
import tensorflow as tf

tf.set_random_seed(5)

x = tf.random.normal(shape=(100, 1), mean=0.0, stddev=1.0)
y_true = tf.matmul(x, [[0.8]]) + 0.7
weights = tf.Variable(initial_value=tf.random.normal(shape=(1, 1)), name="weights")
bias = tf.Variable(initial_value=tf.random.normal(shape=(1, 1)), name="bias")
y_predict = tf.matmul(x, weights) + bias
error = tf.reduce_mean(tf.square(y_predict - y_true))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(error)
tf.summary.scalar("error", error)
merge = tf.summary.merge_all()
init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    file_writer = tf.summary.FileWriter("./tmp/linear", graph=sess.graph)
    for i in range(25):
        _, summary = sess.run([optimizer, merge])
        file_writer.add_summary(summary, i)
        if i % 5 == 0:
            print("step %d: error %f" % (i, error.eval()))
    print("weights %f, bias %f" % (weights.eval()[0, 0], bias.eval()[0, 0]))
