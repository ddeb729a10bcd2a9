"""The one exception type for "this document cannot be read"."""


class ParseError(Exception):
    """A document the parser cannot read.

    ``user_message`` is Danish and is shown to the clerk as it is, so it says what
    is wrong and, where known, where ("Punkt 58: datoen '31-13-2022' findes ikke.").
    """

    def __init__(self, user_message: str, line: int | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.line = line
