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


# Limits on what one document may make the parser do: far above any real
# referat, low enough that a hostile file is refused in seconds, each with its reason.
MAX_PDF_PAGES = 2_000
MAX_PDF_CONTENT_BYTES = 20 * 1024 * 1024  # page content, decompressed, summed over pages
# Below that, page content in proportion to the file: real minutes PDFs decompress
# to 0.3-1.5 times their size (content streams compress a few fold, and fonts and
# images only add to the file), so twenty times is far past any of them; small files
# may always have a megabyte.
MAX_PDF_CONTENT_RATIO = 20
PDF_CONTENT_ALLOWANCE = 1024 * 1024
MAX_HTML_DEPTH = 1_000
MAX_LINE_CHARS = 200_000

PDF_TOO_MANY_PAGES = (
    "PDF-filen har {pages} sider; der læses højst {limit} sider. Del referatet op i flere filer."
)
PDF_TOO_MUCH_CONTENT = (
    "PDF-filens sider fylder udpakket over {limit} MB; det er ikke et almindeligt referat. "
    "Upload en tekst- eller HTML-udgave af referatet."
)
PDF_CONTENT_OUT_OF_PROPORTION = (
    "PDF-filens sider fylder udpakket over {ratio} gange så meget som selve filen; "
    "det er ikke et almindeligt referat, og filen er måske beskadiget. "
    "Upload en tekst- eller HTML-udgave af referatet."
)
HTML_TOO_DEEP = (
    "HTML-filen har elementer inden i hinanden i over {limit} niveauer, så den kan ikke læses. "
    "Upload en PDF- eller tekstudgave af referatet."
)
LINE_TOO_LONG = (
    "Dokumentet har en linje på over {limit} tegn uden linjeskift; det ligner ikke et referat. "
    "Upload referatet som PDF, HTML eller tekst med linjeskift."
)


def danish_number(value: int) -> str:
    """1000 as "1.000", as Danish prints thousands."""
    return f"{value:,}".replace(",", ".")
