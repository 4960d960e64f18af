# Source: zwjyyc/finch (a fork of zhedongzheng/finch) tensorflow-models/linear_model/linear_regr.py + linear_regr_test.py (commit 6e9c313; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the model module inlined above its test, the test's `from linear_regr import LinearRegression as LR` as `LR = LinearRegression` followed by a numpy stand-in for sklearn's LinearRegression under the same name; sklearn's make_regression, train_test_split and r2_score as numpy stand-ins; the batch generator method inlined into fit() as slices; tf.set_random_seed(1) added; 1000 samples -> 200, 100 epochs -> 20, printed every 5.
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)


class LinearRegression:
    def __init__(self, n_in, l1_ratio=0.15, sess=tf.Session()):
        self.n_in = n_in
        self.l1_ratio = l1_ratio
        self.sess = sess
        self.build_graph()

    def build_graph(self):
        self.X = tf.placeholder(tf.float32, [None, self.n_in])
        self.Y = tf.placeholder(tf.float32, [None, 1])
        self.W = tf.Variable(tf.truncated_normal([self.n_in, 1], stddev=0.1))
        self.b = tf.Variable(tf.constant(0.1, shape=[1]))
        self.pred = tf.matmul(self.X, self.W) + self.b
        mse = tf.reduce_mean(tf.square(self.pred - self.Y))
        l1 = self.l1_ratio * tf.reduce_sum(tf.abs(self.W))
        l2 = (1 - self.l1_ratio) * tf.reduce_sum(tf.square(self.W))
        self.loss = mse + 0.01 * (l1 + l2)
        self.train_op = tf.train.AdamOptimizer(0.5).minimize(self.loss)

    def fit(self, X, Y, val_data, n_epoch=20, batch_size=25):
        self.sess.run(tf.global_variables_initializer())
        for epoch in range(n_epoch):
            for i in range(0, len(X), batch_size):
                _, loss = self.sess.run([self.train_op, self.loss],
                                        {self.X: X[i:i + batch_size], self.Y: Y[i:i + batch_size]})
            val_loss = self.sess.run(self.loss, {self.X: val_data[0], self.Y: val_data[1]})
            if epoch % 5 == 0:
                print("Epoch %d | train loss: %.4f | test loss: %.4f" % (epoch, loss, val_loss))

    def predict(self, X_test):
        return self.sess.run(self.pred, {self.X: X_test})


def make_regression(n_samples, n_features=10, n_informative=4, random_state=0):  # stand-in for sklearn's
    rng = np.random.RandomState(random_state)
    X = rng.randn(n_samples, n_features)
    coef = np.zeros(n_features)
    coef[:n_informative] = 3 * rng.rand(n_informative)
    return X, X.dot(coef)


def r2_score(y_true, y_pred):  # stand-in for sklearn's
    return 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - np.mean(y_true)) ** 2)


LR = LinearRegression


class LinearRegression:  # stand-in for sklearn's, which the test's second import bound to this name
    def fit(self, X, y):
        A = np.hstack([X, np.ones((len(X), 1))])
        self.coef_ = np.linalg.lstsq(A, y, rcond=None)[0]
        return self

    def predict(self, X):
        return np.hstack([X, np.ones((len(X), 1))]).dot(self.coef_)


if __name__ == '__main__':
    X, y = make_regression(200)
    X_train, X_test, y_train, y_test = X[:100], X[100:], y[:100], y[100:]
    regr = LR(X.shape[1])
    regr.fit(X_train, y_train.reshape(-1, 1), val_data=(X_test, y_test.reshape(-1, 1)))
    y_pred = regr.predict(X_test).ravel()
    print("tensorflow linear regression r2: %.4f" % r2_score(y_test, y_pred))
    y_pred = LinearRegression().fit(X_train, y_train).predict(X_test)
    print("sklearn-style least squares r2: %.4f" % r2_score(y_test, y_pred))
