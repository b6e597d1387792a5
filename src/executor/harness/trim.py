"""Cuts long text in the middle, keeping its start and its end (where errors usually are)."""


def trim(text, limit):
    if len(text) <= limit:
        return text
    keep = max(limit // 2 - 40, 1)
    cut = len(text) - 2 * keep
    return f"{text[:keep]}\n... [{cut} characters cut] ...\n{text[-keep:]}"
