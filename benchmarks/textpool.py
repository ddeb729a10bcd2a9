"""The words of the synthetic corpus: paragraphs, titles and names cut from the seed minutes.

The corpus recombines the seeds' own text, so its vocabulary, paragraph lengths and
wording are those of real minutes (the search benchmark depends on that). The seeds
are read as plain text here, not through the parser: the pool must not change when
the parser does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from minutes.importing.demo import SEEDS_DIR

# Every Danish municipality (kommune), as it names itself.
MUNICIPALITIES = (
    "Albertslund Kommune", "Allerød Kommune", "Assens Kommune", "Ballerup Kommune",
    "Billund Kommune", "Bornholms Regionskommune", "Brøndby Kommune", "Brønderslev Kommune",
    "Dragør Kommune", "Egedal Kommune", "Esbjerg Kommune", "Fanø Kommune", "Favrskov Kommune",
    "Faxe Kommune", "Fredensborg Kommune", "Fredericia Kommune", "Frederiksberg Kommune",
    "Frederikshavn Kommune", "Frederikssund Kommune", "Furesø Kommune",
    "Faaborg-Midtfyn Kommune", "Gentofte Kommune", "Gladsaxe Kommune", "Glostrup Kommune",
    "Greve Kommune", "Gribskov Kommune", "Guldborgsund Kommune", "Haderslev Kommune",
    "Halsnæs Kommune", "Hedensted Kommune", "Helsingør Kommune", "Herlev Kommune",
    "Herning Kommune", "Hillerød Kommune", "Hjørring Kommune", "Holbæk Kommune",
    "Holstebro Kommune", "Horsens Kommune", "Hvidovre Kommune", "Høje-Taastrup Kommune",
    "Hørsholm Kommune", "Ikast-Brande Kommune", "Ishøj Kommune", "Jammerbugt Kommune",
    "Kalundborg Kommune", "Kerteminde Kommune", "Kolding Kommune", "Københavns Kommune",
    "Køge Kommune", "Langeland Kommune", "Lejre Kommune", "Lemvig Kommune", "Lolland Kommune",
    "Lyngby-Taarbæk Kommune", "Læsø Kommune", "Mariagerfjord Kommune", "Middelfart Kommune",
    "Morsø Kommune", "Norddjurs Kommune", "Nordfyns Kommune", "Nyborg Kommune",
    "Næstved Kommune", "Odder Kommune", "Odense Kommune", "Odsherred Kommune",
    "Randers Kommune", "Rebild Kommune", "Ringkøbing-Skjern Kommune", "Ringsted Kommune",
    "Roskilde Kommune", "Rudersdal Kommune", "Rødovre Kommune", "Samsø Kommune",
    "Silkeborg Kommune", "Skanderborg Kommune", "Skive Kommune", "Slagelse Kommune",
    "Solrød Kommune", "Sorø Kommune", "Stevns Kommune", "Struer Kommune", "Svendborg Kommune",
    "Syddjurs Kommune", "Sønderborg Kommune", "Thisted Kommune", "Tønder Kommune",
    "Tårnby Kommune", "Vallensbæk Kommune", "Varde Kommune", "Vejen Kommune", "Vejle Kommune",
    "Vesthimmerlands Kommune", "Viborg Kommune", "Vordingborg Kommune", "Ærø Kommune",
    "Aabenraa Kommune", "Aalborg Kommune", "Aarhus Kommune",
)  # fmt: skip

# The council first; each municipality has the council and most of the rest.
COMMITTEES = (
    "Byrådet", "Økonomiudvalget", "Beskæftigelsesudvalget", "Arbejdsmarkedsudvalget",
    "Børne- og Ungeudvalget", "Skoleudvalget", "Social- og Sundhedsudvalget", "Ældreudvalget",
    "Sundhedsudvalget", "Teknik- og Miljøudvalget", "Klima- og Miljøudvalget",
    "Plan- og Boligudvalget", "Kultur- og Fritidsudvalget", "Erhvervs- og Turismeudvalget",
    "Landdistriktsudvalget", "Integrationsudvalget", "Handicaprådet",
    "Folkeoplysningsudvalget", "Beredskabskommissionen", "Trafik- og Mobilitetsudvalget",
)  # fmt: skip

SECTION_HEADINGS = (
    "Resume", "Baggrund", "Sagsfremstilling", "Forventet konsekvens",
    "Organisering og kommunikation", "Lovgrundlag", "Økonomi", "Økonomiske konsekvenser",
    "Procesplan", "Supplerende sagsfremstilling", "Tidligere politisk behandling",
)  # fmt: skip

DECISION_WORDINGS = (
    "Godkendt.", "Taget til efterretning.", "Anbefales.", "Indstillingen er tiltrådt.",
    "Indstillingen godkendt.", "Sagen blev udsat.", "Godkendt som indstillet.",
    "Anbefales over for Byrådet.", "Drøftet.",
)  # fmt: skip

STANDING_TITLES = (
    "Godkendelse af dagsorden",
    "Orientering fra formand og administration",
    "Opfølgning på verserende sager",
)

CLOSED_TITLES = (
    "Lukket: Meddelelser", "Lukket: Personalesag", "Lukket: Køb af ejendom",
    "Lukket: Salg af byggegrund", "Lukket: Udbud af rengøring", "Lukket: Klagesag",
)  # fmt: skip

# KLE subject numbers seen in the seeds, and the facets the case systems use.
KLE_SUBJECTS = (
    "00.01.00", "00.01.10", "00.13.06", "00.22.02", "00.30.00", "00.30.10", "15.00.00",
    "15.00.15", "15.20.00", "15.25.00", "17.02.00", "27.12.00", "27.24.00", "28.00.00",
    "29.09.00", "32.00.00", "82.06.00", "85.00.00", "01.02.00", "02.00.00", "05.00.00",
)  # fmt: skip
KLE_FACETS = ("A00", "A21", "A26", "G01", "G00", "P16", "P20", "P22", "Ø00")

_PUNKT_TITLE = re.compile(r"^\s*Punkt\s+\d+:\s*(.+?)\s*$")
_TOC_LINE = re.compile(r"^(.+?)\.{3,}\s*\d+\s*$")
_OFFICER = re.compile(r"^\s*Sagsbeh(?:andler|\.)?:\s*(.+?)\s*$")
_HEADER_WORDS = ("REFERAT", "Mødedato", "Mødested", "Indholdsfortegnelse", "Bilag")
_CASE_NUMBER_LINE = re.compile(r"^\s*(Sagsnr|Sagsnummer|\d\d\.\d\d\.\d\d)")
# The rendered tree and HTML of seed 003 are not minutes text.
_NOT_TEXT = re.compile(r'<|^- \w+ "|^\d+ items$|^- \w+ (true|false|\d+)$')


@dataclass(frozen=True)
class TextPool:
    titles: tuple[str, ...]
    paragraphs: tuple[str, ...]
    recommendations: tuple[str, ...]
    attachments: tuple[str, ...]
    officers: tuple[str, ...]
    people: tuple[str, ...]

    @classmethod
    def from_seeds(cls, seeds_dir: Path = SEEDS_DIR) -> TextPool:
        titles: dict[str, None] = {}
        paragraphs: dict[str, None] = {}
        recommendations: dict[str, None] = {}
        attachments: dict[str, None] = {}
        officers: dict[str, None] = {}
        people: dict[str, None] = {}
        files = sorted(seeds_dir.glob("*.txt"))
        if not files:
            raise FileNotFoundError(f"no seed minutes in {seeds_dir}")
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            for block in _blocks(text):
                _sort_block(
                    block,
                    titles=titles,
                    paragraphs=paragraphs,
                    recommendations=recommendations,
                    officers=officers,
                    people=people,
                )
            for title in _attachment_titles(text):
                attachments[title] = None
        return cls(
            titles=tuple(titles),
            paragraphs=tuple(paragraphs),
            recommendations=tuple(recommendations),
            attachments=tuple(attachments),
            officers=tuple(officers),
            people=tuple(people),
        )


def _blocks(text: str) -> list[str]:
    """Paragraphs separated by blank lines, with PDF hard wraps joined back into one line."""
    blocks = []
    for raw in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in raw.split("\n") if line.strip()]
        lines = [line for line in lines if not _NOT_TEXT.search(line)]
        if lines:
            blocks.append(lines)
    # Lists and tables of contents keep their lines; prose is joined.
    return [
        "\n".join(lines)
        if lines[0].startswith("- ") or _TOC_LINE.match(lines[0])
        else " ".join(lines)
        for lines in blocks
    ]


def _sort_block(
    block: str,
    *,
    titles: dict[str, None],
    paragraphs: dict[str, None],
    recommendations: dict[str, None],
    officers: dict[str, None],
    people: dict[str, None],
) -> None:
    if match := _PUNKT_TITLE.match(block):
        titles[match.group(1)[:300]] = None
        return
    if _TOC_LINE.match(block.split("\n")[0]):
        for line in block.split("\n"):
            if match := _TOC_LINE.match(line):
                titles[match.group(1).strip()] = None
        return
    if match := _OFFICER.match(block):
        name = match.group(1).strip(" .-")
        if name and name != "-":
            officers[name] = None
        return
    if block.startswith(("Mødedeltagere", "Fraværende:")):
        names = block.split(" ", 1)[-1] if block.startswith("Mødedeltagere") else block[11:]
        for name in re.split(r",| og ", names):
            name = name.strip(" .")
            if 3 < len(name) < 40 and name != "Ingen":
                people[name] = None
        return
    if _CASE_NUMBER_LINE.match(block) or block.startswith(_HEADER_WORDS):
        return
    for line in block.split("\n"):
        clause = line.lstrip("- ").strip()
        if clause[:3].lower() == "at " and len(clause) > 12:
            recommendations[f"- at {clause[3:]}"] = None
    # A short line without a full stop is a heading, not a paragraph.
    is_heading = len(block) < 60 and not block.endswith((".", ":", ")"))
    if len(block) >= 15 and not is_heading and not block.lower().startswith(("at ", "- at ")):
        paragraphs[block[:3000]] = None


def _attachment_titles(text: str) -> list[str]:
    """The titles listed under each "Bilag" heading, up to the next agenda item."""
    titles = []
    for match in re.finditer(r"^Bilag\s*$(.*?)(?=^\s*Punkt \d+:|\Z)", text, re.M | re.S):
        lines = [line.strip().lstrip("- ").strip() for line in match.group(1).split("\n")]
        lines = [line for line in lines if line and not _NOT_TEXT.search(line)]
        # Titles come first; what follows the list is the next item's preamble.
        titles.extend(line for line in lines[:4] if 5 < len(line) < 200)
    return titles
