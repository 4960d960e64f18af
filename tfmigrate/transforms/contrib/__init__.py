"""Helpers of TFM104 (tfm104_contrib.py): argument mapping, tf-slim, seq2seq losses and module aliases."""
