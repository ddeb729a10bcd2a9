"""decoding.py: every encoding clerks' files arrive in gives the same Danish text."""

import pytest

from minutes.importing.demo import SEEDS_DIR as SEEDS
from minutes.parsing.decoding import decode
from minutes.parsing.errors import ParseError

DANISH = "Økonomiudvalget: Ærø, Åbenrå og Næstved.\nBeslutning: Godkendt – “anbefales”.\n"


def test_utf8_is_read_as_is():
    assert decode(DANISH.encode("utf-8")) == DANISH


def test_utf8_with_bom_drops_the_bom():
    assert decode(b"\xef\xbb\xbf" + DANISH.encode("utf-8")) == DANISH


def test_windows_1252_is_read():
    assert decode(DANISH.encode("cp1252")) == DANISH


def test_windows_1252_undefined_byte_does_not_fail():
    # 0x81 is undefined in cp1252: dropped, not an error.
    assert decode("Møde".encode("cp1252") + b"\x81 i dag") == "Møde i dag"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(codec):
    assert decode(DANISH.encode(codec)) == DANISH


def test_utf32_with_bom():
    assert decode(DANISH.encode("utf-32")) == DANISH


def test_windows_newlines_and_control_characters_are_normalised():
    raw = "Punkt 1: Godkendelse\r\nTekst\x00 med\x07 støj\rSidste\x0clinje".encode()
    assert decode(raw) == "Punkt 1: Godkendelse\nTekst med støj\nSidste\nlinje"


def test_mojibake_line_is_repaired():
    assert decode("Ã˜konomiudvalget har mÃ¸de i juni mÃ¥ned.".encode()) == (
        "Økonomiudvalget har møde i juni måned."
    )


def test_short_mojibake_word_is_repaired():
    assert decode("PÃ¥ mÃ¸det".encode()) == "På mødet"


def test_partial_mojibake_is_repaired_without_touching_clean_lines():
    clean = "Ærø Kommune – Økonomi og “Åbne” punkter."
    raw = f"{clean}\nBeskÃ¦ftigelsesudvalget, Sagsnr.: 00.30.10-Ã˜00-4-22\n{clean}".encode()
    assert decode(raw).split("\n") == [
        clean,
        "Beskæftigelsesudvalget, Sagsnr.: 00.30.10-Ø00-4-22",
        clean,
    ]


def test_seed_001_item_58_is_repaired_and_the_rest_unchanged():
    raw = (SEEDS / "001_a766cabc7b462376.txt").read_bytes()
    original = raw.decode("utf-8").split("\n")
    decoded = decode(raw).split("\n")
    assert len(decoded) == len(original)
    changed = [(a, b) for a, b in zip(original, decoded, strict=True) if a != b]
    assert changed, "item 58's mojibake should be repaired"
    assert all("Ã" in before or "Â" in before for before, _ in changed)
    assert "Sagsnr.: 00.30.10-Ø00-4-22" in decoded
    assert "Udvalget ønsker ikke, at anlægsønsket skal indgå i den videre budgetproces." in decoded
    assert not any("Ã" in line for line in decoded)


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_clean_seeds_survive_every_encoding(seed):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    if "Ã" in text:
        pytest.skip("seed 001 carries mojibake on purpose")
    expected = decode(text.encode("utf-8"))
    for codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1252"):
        assert decode(text.encode(codec, errors="replace")) == expected, codec


def test_binary_junk_is_refused_in_danish():
    junk = bytes(range(256)) * 20
    with pytest.raises(ParseError, match="kunne ikke læses som tekst"):
        decode(junk)
