# expect-none
"""Text helpers with no dependencies: not impacted."""


def normalise(text: str) -> str:
    return " ".join(text.split())
