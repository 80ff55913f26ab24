"""Mobile numbers of the mainland (11 digits, starting 13–19)."""

import re

MOBILE_PATTERN = _MOBILE = re.compile(r"^1[3-9]\d{9}$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


class PhoneError(ValueError):
    pass


def is_clean_mobile(value) -> bool:
    """Already what parse_mobile returns: 11 ASCII digits, 1 then 3–9."""
    return (
        type(value) is str and len(value) == 11 and value.isascii() and bool(_MOBILE.match(value))
    )


def parse_mobile(raw: str) -> str:
    if is_clean_mobile(raw):
        return raw  # most cells of a big file
    text = str(raw).translate(_FULLWIDTH)
    text = re.sub(r"[\s\-()（）]", "", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    if not _MOBILE.match(text):
        raise PhoneError(f"手机号码 {raw} 无效：应为 1 开头的 11 位数字")
    return text


def mask_mobile(value: str) -> str:
    """138****1234 (RULES.md §9)."""
    if len(value) != 11:
        return value
    return value[:3] + "****" + value[-4:]
