"""``WordNetLemmatizer``: a plural noun's singular (the one rule WordNet's morphy applies most to such text)."""


class WordNetLemmatizer:
    def lemmatize(self, word, pos="n"):
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            return word[:-1]
        return word
