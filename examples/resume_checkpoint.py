"""A TF1 script that keeps numbered checkpoints and resumes from the latest one."""
import os

import numpy as np
import tensorflow as tf

CHECKPOINT_DIR = "/tmp/tfmigrate_example_resume"

with tf.variable_scope("model"):
    weights = tf.get_variable("weights", shape=[3, 2], initializer=tf.random_normal_initializer(seed=7))
    bias = tf.get_variable("bias", shape=[2], initializer=tf.zeros_initializer())
epoch = tf.Variable(0, name="epoch", trainable=False)
saver = tf.train.Saver([weights, bias, epoch], max_to_keep=3)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    ckpt = tf.train.get_checkpoint_state(CHECKPOINT_DIR)
    if ckpt and ckpt.model_checkpoint_path:
        saver.restore(sess, ckpt.model_checkpoint_path)
        print("resumed from", ckpt.model_checkpoint_path)
    for step in range(5):
        saver.save(sess, os.path.join(CHECKPOINT_DIR, "model.ckpt"), global_step=step)
    print(np.round(sess.run(weights), 3))
