"""TF-IDF features for news in Vietnamese and English, as a scikit-learn transformer.

Features are normalised words (``normalize.tokenize``), word bigrams inside a clause (so
Vietnamese compounds such as "biểu tình" count as one term), and names: runs of capitalised words
("Phnom Penh", "Michael Steele") and numbers with their unit ("40.000 người"). Where a word
stands weighs in: the headline above the lede above the head of the body above its tail.

>>> from newsclust.models import Article
>>> docs = [Article("a", "Taliban denies talks with Russia", "The Taliban said on Sunday ..."),
...         Article("b", "Russia beat Wales 3-0", "Russia won the match in Toulouse ...")]
>>> vectorizer = NewsVectorizer()
>>> X = vectorizer.fit_transform(docs)
>>> X.shape[0], "name:russia" in vectorizer.vocabulary_
(2, True)
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize as l2_normalize
from sklearn.utils.validation import check_is_fitted

from newsclust.errors import ResourceError
from newsclust.models import Article
from newsclust.normalize import _TOKEN, LANGUAGES, normalize_word, sentences, stopwords

__all__ = ["NewsVectorizer", "article_fields"]

_CHUNK_DOCS = 2000
NAME_PREFIX = "name:"
HEAD_PREFIX = "head:"
_LEDE_MAX_WORDS = 80
_WEIGH_ROWS = 4096  # rows weighed at a time


def _effective_jobs(n_jobs: int | None) -> int:
    if n_jobs is None:
        return 1
    return max(1, os.cpu_count() or 1) if n_jobs < 0 else max(1, n_jobs)


def _add_names(surface: list[str], words: list[str], stop, weight: float, counts) -> None:
    """Runs of capitalised words ("Phnom Penh") and numbers with their unit ("40.000 người")."""
    run: list[str] = []
    last = len(words) - 1
    for i, token in enumerate(surface):
        first = token[0]
        if first.isupper() and (i > 0 or words[i] not in stop):
            run.append(words[i])
            continue
        if run:
            counts[NAME_PREFIX + " ".join(run)] += weight
            run = []
        if first.isdigit() and i < last and surface[i + 1].isalpha() and words[i + 1] not in stop:
            counts[NAME_PREFIX + words[i] + " " + words[i + 1]] += weight
    if run:
        counts[NAME_PREFIX + " ".join(run)] += weight


@functools.lru_cache(maxsize=8)
def _normalised_words(words: tuple[str, ...]) -> frozenset[str]:
    """A user's stopword list, normalised like tokens: once per list, not once per document."""
    return frozenset(normalize_word(w) for w in words)


def article_language(doc: Any) -> str | None:
    """The document's ``lang`` field, when it has one (split sets it; detecting it here would cost
    seconds per 100k articles for no measured gain)."""
    if isinstance(doc, Article):
        return doc.lang
    return doc.get("lang") if isinstance(doc, dict) else None


def article_fields(doc: Any) -> tuple[str, str, str]:
    """(headline, lede, body) of an Article, a mapping with title/lede/body/text, or a plain string.

    Without an explicit lede, the first paragraph of the text is the lede.
    """
    if isinstance(doc, str):
        title, lede, body = "", "", doc
    elif isinstance(doc, Article):
        title, lede, body = doc.title, doc.extra.get("lede") or "", doc.text
    else:
        title = doc.get("title") or ""
        lede = doc.get("lede") or ""
        body = doc.get("body") or doc.get("text") or ""
    if not lede:
        body = body.strip()
        first, _, rest = body.partition("\n")
        if len(first.split()) <= _LEDE_MAX_WORDS:
            lede, body = first, rest
    return title or "", lede or "", body or ""


def _stacked(blocks: list, width: int) -> sp.csr_matrix:
    """The blocks' rows ``(indptr, indices, values)`` as one CSR matrix, each block let go of as
    soon as it is copied (``sp.vstack`` holds every block and the result at once)."""
    nnz = sum(len(indices) for _, indices, _ in blocks)
    n_rows = sum(len(indptr) - 1 for indptr, _, _ in blocks)
    index_dtype = np.int64 if max(nnz, width) > 2**31 - 1 else np.int32
    indptr = np.zeros(n_rows + 1, dtype=index_dtype)
    indices = np.empty(nnz, dtype=index_dtype)
    values = np.empty(nnz, dtype=np.float64)
    row = at = 0
    blocks.reverse()
    while blocks:
        block_indptr, block_indices, block_values = blocks.pop()
        size = len(block_indices)
        indptr[row + 1 : row + len(block_indptr)] = at + block_indptr[1:]
        indices[at : at + size] = block_indices
        values[at : at + size] = block_values
        row += len(block_indptr) - 1
        at += size
        del block_indptr, block_indices, block_values
    return sp.csr_matrix((values, indices, indptr), shape=(n_rows, width))


def _in_workers(function: Any, chunks: list, jobs: int) -> Iterator:
    """``function(c) for c in chunks`` in ``jobs`` forked processes, yielded in order as they come,
    so that the caller can let go of each result before the next (at 100k articles the chunks'
    term lists together were a gigabyte).

    A worker that dies (killed for memory, say) or a result that cannot be received (a
    MemoryError while unpickling) ends the run with a ResourceError: ``concurrent.futures``
    marks the pool broken and wakes every waiter, where ``multiprocessing.Pool`` waited forever.
    """
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            yield from pool.map(function, chunks)
    except BrokenProcessPool as error:
        raise ResourceError(
            f"a worker process died ({error}); it may have run out of memory: "
            "try fewer articles at a time or n_jobs=1"
        ) from None
    except MemoryError:
        raise ResourceError("out of memory while analysing articles in worker processes") from None


class NewsVectorizer(TransformerMixin, BaseEstimator):
    """Sparse TF-IDF of headline, lede and body, with name features; cosine is a plain dot product.

    Rows are L2-normalised over all terms, then the terms of one document only are dropped (they
    cannot match anything), so a row's norm is at most 1 and dot products are exact cosines.

    Parameters
    ----------
    stop_words : "builtin", None or iterable of str
        Words never used as unigrams; a bigram is dropped only if both its words are stopwords.
        "builtin" is the Vietnamese and English lists shipped in ``newsclust/data``.
    ngram_range : (int, int)
        Word n-gram sizes, (1, 1) or (1, 2).
    title_weight, lede_weight, body_weight, tail_weight : float
        Weight of each occurrence by where it stands; the body's first ``head_words`` words count
        ``body_weight``, later ones ``tail_weight``, and nothing after ``max_words``.
    name_weight : float
        Weight of a name occurrence (a capitalised run or a number with its unit) on top of its
        words; 0 turns names off.
    min_df : int
        Ignore terms in fewer documents than this.
    unique_term_weight : float
        Factor on the idf of terms found in one document only. They cannot link two documents;
        at full weight they only make long documents look unlike everything (0 drops them).
    n_jobs : int or None
        Processes that analyse documents (None: 1, -1: one per CPU); the result is the same.
    headline_share : float
        Part of the similarity that comes from headline and lede alone (the ``head:`` features,
        a separately normalised block): what happened weighs above the background.
    """

    def __init__(
        self,
        *,
        stop_words: Any = "builtin",
        ngram_range: tuple[int, int] = (1, 2),
        title_weight: float = 3.0,
        lede_weight: float = 2.0,
        body_weight: float = 1.0,
        tail_weight: float = 0.5,
        head_words: int = 150,
        max_words: int = 300,
        name_weight: float = 1.0,
        min_df: int = 1,
        unique_term_weight: float = 0.3,
        headline_share: float = 0.2,
        bigram_weight: float = 1.0,
        n_jobs: int | None = None,
    ):
        self.stop_words = stop_words
        self.ngram_range = ngram_range
        self.title_weight = title_weight
        self.lede_weight = lede_weight
        self.body_weight = body_weight
        self.tail_weight = tail_weight
        self.head_words = head_words
        self.max_words = max_words
        self.name_weight = name_weight
        self.min_df = min_df
        self.unique_term_weight = unique_term_weight
        self.headline_share = headline_share
        self.bigram_weight = bigram_weight
        self.n_jobs = n_jobs

    # -- analysis -------------------------------------------------------------------------------

    def _stop_set(self, lang: str | None = None) -> frozenset[str]:
        if self.stop_words == "builtin":
            # One language's list when the document's language is known: the union would drop
            # Vietnamese syllables that are English stopwords ("an" of "an ninh", "to", "con").
            return stopwords((lang,)) if lang in LANGUAGES else stopwords()
        if self.stop_words is None:
            return frozenset()
        return _normalised_words(tuple(self.stop_words))

    def analyze(self, doc: Any) -> dict[str, float]:
        """Weighted term counts of one document: {feature: sum of the weights of its occurrences}.

        With ``headline_share`` > 0 the counts of headline and lede appear a second time, as
        ``head:`` features.
        """
        title, lede, body = article_fields(doc)
        stop = self._stop_set(article_language(doc))
        counts: dict[str, float] = defaultdict(float)
        budget = [self.max_words]
        self._add_text(title, self.title_weight, self.title_weight, counts, stop, budget, 10**9)
        self._add_text(lede, self.lede_weight, self.lede_weight, counts, stop, budget, 10**9)
        head = (
            {HEAD_PREFIX + term: count for term, count in counts.items()} if self.headline_share > 0 else {}
        )
        self._add_text(body, self.body_weight, self.tail_weight, counts, stop, budget, self.head_words)
        counts.update(head)
        return counts

    def _add_text(self, text, weight, tail_weight, counts, stop, budget, head_words) -> None:
        # Weights go by clause (where the clause starts), which keeps the inner loops short.
        seen = 0
        for clause in sentences(text):
            if budget[0] <= 0:
                return
            surface = _TOKEN.findall(clause)[: budget[0]]
            if not surface:
                continue
            budget[0] -= len(surface)
            w = weight if seen < head_words else tail_weight
            seen += len(surface)
            words = list(map(normalize_word, surface))
            for word, times in Counter(words).items():
                if word not in stop:
                    counts[word] += w * times
            if self.ngram_range[1] >= 2:
                pair_weight = w * self.bigram_weight
                for (first, second), times in Counter(zip(words, words[1:], strict=False)).items():
                    if first not in stop or second not in stop:
                        counts[first + " " + second] += pair_weight * times
            if self.name_weight > 0:
                _add_names(surface, words, stop, w * self.name_weight, counts)

    # -- estimator API --------------------------------------------------------------------------

    def _count(self, docs: Iterable[Any], vocabulary: dict[str, int] | None, chunk_docs: int = _CHUNK_DOCS):
        """Counts of ``docs`` as a CSR matrix, ``chunk_docs`` at a time (in ``n_jobs`` processes if > 1)."""
        grow = vocabulary is None
        vocab: dict[str, int] = {} if grow else vocabulary
        docs = list(docs)
        chunks = [docs[i : i + chunk_docs] for i in range(0, len(docs), chunk_docs)]
        jobs = _effective_jobs(self.n_jobs)
        if jobs > 1 and len(chunks) > 1:
            parts = _in_workers(self._count_chunk, chunks, jobs)
        else:
            parts = (self._count_chunk(chunk) for chunk in chunks)
        blocks = []
        for terms, indptr, indices, values in parts:
            # One chunk's terms at a time (each chunk has its own copy of every common term),
            # and one lookup per distinct term of a chunk, not per occurrence.
            local_to_global = np.empty(
                len(terms), dtype=np.int64 if len(vocab) + len(terms) > 2**31 - 1 else np.int32
            )
            for local, term in enumerate(terms):
                index = vocab.get(term)
                if index is None:
                    index = -1 if not grow else vocab.setdefault(term, len(vocab))
                local_to_global[local] = index
            mapped = local_to_global[indices]
            if not grow:
                keep = mapped >= 0
                row_of = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))[keep]
                indptr = np.concatenate([[0], np.cumsum(np.bincount(row_of, minlength=len(indptr) - 1))])
                mapped, values = mapped[keep], values[keep]
            blocks.append((indptr, mapped, values))
            del terms, indptr, indices, values
        counts = _stacked(blocks, len(vocab))
        counts.sum_duplicates()
        return counts, vocab

    def _count_chunk(self, docs: list[Any]):
        terms: dict[str, int] = {}
        indptr: list[int] = [0]
        indices: list[int] = []
        values: list[float] = []
        for doc in docs:
            for term, count in self.analyze(doc).items():
                index = terms.get(term)
                if index is None:
                    index = terms[term] = len(terms)
                indices.append(index)
                values.append(count)
            indptr.append(len(indices))
        return list(terms), np.asarray(indptr), np.asarray(indices, dtype=np.int32), np.asarray(values)

    def fit(self, raw_documents: Iterable[Any], y: Any = None) -> NewsVectorizer:
        """Learn the vocabulary and idf of ``raw_documents``."""
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents: Iterable[Any], y: Any = None) -> sp.csr_matrix:
        """Learn vocabulary and idf, and return the documents' L2-normalised TF-IDF rows.

        Terms of one document only count in that row's norm but get no column: they cannot link
        two documents, and leaving them out keeps the matrix and the vocabulary small.
        """
        counts, vocab = self._count(raw_documents, None)
        n_docs = counts.shape[0]
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
        idf[df == 1] *= self.unique_term_weight
        terms = np.array(list(vocab), dtype=object)  # insertion order is column order
        is_head = np.fromiter((t.startswith(HEAD_PREFIX) for t in terms), dtype=bool, count=len(terms))
        tfidf = self._weigh(counts, idf, is_head)
        keep = np.flatnonzero(df >= max(2, self.min_df))
        # Sorted vocabulary: the feature order, hence every float sum, is independent of input order.
        order = keep[np.argsort(terms[keep])]
        # The kept terms are built anew once every term is gone: the originals lie scattered among
        # the one-document terms (most of them), and would keep all their memory alive.
        kept = pickle.dumps(terms[order].tolist(), protocol=pickle.HIGHEST_PROTOCOL)
        del terms, vocab, is_head
        self.vocabulary_ = {term: new for new, term in enumerate(pickle.loads(kept))}
        del kept
        self.idf_ = idf[order]
        self.n_documents_ = n_docs
        return tfidf[:, order]

    def transform(self, raw_documents: Iterable[Any]) -> sp.csr_matrix:
        """TF-IDF rows of ``raw_documents`` with the fitted vocabulary and idf."""
        check_is_fitted(self, "vocabulary_")
        counts, _ = self._count(raw_documents, self.vocabulary_)
        is_head = np.fromiter(
            (t.startswith(HEAD_PREFIX) for t in self.vocabulary_), dtype=bool, count=len(self.vocabulary_)
        )
        return self._weigh(counts, self.idf_, is_head)

    def _weigh(self, counts: sp.csr_matrix, idf: np.ndarray, is_head: np.ndarray) -> sp.csr_matrix:
        # In place: the counts of a large corpus are the biggest object of the whole run.
        tfidf = counts.tocsr()
        tfidf.sort_indices()
        np.log1p(tfidf.data, out=tfidf.data)  # sublinear: the tenth mention adds little
        tfidf.data *= idf[tfidf.indices]
        if self.headline_share <= 0:
            return l2_normalize(tfidf, copy=False)
        # Two blocks, each L2-normalised, then mixed: cosine = (1 - share) * all + share * head.
        # Rows a block at a time: the arrays of a whole corpus's nonzeros, six at once, were
        # the peak of a 100k-article run.
        head_share = np.sqrt(self.headline_share)
        rest_share = np.sqrt(1 - self.headline_share)
        indptr = tfidf.indptr
        for first in range(0, tfidf.shape[0], _WEIGH_ROWS):
            last = min(first + _WEIGH_ROWS, tfidf.shape[0])
            lo, hi = indptr[first], indptr[last]
            data = tfidf.data[lo:hi]
            in_head = is_head[tfidf.indices[lo:hi]]
            squares = data**2
            row_of = np.repeat(np.arange(last - first, dtype=np.int32), np.diff(indptr[first : last + 1]))
            head_norm = np.sqrt(
                np.bincount(row_of, weights=np.where(in_head, squares, 0), minlength=last - first)
            )
            rest_norm = np.sqrt(
                np.bincount(row_of, weights=np.where(in_head, 0, squares), minlength=last - first)
            )
            head_scale = head_share / np.maximum(head_norm, 1e-12)
            rest_scale = rest_share / np.maximum(rest_norm, 1e-12)
            data *= np.where(in_head, head_scale[row_of], rest_scale[row_of])
        return l2_normalize(tfidf, copy=False)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Feature names in column order; names carry the ``name:`` prefix."""
        check_is_fitted(self, "vocabulary_")
        return np.array(sorted(self.vocabulary_, key=self.vocabulary_.__getitem__), dtype=object)
