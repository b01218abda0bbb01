"""Defaults shared by the library and the command line, in a module that imports nothing heavy.

Chosen once for Vietnamese and English alike (see bench/ and the README for how they score).
"""

#: Average cosine similarity at which two threads still merge.
THRESHOLD = 0.08
#: Events: share of the groups' own inner similarity that the link between them must reach.
COHESION = 0.5
#: Threads: the same share for events joining into a thread (lower: events join more readily).
THREAD_COHESION = 0.25
