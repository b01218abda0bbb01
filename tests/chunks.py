"""Cutting a text into chunks of varying sizes, for streaming tests."""


def cut(text: str, sizes: list[int]) -> list[str]:
    """``text`` in consecutive chunks whose sizes cycle through ``sizes``."""
    chunks, position, k = [], 0, 0
    while position < len(text):
        size = sizes[k % len(sizes)]
        chunks.append(text[position : position + size])
        position += size
        k += 1
    return chunks
