"""TF1 checkpointing programs, migrated by every rule, run for real on TensorFlow 2.21.

Each program takes a checkpoint directory and an output ``.npz`` path. The original runs under the official
compatibility baseline (``tensorflow.compat.v1`` + ``disable_v2_behavior``) and writes a checkpoint; the
tfmigrate output then runs unmodified in the same directory, must exit 0, restore that old checkpoint and end
with the same variable values. Where TFM201 produced TF2 checkpointing, the migrated program also writes its own
checkpoint in a fresh directory, reads it back on a second run, and ``tf.train.list_variables`` shows the
object-based keys; the original program, still on the baseline, then reads that TF2 checkpoint too. The programs
run two at a time, in reused interpreters of their flavour (tests/interpreters.py).
"""

from __future__ import annotations

import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from interpreters import run_python

from tfmigrate import Options, Status, migrate_source

BASELINE = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"


@dataclass(frozen=True)
class Program:
    source: str
    converted: bool  # TFM201/TFM202 produced TF2 checkpointing (else: graph-mode fallback)
    keys: tuple[str, ...] = ()  # keys the migrated program's own checkpoint must hold
    checkpoint: str = ""  # checkpoint prefix (relative to the directory) whose keys are listed
    env: dict[str, str] = field(default_factory=dict)
    writer: str = ""  # a TF1 program run first (under the baseline) to write the checkpoint the others read
    options: Options = Options()
    exports: bool = False  # writes a SavedModel to OUT + ".export": its serving_default outputs are compared


PROGRAMS = {
    "explicit_var_list": Program(
        """
        import os
        import sys

        import numpy as np
        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        w = tf.Variable(tf.random_normal([2, 3]), name="weights")
        with tf.variable_scope("layer"):
            b = tf.get_variable("bias", initializer=tf.random_uniform([3]))
        unsaved = tf.Variable(7.0, name="unsaved")
        saver = tf.train.Saver([w, b])
        path = os.path.join(CKPT_DIR, "model.ckpt")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            if os.path.exists(path + ".index"):
                saver.restore(sess, path)
            else:
                saver.save(sess, path)
            np.savez(OUT, *sess.run([w, b]))
        """,
        converted=True,
        keys=("w/.ATTRIBUTES/VARIABLE_VALUE", "b/.ATTRIBUTES/VARIABLE_VALUE"),
        checkpoint="model.ckpt",
    ),
    "dict_var_list": Program(
        """
        import os
        import sys

        import numpy as np
        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        kernel = tf.Variable(tf.random_normal([4]), name="kernel")
        bias = tf.Variable(tf.random_normal([1]), name="bias")
        saver = tf.train.Saver({"kernel": kernel, "bias": bias})
        init = tf.global_variables_initializer()
        sess = tf.Session()
        ckpt = tf.train.get_checkpoint_state(CKPT_DIR)
        if ckpt and ckpt.model_checkpoint_path:
            saver.restore(sess, ckpt.model_checkpoint_path)
        else:
            sess.run(init)
            saver.save(sess, CKPT_DIR + "/model", global_step=1)
        np.savez(OUT, kernel.eval(session=sess), bias.eval(session=sess))
        sess.close()
        """,
        converted=True,
        keys=("kernel/.ATTRIBUTES/VARIABLE_VALUE", "bias/.ATTRIBUTES/VARIABLE_VALUE"),
        checkpoint="model-1",
    ),
    "max_to_keep_global_step": Program(
        """
        import glob
        import os
        import sys

        import numpy as np
        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        w = tf.Variable(tf.random_normal([3, 3]), name="w")
        saver = tf.train.Saver(var_list=[w], max_to_keep=2)
        with tf.Session() as sess:
            latest = tf.train.latest_checkpoint(CKPT_DIR)
            if latest:
                saver.restore(sess, latest)
                start = int(latest.rsplit("-", 1)[1]) + 1
            else:
                sess.run(tf.global_variables_initializer())
                start = 0
            for step in range(start, start + 4):
                saver.save(sess, os.path.join(CKPT_DIR, "model.ckpt"), global_step=step, write_meta_graph=False)
            kept = tf.train.get_checkpoint_state(CKPT_DIR).all_model_checkpoint_paths
            assert [os.path.basename(p) for p in kept] == ["model.ckpt-%d" % (start + 2), "model.ckpt-%d" % (start + 3)]
            assert not glob.glob(os.path.join(CKPT_DIR, "model.ckpt-%d.*" % start))
            np.savez(OUT, sess.run(w))
        """,
        converted=True,
        keys=("w/.ATTRIBUTES/VARIABLE_VALUE",),  # NumberedSaves writes with Checkpoint.write: no save_counter
        checkpoint="model.ckpt-7",  # the second run resumes from step 3 and saves 4..7
    ),
    "latest_checkpoint_resume": Program(
        """
        import os
        import sys

        import numpy as np
        import tensorflow as tf


        def main(ckpt_dir, out):
            with tf.Graph().as_default():
                emb = tf.get_variable("embedding", shape=[5, 2], initializer=tf.random_normal_initializer())
                scale = tf.Variable(tf.random_uniform([]), name="scale")
                saver = tf.train.Saver()
                with tf.Session() as sess:
                    sess.run(tf.global_variables_initializer())
                    latest = tf.train.latest_checkpoint(ckpt_dir)
                    if latest is not None:
                        saver.restore(sess, latest)
                    saver.save(sess, os.path.join(ckpt_dir, "resume"), global_step=10)
                    np.savez(out, emb.eval(), scale.eval())


        if __name__ == "__main__":
            main(sys.argv[1], sys.argv[2])
        """,
        converted=True,
        keys=("emb/.ATTRIBUTES/VARIABLE_VALUE", "scale/.ATTRIBUTES/VARIABLE_VALUE"),
        checkpoint="resume-10",
    ),
    "restore_only_inference": Program(
        """
        import sys

        import numpy as np
        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        w = tf.Variable(tf.zeros([2, 2]), name="dense/w")
        b = tf.Variable(tf.zeros([2]), name="dense/b")
        saver = tf.train.Saver({"dense/w": w, "dense/b": b})
        with tf.Session() as sess:
            saver.restore(sess, tf.train.latest_checkpoint(CKPT_DIR))
            np.savez(OUT, sess.run(w), sess.run(b))
        """,
        converted=True,
        writer="""
        import os
        import sys

        import tensorflow as tf

        w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="dense/w")
        b = tf.Variable([5.0, 6.0], name="dense/b")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, os.path.join(sys.argv[1], "export"))
        """,
    ),
    "keras_model_via_saver": Program(
        """
        import os
        import sys

        import numpy as np
        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        model = tf.keras.Sequential([
            tf.keras.layers.Dense(3, activation="relu", input_shape=(4,)),
            tf.keras.layers.Dense(1),
        ])
        saver = tf.train.Saver(model.weights)
        path = os.path.join(CKPT_DIR, "keras.ckpt")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            if os.path.exists(path + ".index"):
                saver.restore(sess, path)
            else:
                saver.save(sess, path)
            np.savez(OUT, *sess.run(model.weights))
        """,
        converted=True,
        keys=("model/layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE",),
        checkpoint="keras.ckpt",
        # TF1 Keras names survive only in tf_keras (Keras 2); the Keras 3 default is reported, not converted.
        env={"TF_USE_LEGACY_KERAS": "1"},
        options=Options(keras="tf-keras"),
    ),
    "simple_save_export": Program(
        """
        import sys

        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        x = tf.placeholder(tf.float32, [None, 2], name="features")
        w = tf.Variable(tf.random_normal([2, 3], seed=1), name="w")
        b = tf.Variable(tf.constant([0.5, -0.5, 1.0]), name="b")
        logits = tf.matmul(x, w) + b
        probabilities = tf.nn.softmax(logits)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.saved_model.simple_save(
                sess, OUT + ".export", inputs={"features": x}, outputs={"logits": logits, "probs": probabilities}
            )
        """,
        converted=True,
        exports=True,
    ),
    "restore_then_simple_save": Program(
        """
        import sys

        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        x = tf.placeholder(tf.float32, [None, 2], name="features")
        w = tf.Variable(tf.zeros([2, 3]), name="w")
        b = tf.Variable(tf.zeros([3]), name="b")
        logits = tf.matmul(x, w) + b
        saver = tf.train.Saver([w, b])
        with tf.Session() as sess:
            saver.restore(sess, tf.train.latest_checkpoint(CKPT_DIR))
            tf.saved_model.simple_save(sess, OUT + ".export", {"features": x}, {"logits": logits})
        """,
        converted=True,
        exports=True,
        writer="""
        import os
        import sys

        import tensorflow as tf

        w = tf.Variable(tf.random_normal([2, 3]), name="w")
        b = tf.Variable(tf.random_normal([3]), name="b")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, os.path.join(sys.argv[1], "trained"), global_step=100)
        """,
    ),
    "feed_dict_training": Program(
        """
        import os
        import sys

        import numpy as np
        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        y = tf.placeholder(tf.float32, [None, 1], name="y")
        w = tf.Variable(tf.zeros([2, 1]), name="w")
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        saver = tf.train.Saver()
        data_x = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
        data_y = np.array([[1.0], [2.0]], dtype=np.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            latest = tf.train.latest_checkpoint(CKPT_DIR)
            if latest:
                saver.restore(sess, latest)
            else:
                for step in range(20):
                    sess.run(train_op, feed_dict={x: data_x, y: data_y})
                    if step % 10 == 9:
                        saver.save(sess, os.path.join(CKPT_DIR, "train"), global_step=step)
            np.savez(OUT, sess.run(w))
        """,
        converted=True,
        keys=("w/.ATTRIBUTES/VARIABLE_VALUE",),
        checkpoint="train-19",
    ),
    "adam_training_resume": Program(
        """
        import os
        import sys

        import numpy as np
        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        y = tf.placeholder(tf.float32, [None, 1], name="y")
        w = tf.Variable(tf.zeros([2, 1]), name="w")
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        train_op = tf.train.AdamOptimizer(0.1).minimize(loss)
        saver = tf.train.Saver()
        data_x = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
        data_y = np.array([[1.0], [2.0]], dtype=np.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            latest = tf.train.latest_checkpoint(CKPT_DIR)
            if latest:
                saver.restore(sess, latest)
            else:
                for step in range(5):
                    sess.run(train_op, feed_dict={x: data_x, y: data_y})
                saver.save(sess, os.path.join(CKPT_DIR, "train"), global_step=5)
            np.savez(OUT, sess.run(w))
        """,
        converted=True,  # the Adam slots are read into the Keras optimizer by a generated restore function
    ),
    "gan_class_builders_reused": Program(  # gan35: the GAN collection's discriminator(x, is_training, reuse)
        """
        import os
        import sys

        import numpy as np
        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        tf.set_random_seed(5)
        np.random.seed(5)


        def fully_connected(x, n_out, name, stddev=0.1):
            with tf.variable_scope(name):
                n_in = x.get_shape().as_list()[1]
                w = tf.get_variable("weights", [n_in, n_out], initializer=tf.random_normal_initializer(stddev=stddev))
                b = tf.get_variable("biases", [n_out], initializer=tf.zeros_initializer())
                return tf.matmul(x, w) + b


        class MLPGAN(object):
            def __init__(self, batch_size, z_dim, x_dim):
                self.batch_size, self.z_dim, self.x_dim = batch_size, z_dim, x_dim

            def discriminator(self, x, is_training=True, reuse=False):
                with tf.variable_scope("discriminator", reuse=reuse):
                    h = tf.nn.leaky_relu(fully_connected(x, 8, "d_fc1"))
                    logit = fully_connected(h, 1, "d_fc2")
                    return tf.nn.sigmoid(logit), logit, h

            def generator(self, z, is_training=True, reuse=False):
                with tf.variable_scope("generator", reuse=reuse):
                    h = tf.nn.relu(fully_connected(z, 8, "g_fc1"))
                    return tf.nn.sigmoid(fully_connected(h, self.x_dim, "g_fc2"))

            def build_model(self):
                self.x = tf.placeholder(tf.float32, [self.batch_size, self.x_dim])
                self.z = tf.placeholder(tf.float32, [self.batch_size, self.z_dim])
                D_real, D_real_logits, _ = self.discriminator(self.x, is_training=True, reuse=False)
                G = self.generator(self.z, is_training=True, reuse=False)
                D_fake, D_fake_logits, _ = self.discriminator(G, is_training=True, reuse=True)
                ce = tf.nn.sigmoid_cross_entropy_with_logits
                self.d_loss = tf.reduce_mean(ce(logits=D_real_logits, labels=tf.ones_like(D_real))) + tf.reduce_mean(
                    ce(logits=D_fake_logits, labels=tf.zeros_like(D_fake))
                )
                self.g_loss = tf.reduce_mean(ce(logits=D_fake_logits, labels=tf.ones_like(D_fake)))
                t_vars = tf.trainable_variables()
                d_vars = [var for var in t_vars if "d_" in var.name]
                g_vars = [var for var in t_vars if "g_" in var.name]
                self.d_optim = tf.train.GradientDescentOptimizer(0.5).minimize(self.d_loss, var_list=d_vars)
                self.g_optim = tf.train.GradientDescentOptimizer(0.5).minimize(self.g_loss, var_list=g_vars)
                self.fake_images = self.generator(self.z, is_training=False, reuse=True)


        gan = MLPGAN(4, 3, 6)
        gan.build_model()
        data = np.random.rand(4, 6).astype(np.float32)
        sample_z = np.random.uniform(-1, 1, [4, 3]).astype(np.float32)
        saver = tf.train.Saver()
        path = os.path.join(CKPT_DIR, "gan.ckpt")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            if os.path.exists(path + ".index"):
                saver.restore(sess, path)
            else:
                for step in range(3):
                    batch_z = np.random.uniform(-1, 1, [4, 3]).astype(np.float32)
                    sess.run(gan.d_optim, feed_dict={gan.x: data, gan.z: batch_z})
                    sess.run(gan.g_optim, feed_dict={gan.z: batch_z})
                saver.save(sess, path)
            d_loss = sess.run(gan.d_loss, feed_dict={gan.x: data, gan.z: sample_z})
            print("samples", sess.run(gan.fake_images, feed_dict={gan.z: sample_z}).ravel()[:4])
            np.savez(OUT, d_loss, sess.run(gan.g_loss, feed_dict={gan.z: sample_z}))  # samples: TF1 1 ulp off
        """,
        converted=True,
        keys=("D_real_h_w/.ATTRIBUTES/VARIABLE_VALUE", "G_h_b/.ATTRIBUTES/VARIABLE_VALUE"),
        checkpoint="gan.ckpt",
    ),
    "dense_factories_loop": Program(  # scopes36: one name for both factories (TF1: weight, weight_1, ...), a loop
        """
        import os
        import sys

        import numpy as np
        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        tf.set_random_seed(3)


        def init_weight(shape, stddev=0.05, name="weight"):
            return tf.Variable(tf.truncated_normal(shape, stddev=stddev), name=name)


        def init_bias(shape, bias=0.05, name="weight"):
            return tf.Variable(tf.constant(bias, shape=shape), name=name)


        def dense_layer(x, in_shape, out_shape, activation=tf.nn.relu):
            weights = init_weight([in_shape, out_shape])
            bias = init_bias([out_shape])
            return activation(tf.add(tf.matmul(x, weights), bias))


        x = tf.placeholder(tf.float32, [None, 3])
        y = tf.placeholder(tf.float32, [None, 1])
        hidden = x
        for width in [5, 4]:
            hidden = dense_layer(hidden, int(hidden.get_shape()[1]), width)
        prediction = dense_layer(hidden, 4, 1, activation=tf.identity)
        cost = tf.reduce_mean(tf.square(prediction - y))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
        data = np.random.RandomState(1).rand(8, 3).astype(np.float32)
        target = data.sum(axis=1, keepdims=True)
        saver = tf.train.Saver()
        path = os.path.join(CKPT_DIR, "dense.ckpt")
        with tf.Session() as sess:
            if os.path.exists(path + ".index"):
                saver.restore(sess, path)
            else:
                sess.run(tf.global_variables_initializer())
                for step in range(6):
                    sess.run(train, feed_dict={x: data, y: target})
                saver.save(sess, path)
            np.savez(OUT, sess.run(cost, {x: data, y: target}), sess.run(prediction, {x: data[:2]}))
        """,
        converted=True,
        keys=("prediction_weights/.ATTRIBUTES/VARIABLE_VALUE", "hidden_1_bias/.ATTRIBUTES/VARIABLE_VALUE"),
        checkpoint="dense.ckpt",
    ),
    "dcgan_ops_release_fallbacks": Program(  # dcgan36: DCGAN's ops.py helpers (2-space copies) in a class's builders
        """
        import os
        import sys

        import numpy as np
        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        tf.set_random_seed(7)
        np.random.seed(7)

        def conv2d(input_, output_dim, k_h=3, k_w=3, d_h=2, d_w=2, stddev=0.02, name="conv2d"):
          with tf.variable_scope(name):
            w = tf.get_variable('W', [k_h, k_w, input_.get_shape()[-1], output_dim],
                                initializer=tf.truncated_normal_initializer(stddev=stddev))
            conv = tf.nn.conv2d(input_, w, strides=[1, d_h, d_w, 1], padding='SAME')
            biases = tf.get_variable('b', [output_dim], initializer=tf.constant_initializer(0.01))
            return tf.reshape(tf.nn.bias_add(conv, biases), conv.get_shape())


        def conv2d_transposed(input_, output_shape, k_h=3, k_w=3, stride_h=2, stride_w=2, stddev=0.02,
                              name="deconv2d", with_w=False):
          with tf.variable_scope(name):
            w = tf.get_variable('W', [k_h, k_w, output_shape[-1], input_.get_shape()[-1]],
                                initializer=tf.random_normal_initializer(stddev=stddev))
            try:
              deconv = tf.nn.conv2d_transpose(input_, w, output_shape=output_shape,
                                              strides=[1, stride_h, stride_w, 1], data_format='NHWC')
            # Support for versions of TensorFlow before 0.7.0
            except AttributeError:
              deconv = tf.nn.deconv2d(input_, w, output_shape=output_shape, strides=[1, stride_h, stride_w, 1])
            biases = tf.get_variable('b', [output_shape[-1]], initializer=tf.constant_initializer(0.01))
            deconv = tf.reshape(tf.nn.bias_add(deconv, biases), deconv.get_shape())
            if with_w:
              return deconv, w, biases
            else:
              return deconv


        def linear_layer(x, output_size, scope=None, stddev=0.02, bias_start=0.0, with_w=False):
          shape = x.get_shape().as_list()
          with tf.variable_scope(scope or "linear"):
            W = tf.get_variable("W", [shape[1], output_size], tf.float32, tf.random_normal_initializer(stddev=stddev))
            b = tf.get_variable("b", [output_size], initializer=tf.constant_initializer(bias_start))
            if with_w:
              return tf.matmul(x, W) + b, W, b
            else:
              return tf.matmul(x, W) + b


        def lrelu(x, name="lrelu"):
          return tf.maximum(x, x * 0.2, name=name)


        class ConditionalDCGAN(object):
          def __init__(self, batch_size, z_dim, y_dim):
            self.batch_size = batch_size
            self.z_dim = z_dim
            self.y_dim = y_dim

          def discriminator(self, image, is_training=True, reuse=False):
            with tf.variable_scope("discriminator", reuse=reuse):
              h0 = lrelu(conv2d(image, 3, name="d_h0_conv"))
              h1 = lrelu(conv2d(h0, 6, name="d_h1_conv"))
              h2 = linear_layer(tf.reshape(h1, [self.batch_size, -1]), 1, "d_h2_lin")
              return tf.nn.sigmoid(h2), h2, h1

          def generator(self, z, y, is_training=True, reuse=False):
            with tf.variable_scope("generator", reuse=reuse):
              zy = tf.concat([z, y], 1)
              z_, h0_w, h0_b = linear_layer(zy, 2 * 2 * 6, "g_h0_lin", with_w=True)
              h0 = tf.nn.relu(tf.reshape(z_, [self.batch_size, 2, 2, 6]))
              h1 = tf.nn.relu(conv2d_transposed(h0, [self.batch_size, 4, 4, 3], name="g_h1"))
              h2, h2_w, h2_b = conv2d_transposed(h1, [self.batch_size, 8, 8, 1], name="g_h2", with_w=True)
              return tf.nn.tanh(h2)

          def build_model(self):
            self.images = tf.placeholder(tf.float32, [self.batch_size, 8, 8, 1], name="real_images")
            self.y = tf.placeholder(tf.float32, [self.batch_size, self.y_dim], name="y")
            self.z = tf.placeholder(tf.float32, [self.batch_size, self.z_dim], name="z")
            D, D_logits, _ = self.discriminator(self.images, is_training=True, reuse=False)
            self.G = self.generator(self.z, self.y, is_training=True, reuse=False)
            D_, D_logits_, _ = self.discriminator(self.G, is_training=True, reuse=True)
            self.d_loss_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logits, labels=tf.ones_like(D)))
            self.d_loss_fake = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logits_, labels=tf.zeros_like(D_)))
            self.d_loss = self.d_loss_real + self.d_loss_fake
            self.g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logits_, labels=tf.ones_like(D_)))
            t_vars = tf.trainable_variables()
            self.d_vars = [var for var in t_vars if 'd_' in var.name]
            self.g_vars = [var for var in t_vars if 'g_' in var.name]
            self.d_optim = tf.train.GradientDescentOptimizer(0.3).minimize(self.d_loss, var_list=self.d_vars)
            self.g_optim = tf.train.GradientDescentOptimizer(0.3).minimize(self.g_loss, var_list=self.g_vars)
            self.sampler = self.generator(self.z, self.y, is_training=False, reuse=True)


        dcgan = ConditionalDCGAN(batch_size=4, z_dim=3, y_dim=2)
        dcgan.build_model()
        batch_images = np.random.uniform(-1, 1, [4, 8, 8, 1]).astype(np.float32)
        batch_labels = np.eye(2)[[1, 0, 0, 1]].astype(np.float32)
        sample_z = np.random.uniform(-1, 1, size=(4, 3)).astype(np.float32)
        saver = tf.train.Saver()
        checkpoint_path = os.path.join(CKPT_DIR, "DCGAN.model")
        with tf.Session() as sess:
          tf.global_variables_initializer().run()
          if os.path.exists(checkpoint_path + ".index"):
            saver.restore(sess, checkpoint_path)
          else:
            for counter in range(3):
              batch_z = np.random.uniform(-1, 1, [4, 3]).astype(np.float32)
              sess.run(dcgan.d_optim, feed_dict={dcgan.images: batch_images, dcgan.z: batch_z, dcgan.y: batch_labels})
              sess.run(dcgan.g_optim, feed_dict={dcgan.z: batch_z, dcgan.y: batch_labels})
            saver.save(sess, checkpoint_path)
          errD = sess.run(dcgan.d_loss, feed_dict={dcgan.images: batch_images, dcgan.z: sample_z, dcgan.y: batch_labels})
          errG = sess.run(dcgan.g_loss, feed_dict={dcgan.z: sample_z, dcgan.y: batch_labels})
          samples = sess.run(dcgan.sampler, feed_dict={dcgan.z: sample_z, dcgan.y: batch_labels})
          print("d_loss: %.8f, g_loss: %.8f" % (errD, errG))
          np.savez(OUT, errD, errG, samples)
        """,
        # each `tf.reshape(..., deconv.get_shape())` and lrelu's `max(x, 0.2 * x)` read a value twice: 4004 calls per
        # step for 68 values written one function per value (round 36, graph tier); with the shared values bound
        # (bound_values.py) each loss computes every layer once
        converted=True,
        keys=("D_h0_w/.ATTRIBUTES/VARIABLE_VALUE", "D_h2_W/.ATTRIBUTES/VARIABLE_VALUE"),
        checkpoint="DCGAN.model",
    ),
    "helper_layers_numbered_by_tf1": Program(
        # MorvanZhou/tutorials' add_layer (unnamed variables) and its tensorboard variant (tf.name_scope("layer")),
        # each called twice: TF1 numbered the second call's names (Variable_2, layer_1/W), which the creation
        # functions are passed so that both checkpoints restore by name (helper_names.py).
        """
        import os
        import sys

        import numpy as np
        import tensorflow as tf

        CKPT_DIR, OUT = sys.argv[1], sys.argv[2]
        tf.set_random_seed(4)


        def add_layer(inputs, in_size, out_size, activation_function=None):
            Weights = tf.Variable(tf.random_normal([in_size, out_size]))
            biases = tf.Variable(tf.zeros([1, out_size]) + 0.1)
            Wx_plus_b = tf.matmul(inputs, Weights) + biases
            if activation_function is None:
                return Wx_plus_b
            return activation_function(Wx_plus_b)


        def named_layer(inputs, in_size, out_size, activation_function=None):
            with tf.name_scope("layer"):
                Weights = tf.Variable(tf.random_normal([in_size, out_size]), name="W")
                biases = tf.Variable(tf.zeros([1, out_size]) + 0.1, name="b")
            Wx_plus_b = tf.matmul(inputs, Weights) + biases
            if activation_function is None:
                return Wx_plus_b
            return activation_function(Wx_plus_b)


        xs = tf.placeholder(tf.float32, [None, 2])
        ys = tf.placeholder(tf.float32, [None, 1])
        l1 = add_layer(xs, 2, 4, activation_function=tf.nn.relu)
        l2 = add_layer(l1, 4, 3, activation_function=tf.nn.relu)
        l3 = named_layer(l2, 3, 3, activation_function=tf.nn.relu)
        prediction = named_layer(l3, 3, 1)
        loss = tf.reduce_mean(tf.reduce_sum(tf.square(ys - prediction), axis=[1]))
        train_step = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        saver = tf.train.Saver()
        x_data = np.linspace(-1, 1, 8, dtype=np.float32).reshape(4, 2)
        y_data = np.square(x_data[:, :1]) - 0.5
        path = os.path.join(CKPT_DIR, "layers.ckpt")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        if not os.path.exists(path + ".index"):
            for i in range(20):
                sess.run(train_step, feed_dict={xs: x_data, ys: y_data})
            saver.save(sess, path)
        saver.restore(sess, path)
        print(sess.run(loss, feed_dict={xs: x_data, ys: y_data}))
        np.savez(OUT, sess.run(loss, feed_dict={xs: x_data, ys: y_data}), sess.run(prediction, feed_dict={xs: x_data}))
        """,
        converted=True,
        keys=("l1_Weights/.ATTRIBUTES/VARIABLE_VALUE", "prediction_Weights/.ATTRIBUTES/VARIABLE_VALUE"),
        checkpoint="layers.ckpt",
    ),
}


def _program(name: str) -> str:
    return textwrap.dedent(PROGRAMS[name].source).lstrip()


def _baseline(source: str) -> str:
    assert "import tensorflow as tf\n" in source
    return source.replace("import tensorflow as tf\n", BASELINE, 1)


def _run(script: Path, ckpt_dir: Path, out: Path, env: dict[str, str]) -> None:
    """``python script ckpt_dir out`` with ``env``, in a reused interpreter of the script's flavour."""
    done = run_python(script.read_text(), argv=(ckpt_dir, out), cwd=script.parent, env=env, file=script)
    assert done.returncode == 0, f"{script.name} failed:\n{done.stderr[-3000:]}"


LIST_KEYS = "import sys, tensorflow as tf; print('\\n'.join(k for k, _ in tf.train.list_variables(sys.argv[1])))"
SERVE = """
import sys
import numpy as np
import tensorflow as tf
loaded = tf.saved_model.load(sys.argv[1] + ".export")
serve = loaded.signatures["serving_default"]
outputs = serve(features=tf.constant([[1.0, 2.0], [-3.0, 0.5]]))
np.savez(sys.argv[1], *[outputs[key].numpy() for key in sorted(outputs)])
"""


def _serve(out: Path) -> None:
    """Load the SavedModel a program exported next to ``out`` with TF2 and store its serving outputs in ``out``."""
    done = run_python(SERVE, argv=(out,), cwd=out.parent)
    assert done.returncode == 0, done.stderr[-3000:]


def _values(path: Path) -> list[np.ndarray]:
    with np.load(path) as data:
        return [data[key] for key in sorted(data.files)]


def _pipeline(name: str, root: Path) -> dict:
    """Run one program end to end; return what the assertions look at."""
    program = PROGRAMS[name]
    work = root / name
    work.mkdir()
    source = _program(name)
    result = migrate_source(source, program.options, f"{name}.py")
    assert result.status is not Status.FAILED, result.error
    original, migrated = work / "original.py", work / "migrated.py"
    original.write_text(_baseline(source))
    migrated.write_text(result.migrated or "")
    old = work / "old_ckpt"
    old.mkdir()
    if program.writer:
        writer = work / "writer.py"
        writer.write_text(_baseline(textwrap.dedent(program.writer).lstrip()))
        _run(writer, old, work / "unused.npz", program.env)
    _run(original, old, work / "original.npz", program.env)
    _run(migrated, old, work / "migrated.npz", program.env)
    if program.exports:
        _serve(work / "original.npz")
        _serve(work / "migrated.npz")
    report = {"result": result, "original": _values(work / "original.npz"), "migrated": _values(work / "migrated.npz")}
    if program.keys:
        new = work / "new_ckpt"
        new.mkdir()
        _run(migrated, new, work / "first.npz", program.env)
        _run(migrated, new, work / "second.npz", program.env)
        report["first"], report["second"] = _values(work / "first.npz"), _values(work / "second.npz")
        listing = run_python(LIST_KEYS, argv=(new / program.checkpoint,), cwd=work)
        assert listing.returncode == 0, listing.stderr[-3000:]
        report["keys"] = set(listing.stdout.split())
        _run(original, new, work / "backwards.npz", program.env)  # may overwrite: keys are listed first
        report["backwards"] = _values(work / "backwards.npz")
    return report


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("programs")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(_pipeline, name, root) for name in PROGRAMS}
    return {name: future for name, future in futures.items()}


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_migrated_program_restores_the_old_checkpoint(runs, name: str) -> None:
    report = runs[name].result()
    assert len(report["original"]) == len(report["migrated"]) > 0
    for before, after in zip(report["original"], report["migrated"]):
        np.testing.assert_allclose(after, before)


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_migration_takes_the_expected_path(runs, name: str) -> None:
    report = runs[name].result()
    migrated = report["result"].migrated
    if PROGRAMS[name].converted:
        assert "Session" not in migrated and "Saver" not in migrated
        assert "tf.train.Checkpoint(" in migrated
    else:
        assert "tf.compat.v1.train.Saver(" in migrated
        assert any(f.code == "TFM201" for f in report["result"].followups)


@pytest.mark.parametrize("name", [n for n, p in PROGRAMS.items() if p.keys])
def test_migrated_program_reads_its_own_tf2_checkpoint(runs, name: str) -> None:
    report = runs[name].result()
    assert set(PROGRAMS[name].keys) <= report["keys"]
    assert "_CHECKPOINTABLE_OBJECT_GRAPH" in report["keys"]
    for first, second in zip(report["first"], report["second"]):
        np.testing.assert_allclose(second, first)


@pytest.mark.parametrize("name", [n for n, p in PROGRAMS.items() if p.keys])
def test_original_program_still_reads_the_migrated_checkpoint(runs, name: str) -> None:
    """A tf.compat.v1 Saver elsewhere (an eval script left in graph mode) restores the TF2 checkpoint by name."""
    report = runs[name].result()
    for written, read in zip(report["second"], report["backwards"]):
        np.testing.assert_allclose(read, written)


def test_annotate_marks_savers_left_in_graph_mode() -> None:
    source = _program("adam_training_resume").replace(  # two optimizers' state: TF1 numbered their beta powers
        "saver = tf.train.Saver()", "train_op_2 = tf.train.AdamOptimizer(0.2).minimize(loss)\nsaver = tf.train.Saver()"
    )
    options = Options(select=("TFM201",), annotate=True)
    result = migrate_source(source, options)
    lines = result.migrated.splitlines()
    marker = next(i for i, line in enumerate(lines) if line.startswith("# tfmigrate: TFM201"))
    assert "optimizer state" in lines[marker]
    assert lines[marker + 1].startswith("saver = tf.train.Saver(")
    assert migrate_source(result.migrated, options).migrated == result.migrated
    assert migrate_source(source, Options(select=("TFM201",))).migrated == source
