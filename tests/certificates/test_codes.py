import itertools

import pytest

from certificates import codes


def test_generated_codes_are_random_and_carry_a_valid_check_character():
    generated = {codes.generate() for _ in range(200)}
    assert len(generated) == 200
    for code in generated:
        assert len(code) == 18 and set(code) <= set(codes.ALPHABET)
        assert codes.normalise(code) == code


def test_codes_carry_at_least_80_random_bits():
    assert codes.RANDOM_LENGTH * 5 >= 80


@pytest.mark.parametrize(
    "typed",
    ["{d}", "{d_lower}", " {d} ", "{plain_spaced}", "{plain}"],
)
def test_reading_a_code_ignores_case_spaces_and_dashes(typed):
    code = codes.generate()
    display = codes.display(code)
    text = typed.format(
        d=display,
        d_lower=display.lower(),
        plain=code,
        plain_spaced=" ".join(code[i : i + 3] for i in range(0, 18, 3)),
    )
    assert codes.normalise(text) == code


def test_reading_a_code_takes_o_for_zero_and_i_l_for_one():
    body = "0110" + "A" * 13
    code = body + codes.check_character(body)
    assert (
        codes.normalise(code.replace("0", "o", 1).replace("1", "I", 1).replace("1", "l", 1)) == code
    )


def _valid(body: str) -> str:
    return body + codes.check_character(body)


def test_every_single_wrong_character_is_caught():
    for code in (_valid("7K3M9Q2XR8TBVN4HC"), _valid("0" * 17), _valid("Z" * 17)):
        for i in range(len(code)):
            for char in codes.ALPHABET:
                if char != code[i]:
                    assert codes.normalise(code[:i] + char + code[i + 1 :]) is None


def test_every_swap_of_neighbours_is_caught_but_0_and_z():
    """Luhn mod 32 misses exactly one swap, as Luhn mod 10 misses 09 ↔ 90: checked for every
    pair of characters at every place, the check character's included."""
    missed = set()
    for first, second in itertools.permutations(codes.ALPHABET, 2):
        for i in range(codes.LENGTH - 1):
            body = ("A" * i + first + second).ljust(codes.RANDOM_LENGTH, "A")
            code = _valid(body[: codes.RANDOM_LENGTH])
            if code[i] == code[i + 1]:
                continue
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            if codes.normalise(swapped) is not None:
                missed.add(frozenset((code[i], code[i + 1])))
    assert missed == {frozenset("0Z")}


@pytest.mark.parametrize("text", ["", "ABC", "!" * 18, "U" * 18, "A" * 40, "../../etc/passwd"])
def test_malformed_codes_are_refused(text):
    assert codes.normalise(text) is None


def test_codes_are_shown_in_three_groups_of_six():
    assert codes.display("0123456789ABCDEFGH") == "012345-6789AB-CDEFGH"
