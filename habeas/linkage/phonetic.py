"""A phonetic key for Salvadoran Spanish names: spellings that sound alike get one key.

Lists write the same name the way it sounds: "Vásquez", "Vázquez" and "Basquez";
"Yesenia" and "Llesenia"; "Quintanilla" and "Kintanilla". Soundex and Metaphone are built
for English and fold far too much or too little for Spanish, so this module writes down
the Salvadoran rules instead (seseo, yeísmo, b = v, silent h). The key is for blocking and
for one comparison level; it is never shown to anyone.

Rules, applied in this order to each word of :func:`habeas.domain.names.name_key` (accents
folded, "ñ" → "n", lower case):

1. ``ph`` → ``f``; a ``w`` → ``u`` ("Walter"/"Gualter" still differ, see below).
2. ``ch`` is one sound and kept as ``ch``, whatever follows.
3. ``x``: at the start of a word → ``s`` ("Xiomara" = "Siomara", "Xochilt" = "Sochilt"),
   except the Spanish ``x`` = ``j`` of "Ximena", "Ximénez" and "Xavier", which are written
   with ``j`` as often ("Jimena", "Javier"); anywhere else → ``ks`` ("Alexander").
4. ``qu`` → ``k``; ``gu`` before ``e``/``i`` → hard ``g`` ("Guillermo", "Guevara", and
   "Agüero", as the diaeresis is folded away); ``g`` before ``e``/``i`` → ``j``
   ("Geovany" = "Jeovany"); any other ``g`` stays.
5. ``c`` before ``e``/``i`` → ``s`` (seseo: "Cisneros" = "Sisneros"); any other ``c``
   → ``k``; ``k`` stays; ``z`` → ``s``.
6. ``v`` → ``b``.
7. ``ll`` → ``y`` (yeísmo: "Ulloa" = "Uyoa"); a ``y`` ending a word is the vowel ``i``
   ("Jeovanny" = "Jeovani").
8. ``h`` is silent and dropped ("Hernández" → "ernandes"; "Jhonny" = "Johnny" = "Jony").
   "Hernández" and "Fernández" keep different keys: the old ``f`` → ``h`` shift is
   history, not spelling variation, and two families are two families.
9. An ``s`` followed by a consonant at the start of a word takes the Spanish ``e``
   ("Stefany" = "Estefany").
10. Doubled letters collapse ("Carrillo" = "Carillo", "Jeovanny" = "Jeovany").

Kept simple on purpose: "hu" before a vowel is not merged with "gu"/"w" ("Huezo" →
"ueso", "Güezo" → "geso", "Wezo" → "ueso"), vowels are never merged ("Giovanni" →
"jiobani" differs from "Jeovanny" → "jeobani": the string comparisons catch those), and
"n"/"m" before "b"/"p" are left alone.

Examples
--------
>>> spanish_phonetic("Vásquez"), spanish_phonetic("Basquez")
('baskes', 'baskes')
>>> spanish_phonetic("Llesenia") == spanish_phonetic("Yesenia")
True
>>> spanish_phonetic("Hernández") == spanish_phonetic("Fernández")
False
"""

from __future__ import annotations

import functools
import re

from habeas.domain.names import name_key

__all__ = ["spanish_phonetic"]

# Words whose initial x is the old Spanish j (pronounced and often written with j).
_X_AS_J = frozenset({"ximena", "ximenez", "xavier", "xavi", "xaviera"})

# (pattern, replacement) in order; upper-case letters are placeholders for sounds that
# later rules must not touch again, lower-cased at the end.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"ph", "f"),
        (r"w", "u"),
        (r"ch", "C"),  # keep "ch" away from the c and h rules
        (r"^x", "S"),
        (r"x", "KS"),
        (r"qu", "K"),
        (r"gu(?=[ei])", "G"),
        (r"g(?=[ei])", "J"),
        (r"c(?=[ei])", "S"),
        (r"c", "K"),
        (r"k", "K"),
        (r"z", "S"),
        (r"v", "b"),
        (r"ll", "Y"),
        (r"y$", "i"),
        (r"h", ""),
        (r"^s(?=[^aeiouAEIOU])", "eS"),
    )
)
_DOUBLES = re.compile(r"(.)\1+")


def _word_key(word: str) -> str:
    if word in _X_AS_J:
        word = "j" + word[1:]
    for pattern, replacement in _RULES:
        word = pattern.sub(replacement, word)
    # Every plain "c" became K or S above, so after lower-casing a "c" can only be the
    # "ch" placeholder; it is spelled out after doubles collapse ("cch" stays one "ch").
    return _DOUBLES.sub(r"\1", word.lower()).replace("c", "ch")


@functools.lru_cache(maxsize=1 << 17)
def spanish_phonetic(name: str | None) -> str:
    """The Spanish phonetic key of a name (one word or several).

    Parameters
    ----------
    name
        A name in any spelling, case or accentuation ("VÁSQUEZ", "de la O"); a
        :func:`~habeas.domain.names.name_key` works as well.

    Returns
    -------
    str
        The key of each word, space-joined (particles kept: "de la o"); ``""`` for None,
        blank or a name with no letters or digits. Pure and cached.

    Examples
    --------
    >>> spanish_phonetic("Quintanilla"), spanish_phonetic("Kintanilla")
    ('kintaniya', 'kintaniya')
    >>> spanish_phonetic("Xiomara"), spanish_phonetic("Ximena")
    ('siomara', 'jimena')
    >>> spanish_phonetic("Geovany"), spanish_phonetic("Jeovanny"), spanish_phonetic("Giovanni")
    ('jeobani', 'jeobani', 'jiobani')
    """
    key = name_key(name)
    if not key:
        return ""
    return " ".join(w for w in (_word_key(word) for word in key.split()) if w)
