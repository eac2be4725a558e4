"""Nordic text normalisation for the catalogue's search index, shared by index build and queries.

The index (`search_index`, built by publish/catalogue.py) holds normalised text with exactly one
token per token of the original text, so FTS5 takes match positions from the index and byte
offsets from the original: highlight() and snippet() mark the words as written ("samarbeidet")
although the index holds their stem ("samarbeid").

The analysers live in nordcat/text.py (topics and places read words with them too). A token is normalised by the analyser of its document's language (ISO 639-3): a dictionary
lemma (simplemma) where one exists, then a Snowball stem (PyStemmer), then folding of the
Nordic letter variants: æ->ä, ø->ö and aa->å, which FTS5's `remove_diacritics 2` then folds on
to a, o, a. Compound words of Norwegian, Danish and Swedish are also split (longest known final
part, linking -s-/-e-, parts from wordfreq's word lists) into a separate low-weight column, so a
part ("samarbeid") finds the compound ("trepartssamarbeidet").

A query has no known language: each query word becomes the OR of its normalised forms under
every analyser, see match_expression(). Index and queries must use the same versions of
PyStemmer, simplemma and wordfreq (pinned in pyproject.toml): republish after changing them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from nordcat.text import (  # noqa: F401  (re-exported: the catalogue, its plugins and tests name them here)
    ANALYSERS, BOKMAL, COMPOUND_MIN_LENGTH, DANISH, DICTIONARY, ENGLISH, FINNISH, ICELANDIC, NYNORSK, PLAIN,
    QUERY_ANALYSERS, SWEDISH, TOKENIZER, Analyser, analyser, fold, is_single_token, tokens, warm_up,
)

MAX_QUERY_TERMS = 32  # more words than anyone types; keeps a pasted page from making a huge expression


# --- index side ----------------------------------------------------------------------------------

INDEX_COLUMNS = ("title", "abstract", "subjects", "authors", "fulltext", "parts")
NAME_COLUMNS = ("authors",)
TEXT_COLUMNS = tuple(c for c in INDEX_COLUMNS if c not in NAME_COLUMNS)


def index_text(text: str | None, by: Analyser) -> str | None:
    """`text` with every token replaced by its index form: token for token, nothing else."""
    return None if text is None else " ".join(by.forms(tokens(text)))


def index_row(language: str | None, title: str | None, abstract: str | None, subjects: str | None,
              authors: str | None, fulltext: str | None) -> tuple[str | None, ...]:
    """The values of INDEX_COLUMNS for one document. Names are not stemmed (Hansen is no hans)."""
    by = analyser(language)
    texts = (title, abstract, subjects, fulltext)
    words = [tokens(text) for text in texts]
    title, abstract, subjects, fulltext = (
        None if text is None else " ".join(by.forms(tokens_)) for text, tokens_ in zip(texts, words))
    parts = " ".join(part for tokens_ in words for token in tokens_ if len(token) >= COMPOUND_MIN_LENGTH
                     for part in by.parts(token))
    return title, abstract, subjects, index_text(authors, PLAIN), fulltext, parts


# --- query side ----------------------------------------------------------------------------------

_QUERY_CHUNK = re.compile(r'"([^"]*)"?(\*?)|([^\s"]+)')


@dataclass(frozen=True)
class Term:
    """One thing the query asks for: a word, or a phrase (quoted, or written with hyphens)."""
    words: tuple[str, ...]
    prefix: bool = False  # trailing *: the last word is a prefix

    def expression(self) -> str:
        """Text columns: any analyser's form. Names: only the plain form, or "Bergen" (lemma
        "berg") would find every author called Berg."""
        text = " OR ".join(self._phrase(forms) for forms in self.text_forms())
        name = self._phrase(tuple(PLAIN.form(w) for w in self.words))
        return f"({{{' '.join(TEXT_COLUMNS)}}} : ({text}) OR {{{' '.join(NAME_COLUMNS)}}} : {name})"

    def text_forms(self) -> list[tuple[str, ...]]:
        """The words' forms under every analyser (the query has no language), but for an "aa" read
        as the old spelling of "å" that stems to two letters: a Finnish long vowel ("aate", "maa")
        would find every Norwegian "at" or "må"."""
        variants = {}
        for by in QUERY_ANALYSERS:
            forms = tuple(by.form(w) for w in self.words)
            if not any(by.fold_aa and "aa" in w.casefold() and len(f) <= 2 for w, f in zip(self.words, forms)):
                variants[forms] = None
        return list(variants)

    def _phrase(self, forms: tuple[str, ...]) -> str:
        return f'"{" ".join(forms)}"' + ("*" if self.prefix else "")


def parse_query(query: str | None) -> list[Term]:
    """Words (all must match), "quoted phrases" and prefix* of a search box; everything else,
    FTS5 operators and SQL included, is just text."""
    terms = []
    for quoted, quoted_star, bare in _QUERY_CHUNK.findall(query or ""):
        text, prefix = (quoted, bool(quoted_star)) if not bare else (bare.rstrip("*"), bare.endswith("*"))
        words = tuple(tokens(text))
        if words:
            terms.append(Term(words, prefix))
    return terms[:MAX_QUERY_TERMS]


def match_expression(query: str | None) -> str:
    """The FTS5 MATCH expression for a user's query: AND between terms, each term the OR of its
    normalised forms under every analyser. Only quoted index forms reach FTS5."""
    terms = parse_query(query)
    return " AND ".join(term.expression() for term in terms) if terms else '""'
