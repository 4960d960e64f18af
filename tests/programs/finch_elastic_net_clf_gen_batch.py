# Source: zwjyyc/finch (a fork of zhedongzheng/finch) tensorflow-models/elastic_net_clf.py + elastic_net_clf_test.py (commit 5fd50f3; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the model module inlined above its test script; sklearn's make_classification and train_test_split and Keras' to_categorical as numpy stand-ins, the SVC comparison left out; tf.set_random_seed(1) added; 5000 samples -> 400, 100 epochs -> 30, printed every 10.
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)


class ElasticNetClassifier:
    def __init__(self, l1_ratio, n_in, n_out, sess):
        self.l1_ratio = l1_ratio
        self.n_in = n_in
        self.n_out = n_out
        self.sess = sess
        self.build_graph()

    def build_graph(self):
        self.add_input_layer()
        self.add_output_layer()
        self.add_backward_path()

    def add_input_layer(self):
        self.X = tf.placeholder(shape=(None, self.n_in), dtype=tf.float32)
        self.Y = tf.placeholder(shape=[None, self.n_out], dtype=tf.float32)
        self.W = tf.Variable(tf.random_normal([self.n_in, self.n_out]))
        self.b = tf.Variable(tf.constant(0.1, shape=[self.n_out]))

    def add_output_layer(self):
        self.pred = tf.nn.softmax(tf.nn.bias_add(tf.matmul(self.X, self.W), self.b))

    def add_backward_path(self):
        regr_loss = tf.reduce_mean(-tf.reduce_sum(self.Y * tf.log(self.pred), axis=1))
        l1_loss = tf.reduce_mean(tf.abs(self.W))
        l2_loss = tf.reduce_mean(tf.square(self.W))
        self.loss = regr_loss + self.l1_ratio * l1_loss + (1 - self.l1_ratio) * l2_loss
        self.acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(self.pred, 1), tf.argmax(self.Y, 1)), tf.float32))
        self.train_op = tf.train.GradientDescentOptimizer(0.05).minimize(self.loss)

    def fit(self, X, Y, val_data, n_epoch=30, batch_size=100):
        print("Train %d samples | Test %d samples" % (len(X), len(val_data[0])))
        self.sess.run(tf.global_variables_initializer())
        for epoch in range(n_epoch):
            for X_batch, Y_batch in zip(self.gen_batch(X, batch_size), self.gen_batch(Y, batch_size)):
                _, loss, acc = self.sess.run([self.train_op, self.loss, self.acc],
                                             feed_dict={self.X: X_batch, self.Y: Y_batch})
            val_loss_list, val_acc_list = [], []
            for X_test_batch, Y_test_batch in zip(self.gen_batch(val_data[0], batch_size),
                                                  self.gen_batch(val_data[1], batch_size)):
                v_loss, v_acc = self.sess.run([self.loss, self.acc],
                                              feed_dict={self.X: X_test_batch, self.Y: Y_test_batch})
                val_loss_list.append(v_loss)
                val_acc_list.append(v_acc)
            val_loss, val_acc = self.list_avg(val_loss_list), self.list_avg(val_acc_list)
            if epoch % 10 == 0:
                print("%d / %d: train_loss: %.4f train_acc: %.4f | test_loss: %.4f test_acc: %.4f"
                      % (epoch + 1, n_epoch, loss, acc, val_loss, val_acc))

    def predict(self, X_test, batch_size=100):
        batch_pred_list = []
        for X_test_batch in self.gen_batch(X_test, batch_size):
            batch_pred = self.sess.run(self.pred, feed_dict={self.X: X_test_batch})
            batch_pred_list.append(batch_pred)
        return np.concatenate(batch_pred_list)

    def gen_batch(self, arr, batch_size):
        for i in range(0, len(arr), batch_size):
            yield arr[i:i + batch_size]

    def list_avg(self, l):
        return sum(l) / len(l)


def make_classification(n_samples, n_features=20, random_state=0):  # stand-in for sklearn's
    rng = np.random.RandomState(random_state)
    X = rng.randn(n_samples, n_features)
    y = (X[:, :4].sum(axis=1) + 0.5 * rng.randn(n_samples) > 0).astype(int)
    return X, y


def train_test_split(X, y, test_size=0.3, random_state=0):  # stand-in for sklearn's
    order = np.random.RandomState(random_state).permutation(len(X))
    n_test = int(test_size * len(X))
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]


def to_one_hot(y):  # stand-in for Keras' to_categorical
    return np.eye(y.max() + 1)[y]


if __name__ == '__main__':
    X, y = make_classification(400)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3)
    Y_train = to_one_hot(y_train)
    Y_test = to_one_hot(y_test)

    sess = tf.Session()
    clf = ElasticNetClassifier(l1_ratio=0.15, n_in=X.shape[1], n_out=2, sess=sess)
    clf.fit(X_train, Y_train, n_epoch=30, val_data=(X_test, Y_test))
    Y_pred = clf.predict(X_test)
    final_acc = np.equal(np.argmax(Y_pred, 1), np.argmax(Y_test, 1)).astype(float).mean()
    print("final testing accuracy: %.4f" % final_acc)
