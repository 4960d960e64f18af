"""The report for a helper given the Session (``def tf_squeeze(sess): ...`` called once inside main's Session) that
builds graph values: the runner model's refusal, then where the helper read at its call stops (held-out 15 rank 2
gave "the graph is built inside a loop or branch", though there was neither)."""

from __future__ import annotations

from program_checks import reasons

SOURCE = """\
import tensorflow as tf


def tf_squeeze(sess):
    a = tf.Variable([1, 1, 1, 1, 1])
    sess.run(tf.global_variables_initializer())
    b = tf.squeeze(a)
    print("b.shape=", b.shape, b.name.upper())
    print("tf.squeeze(a)=", sess.run(b))


def main():
    with tf.Session() as sess:
        tf_squeeze(sess)


if __name__ == "__main__":
    main()
"""


def test_a_helper_given_the_session_names_where_it_stops_read_at_its_call() -> None:
    found = reasons(SOURCE)
    assert len(found) == 1, found
    assert "function `tf_squeeze` is given the Session and builds graph values in its body" in found[0], found
    assert "read at its calls, it stops on line 8 at: `b` is used outside Session.run / eval" in found[0], found
    assert "loop or branch" not in found[0]


def test_without_the_name_read_it_is_rewritten() -> None:
    assert reasons(SOURCE.replace(", b.name.upper()", "")) == []
