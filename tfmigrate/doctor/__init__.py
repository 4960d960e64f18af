"""``tfmigrate doctor``: explain why TensorFlow or Keras imports fail in an environment, and how to fix it.

Everything about the inspected interpreter is learned in child processes (its metadata, its sys.path, an
import of TensorFlow under a time limit), so a broken TensorFlow can never take the doctor down with it.
"""
