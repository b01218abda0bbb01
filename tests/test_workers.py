"""A worker process that fails ends the run with a clear error, never a hang."""

import os
import signal

import pytest

from newsclust import vectorize
from newsclust.errors import ResourceError
from newsclust.models import Article

DOCS = [Article(f"a{i}", f"Headline {i}", f"Body text about topic {i % 7} and more.") for i in range(4100)]


def _killed(self, chunk):
    os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's OOM killer does


def _out_of_memory(self, chunk):
    raise MemoryError


def _hung(signum, frame):
    raise AssertionError("the run hung after a worker failed")


@pytest.mark.parametrize("failure", [_killed, _out_of_memory])
def test_a_failing_worker_is_a_resource_error(monkeypatch, failure):
    monkeypatch.setattr(vectorize.NewsVectorizer, "_count_chunk", failure)
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(60)
    try:
        with pytest.raises(ResourceError, match="worker process|out of memory"):
            vectorize.NewsVectorizer(n_jobs=2).fit_transform(DOCS)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_workers_give_the_same_matrix_as_one_process():
    one = vectorize.NewsVectorizer(n_jobs=1).fit_transform(DOCS)
    two = vectorize.NewsVectorizer(n_jobs=2).fit_transform(DOCS)
    assert (one != two).nnz == 0
