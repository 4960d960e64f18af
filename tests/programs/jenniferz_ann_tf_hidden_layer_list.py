# Source: Jenniferz28/Neural-Networks-Study ann_tf.py (commit 408302d; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the course data (util.getData) -> 600 synthetic samples of 3 classes (numpy seed 0), util's helpers and
# sklearn's shuffle written in the file; the 1000-sample validation split -> 100; layers [2000, 1000, 500] -> [16, 8];
# 20 epochs -> 3; matplotlib left out.
import numpy as np
import tensorflow as tf


def init_weight_and_bias(M1, M2):
    W = np.random.randn(M1, M2) / np.sqrt(M1 + M2)
    b = np.zeros(M2)
    return W.astype(np.float32), b.astype(np.float32)


def y2indicator(y):
    ind = np.zeros((len(y), 3))
    ind[np.arange(len(y)), y] = 1
    return ind


def error_rate(targets, predictions):
    return np.mean(targets != predictions)


def shuffle(X, Y):
    order = np.random.permutation(len(X))
    return X[order], Y[order]


class HiddenLayer(object):
    def __init__(self, M1, M2, an_id):
        self.id = an_id
        self.M1 = M1
        self.M2 = M2
        W, b = init_weight_and_bias(M1, M2)
        self.W = tf.Variable(W.astype(np.float32))
        self.b = tf.Variable(b.astype(np.float32))
        self.params = [self.W, self.b]

    def forward(self, X):
        return tf.nn.relu(tf.matmul(X, self.W) + self.b)


class ANN(object):
    def __init__(self, hidden_layer_sizes):
        self.hidden_layer_sizes = hidden_layer_sizes

    def fit(self, X, Y, learning_rate=1e-3, mu=0.9, decay=0.999, reg=1e-3, epochs=3, batch_sz=50):
        K = len(set(Y))
        X, Y = shuffle(X, Y)
        X = X.astype(np.float32)
        Y = y2indicator(Y).astype(np.float32)
        Xvalid, Yvalid = X[-100:], Y[-100:]
        Yvalid_flat = np.argmax(Yvalid, axis=1)
        X, Y = X[:-100], Y[:-100]

        N, D = X.shape
        self.hidden_layers = []
        M1 = D
        count = 0
        for M2 in self.hidden_layer_sizes:
            h = HiddenLayer(M1, M2, count)
            self.hidden_layers.append(h)
            M1 = M2
            count += 1
        W, b = init_weight_and_bias(M1, K)
        self.W = tf.Variable(W.astype(np.float32))
        self.b = tf.Variable(b.astype(np.float32))

        self.params = [self.W, self.b]
        for h in self.hidden_layers:
            self.params += h.params

        tfX = tf.placeholder(tf.float32, shape=(None, D), name='X')
        tfT = tf.placeholder(tf.float32, shape=(None, K), name='T')
        act = self.forward(tfX)

        rcost = reg * sum([tf.nn.l2_loss(p) for p in self.params])
        cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=act, labels=tfT)) + rcost
        prediction = self.predict(tfX)
        train_op = tf.train.RMSPropOptimizer(learning_rate, decay=decay, momentum=mu).minimize(cost)

        n_batches = int(N / batch_sz)
        costs = []
        init = tf.global_variables_initializer()
        with tf.Session() as session:
            session.run(init)
            for i in range(epochs):
                X, Y = shuffle(X, Y)
                for j in range(n_batches):
                    Xbatch = X[j * batch_sz:(j * batch_sz + batch_sz)]
                    Ybatch = Y[j * batch_sz:(j * batch_sz + batch_sz)]
                    session.run(train_op, feed_dict={tfX: Xbatch, tfT: Ybatch})
                    if j % 5 == 0:
                        c = session.run(cost, feed_dict={tfX: Xvalid, tfT: Yvalid})
                        costs.append(c)
                        p = session.run(prediction, feed_dict={tfX: Xvalid, tfT: Yvalid})
                        e = error_rate(Yvalid_flat, p)
                        print("i:", i, "j:", j, "nb:", n_batches, "cost:", c, "error rate:", e)

    def forward(self, X):
        Z = X
        for h in self.hidden_layers:
            Z = h.forward(Z)
        return tf.matmul(Z, self.W) + self.b

    def predict(self, X):
        act = self.forward(X)
        return tf.argmax(act, 1)


def getData():
    X = np.random.randn(600, 12)
    Y = (X[:, 0] > 0).astype(np.int64) + (X[:, 1] + X[:, 2] > 0.5).astype(np.int64)
    return X, Y


def main():
    np.random.seed(0)
    X, Y = getData()
    model = ANN([16, 8])
    model.fit(X, Y)


if __name__ == '__main__':
    main()
