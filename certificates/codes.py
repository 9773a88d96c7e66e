"""Certificate numbers: 17 random Crockford base32 characters (85 bits) and a check character.

Shown as three groups of six (`7K3M9Q-2XR8TB-VN4HC1`). Reading one back ignores case,
spaces and dashes and takes O for 0 and I or L for 1, as Crockford's alphabet intends;
a typo fails the check character before anything is looked up (every single wrong
character, and every swap of two neighbours but 0 ↔ Z).
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 17
LENGTH = RANDOM_LENGTH + 1
_VALUE = {char: value for value, char in enumerate(ALPHABET)}
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def check_character(body: str) -> str:
    """Luhn mod 32: catches every single wrong character, and every swap of neighbours
    but one: 0 and Z trade places unseen (as 0 and 9 do in the decimal Luhn check)."""
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * _VALUE[char]
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return ALPHABET[-total % 32]


def generate() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_character(body)


def normalise(text: str) -> str | None:
    """The code as stored, or None if it cannot be one (no database needed to say so)."""
    code = text.strip().upper().translate(_READ_AS)
    if len(code) != LENGTH or any(char not in _VALUE for char in code):
        return None
    if check_character(code[:-1]) != code[-1]:
        return None
    return code


def display(code: str) -> str:
    return "-".join(code[i : i + 6] for i in range(0, len(code), 6))
