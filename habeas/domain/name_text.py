"""The text of a name: a matching key, tidy capitalisation, and aliases split off.

These work on any string and need no name lists; :mod:`habeas.domain.names` splits a
full name into its parts with them and re-exports the public names.

Examples
--------
>>> name_key("  JOSÉ   Muñoz ")
'jose munoz'
>>> extract_alias('Juan Pérez alias "El Flaco"')
('Juan Pérez', 'El Flaco')
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["clean_name", "extract_alias", "name_key"]

# Words written in lower case inside a name ("María de los Ángeles", "Ortega y Gasset").
_LOWER_WORDS = frozenset({"de", "del", "la", "las", "los", "lo", "y"})


def name_key(s: str | None) -> str:
    """A matching key: accents and "ñ" folded, lower case, punctuation as single spaces.

    Apostrophes are dropped ("D'Aubuisson" and "Daubuisson" match). The key is idempotent
    and holds only ``a-z``, ``0-9`` and single spaces. None gives ``""``.

    Examples
    --------
    >>> name_key("María  de los ÁNGELES Núñez")
    'maria de los angeles nunez'
    >>> name_key("D'Aubuisson") == name_key("DAUBUISSON")
    True
    """
    if not s:
        return ""
    return _name_key(s)


@functools.lru_cache(maxsize=1 << 16)
def _name_key(s: str) -> str:
    # Cached: lists repeat the same few thousand words (José, Hernández...) endlessly.
    folded = unicodedata.normalize("NFKD", s.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"['’`´]", "", folded)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _capitalise(word: str) -> str:
    if not word.isupper() and not word.islower() and word[0].isupper():
        return word  # mixed case as written ("McKenzie", "DeLeón"): trust the source
    parts = re.split(r"([-'’])", word.lower())
    return "".join(p[:1].upper() + p[1:] for p in parts)


def clean_name(s: str | None) -> str | None:
    """Tidy the spacing and capitalisation of a name; None for blank.

    Each word gets a capital initial, particles (de, del, la, las, los, y) are lower case
    except as the first word, so "de la o" as a surname becomes "De la O" and "juan de la
    o" becomes "Juan de la O". Accents are never invented: "JOSE" becomes "Jose".

    Examples
    --------
    >>> clean_name("JOSE  hernandez")
    'Jose Hernandez'
    >>> clean_name("MARÍA DE LOS ÁNGELES")
    'María de los Ángeles'
    >>> clean_name("de la o")
    'De la O'
    """
    if s is None:
        return None
    words = s.split()
    if not words:
        return None
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        out.append(lower if i > 0 and lower in _LOWER_WORDS else _capitalise(word))
    return " ".join(out)


# ------------------------------------------------------------------------- aliases

_QUOTES = '"“”«»„'
_EDGE_PUNCTUATION = ",;:()[]{}" + _QUOTES
_KEYWORD = (
    r"(?:\balias\b|\ba\.?\s?k\.?\s?a\b\.?|\(\s*a\s*\)|\bconocid[oa]s?\s+como\b"
    r"|\bapodad[oa]\b|\bapodo\b)"
)
_PAREN_ALIAS = re.compile(rf"\(\s*{_KEYWORD}\s*[:.]?\s*([^)]*)\)", re.IGNORECASE)
_KEYWORD_ALIAS = re.compile(
    rf"[,;]?\s*{_KEYWORD}\s*[:.]?\s*(?:[{_QUOTES}']([^{_QUOTES}]+?)[{_QUOTES}']|([^,;()]+))",
    re.IGNORECASE,
)
_QUOTED = re.compile(rf"[{_QUOTES}]([^{_QUOTES}]+)[{_QUOTES}]|(?<!\S)'([^']+)'(?!\S)")


def _tidy_alias(text: str) -> str | None:
    text = text.strip().strip(_QUOTES + "'").strip(" ,;:.")
    return clean_name(text)


def extract_alias(raw: str) -> tuple[str, str | None]:
    """Split an alias off a name: ``(name without the alias, alias or None)``.

    Reads ``alias "El Flaco"``, ``alias el Chele``, ``(a) El Flaco``, ``a.k.a.``,
    ``conocido como``, ``(alias ...)`` and a nickname in double quotes anywhere in the name
    (``Juan "El Flaco" Pérez``). The alias loses its keyword and quotes and is tidied by
    :func:`clean_name`; several aliases are joined with "; ".

    Examples
    --------
    >>> extract_alias('Juan Pérez alias "El Flaco"')
    ('Juan Pérez', 'El Flaco')
    >>> extract_alias("JOSE LOPEZ (a) El Chele")
    ('JOSE LOPEZ', 'El Chele')
    >>> extract_alias("Juan Pérez")
    ('Juan Pérez', None)
    """
    text = " ".join(raw.split())
    if len(text) > 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()  # a whole name in quotes is a name, not a nickname
    aliases: list[str] = []

    def take(match: re.Match[str]) -> str:
        found = next((g for g in match.groups() if g), "")
        alias = _tidy_alias(found)
        if alias:
            aliases.append(alias)
        return " "

    for pattern in (_PAREN_ALIAS, _KEYWORD_ALIAS, _QUOTED):
        text = pattern.sub(take, text)
    name = " ".join(text.split()).strip(" ,;:-")
    return name, "; ".join(aliases) if aliases else None
