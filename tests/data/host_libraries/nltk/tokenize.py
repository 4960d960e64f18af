"""``word_tokenize``: words and punctuation marks, as NLTK's Treebank tokenizer splits plain English sentences."""

import re

_TOKEN = re.compile(r"[A-Za-z0-9']+|[^\sA-Za-z0-9']")


def word_tokenize(text):
    return _TOKEN.findall(text)
