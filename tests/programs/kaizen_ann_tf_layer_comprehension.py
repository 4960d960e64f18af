# Source: kaizen36/playground ann_tf.py (commit 0581465; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the facial-expression data -> 400 synthetic samples of 2 classes (numpy seed 0), util's helpers and
# sklearn's train_test_split written in the file (a seeded permutation); tf.set_random_seed(0) for the
# tf.random_normal weights; M=[1000, 500, 100] -> [12, 6]; 100 epochs -> 4, printed every 2; learning rate 5e-7 -> 1e-3.
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)


def y_indicator(y):
    ind = np.zeros((len(y), 2))
    ind[np.arange(len(y)), y.astype(np.int64)] = 1
    return ind


def classification_rate(P, Y):
    return np.mean(P == Y)


def train_test_split(X, Y, T, test_size=0.1):
    order = np.random.RandomState(42).permutation(len(X))
    n = int(len(X) * test_size)
    return X[order[n:]], X[order[:n]], Y[order[n:]], Y[order[:n]], T[order[n:]], T[order[:n]]


class HiddenLayer:
    def __init__(self, n, Min, Mout):
        self.n = n
        self.Min = Min
        self.Mout = Mout
        self.W, self.b = self._init_weights(Min, Mout)

    def _init_weights(self, Min, Mout):
        W = tf.Variable(tf.random_normal((Min, Mout)))
        b = tf.Variable(tf.zeros(Mout))
        return W, b

    def forward(self, X, activation='relu'):
        if activation == 'relu':
            return tf.nn.relu(tf.matmul(X, self.W) + self.b)
        elif activation == 'tanh':
            return tf.tanh(tf.matmul(X, self.W) + self.b)
        elif activation == 'sigmoid':
            return tf.sigmoid(tf.matmul(X, self.W) + self.b)


class ANN:
    def __init__(self):
        self.batch_counter = -1

    def _cost(self, T, Yish):
        return tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=T, logits=Yish))

    def _forward(self, X, layers, activation='relu'):
        Z = layers[0].forward(X, activation)
        for layer in layers[1:-1]:
            Z = layer.forward(Z, activation)
        return tf.matmul(Z, layers[-1].W) + layers[-1].b

    def _get_next_batch(self, i, X, T, Y, batch_size=100):
        start = i * batch_size
        end = (i + 1) * batch_size
        return X[start:end, ], T[start:end, ], Y[start:end]

    def fit(self, Xval, Yval, M=[100], activation='relu', epochs=4, learning_rate=1e-3, batch_size=None,
            print_freq=2):
        Tval = y_indicator(Yval).astype(np.float32)
        Yval = Yval.astype(np.float32)
        Xtrain, Xtest, Ytrain, Ytest, Ttrain, Ttest = train_test_split(Xval, Yval, Tval, test_size=0.1)

        N, D = Xtrain.shape
        _, K = Tval.shape
        print('N={}, D={}, K={}'.format(N, D, K))

        X = tf.placeholder(tf.float32, shape=(None, D))
        T = tf.placeholder(tf.float32, shape=(None, K))

        layer_sizes = [D] + M + [K]
        layers = [HiddenLayer(i, Min, Mout)
                  for i, (Min, Mout) in enumerate(zip(layer_sizes, layer_sizes[1:]))]
        Y = self._forward(X, layers, activation)

        cost = self._cost(T, Y)
        prediction = tf.argmax(Y, axis=1)

        train = tf.train.RMSPropOptimizer(learning_rate, decay=0.999, momentum=0.9).minimize(cost)

        results = []
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for n in range(epochs):
                if batch_size is not None:
                    n_batches = N // batch_size + 1
                    for i in range(n_batches):
                        Xbatch, Tbatch, Ybatch = self._get_next_batch(i, Xtrain, Ttrain, Ytrain, batch_size=batch_size)
                        session.run(train, feed_dict={X: Xbatch, T: Tbatch})

                    if n % print_freq == 0:
                        cost_train = session.run(cost, feed_dict={X: Xbatch, T: Tbatch})
                        cost_test = session.run(cost, feed_dict={X: Xtest, T: Ttest})
                        pred_train = session.run(prediction, feed_dict={X: Xbatch, T: Tbatch})
                        pred_test = session.run(prediction, feed_dict={X: Xtest, T: Ttest})
                        rate_train = classification_rate(pred_train, Ybatch)
                        rate_test = classification_rate(pred_test, Ytest)
                        print(n, cost_train, cost_test, rate_train, rate_test)
                        results.append((cost_train, cost_test, rate_train, rate_test))
        return results


def get_data():
    rng = np.random.RandomState(0)
    X = rng.randn(400, 10).astype(np.float32)
    Y = (X[:, 0] + X[:, 3] > 0).astype(np.int64)
    return X, Y


def main():
    print('Get data')
    X, Y = get_data()
    model = ANN()
    print('Fit')
    results = model.fit(X, Y, activation='tanh', M=[12, 6], batch_size=50, learning_rate=1e-3)
    print('results:', len(results))


if __name__ == '__main__':
    main()
