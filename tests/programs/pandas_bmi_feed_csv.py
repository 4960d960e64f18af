# Source: nsh92/Bigdata-and-Machine-Learning-Education-at-ITWILL 6_Tensorflow/chap01_Tensorflow_Basic/exams/
# exam04_variable_feed_csv.py (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: bmi.csv written by the harness (tests/program_files.py); the compat.v1 import and its v2 switch-off
# -> the TF1 import; Korean prompts -> English; positional Series[0] -> .iloc[0] (pandas 3);
# bmi.info() -> bmi.shape; the label counts printed as a sorted list.
import pandas as pd

import tensorflow as tf

bmi = pd.read_csv("bmi.csv")
print(bmi.shape)

# the data to feed
x_data = bmi[['height', 'weight']]  # two columns: a DataFrame
y_data = bmi['label']  # one column: a Series of strings

X = tf.placeholder(dtype=tf.float32, shape=[None, 2])
Y = tf.placeholder(dtype=tf.string, shape=[None])

with tf.Session() as sess:
    feed_data = {X: x_data, Y: y_data}
    X_val, Y_val = sess.run([X, Y], feed_dict=feed_data)
    X_df = pd.DataFrame(X_val, columns=['height', 'weight'])
    print("height mean:", X_df.mean(axis=0).iloc[0])
    print("weight mean:", X_df.mean(axis=0).iloc[1], '\n')

    Y_ser = pd.Series(Y_val)
    print("label counts:", Y_ser.value_counts().sort_index().tolist())
