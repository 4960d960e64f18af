"""A stand-in for the parts of NLTK the programs of tests/programs use (``word_tokenize``, ``WordNetLemmatizer``), for
machines without NLTK and its data downloads: plain Python, the same tokens for the TF1 baseline and the migrated
program. tfmigrate reads it as it reads any module on the path (tfmigrate.host_libraries)."""

from nltk.stem import WordNetLemmatizer
from nltk.tokenize import word_tokenize

__all__ = ["WordNetLemmatizer", "word_tokenize"]
