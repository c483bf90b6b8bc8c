"""Lemmas on demand: the stages read the lemmas of a few tokens per article (a verb's, a counted
noun's), so en_core_web_sm's rule lemmatizer is kept in the pipeline but disabled, and asked
only for those tokens (lemmatising every token cost about 2 ms per article)."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Token


def written_lemma(token: Token) -> str:
    """The lemma already on `token` (set by a lemmatizer that ran, or the attribute ruler)."""
    return token.lemma_


class Lemmas:
    """A token's lemma, as the pipeline's lemmatizer would have set it, computed when asked."""

    def __init__(self, nlp: Language, name: str = "lemmatizer") -> None:
        """
        nlp (Language): the pipeline whose (enabled or disabled) lemmatizer is used.
        name (str): the lemmatizer's component name.
        """
        self.nlp, self.name = nlp, name
        self._lemmatizer: Any = None  # found at first use: components are added one after another

    def __call__(self, token: Token) -> str:
        """
        token (Token): a token of a document the pipeline has tagged.
        RETURNS (str): its lemma; the lowercase form when the pipeline has no lemmatizer.
        """
        if token.lemma:  # the attribute ruler's exceptions, or a lemmatizer that ran
            return token.lemma_
        if self._lemmatizer is None:
            self._lemmatizer = (self.nlp.get_pipe(self.name) if self.name in self.nlp.component_names
                                else False)
        return self._lemmatizer.lemmatize(token)[0] if self._lemmatizer else token.lower_
