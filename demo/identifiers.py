"""ISSN and ISBN-13 check digits, so every identifier in the demo validates like a real one."""


def issn(first_seven: str) -> str:
    """'0803261' -> '0803-2610': weights 8..2, check = (11 - sum mod 11) mod 11, 10 -> 'X'."""
    if len(first_seven) != 7 or not first_seven.isdigit():
        raise ValueError(f"ISSN needs 7 digits before the check digit, got {first_seven!r}")
    total = sum(int(d) * w for d, w in zip(first_seven, range(8, 1, -1)))
    check = (11 - total % 11) % 11
    digits = first_seven + ("X" if check == 10 else str(check))
    return f"{digits[:4]}-{digits[4:]}"


def isbn13(*groups: str) -> str:
    """('978', '82', '7042', '123') -> '978-82-7042-123-C': 12 digits in groups, check appended."""
    digits = "".join(groups)
    if len(digits) != 12 or not digits.isdigit():
        raise ValueError(f"ISBN-13 needs 12 digits before the check digit, got {groups!r}")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return "-".join(groups) + f"-{(10 - total % 10) % 10}"
