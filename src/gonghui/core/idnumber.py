"""Resident ID numbers (居民身份证号码), GB 11643-1999; see RULES.md §2."""

import datetime as dt
from dataclasses import dataclass
from operator import mul

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# GB/T 2260 province-level codes (first two digits).
PROVINCES = {
    "11": "北京",
    "12": "天津",
    "13": "河北",
    "14": "山西",
    "15": "内蒙古",
    "21": "辽宁",
    "22": "吉林",
    "23": "黑龙江",
    "31": "上海",
    "32": "江苏",
    "33": "浙江",
    "34": "安徽",
    "35": "福建",
    "36": "江西",
    "37": "山东",
    "41": "河南",
    "42": "湖北",
    "43": "湖南",
    "44": "广东",
    "45": "广西",
    "46": "海南",
    "50": "重庆",
    "51": "四川",
    "52": "贵州",
    "53": "云南",
    "54": "西藏",
    "61": "陕西",
    "62": "甘肃",
    "63": "青海",
    "64": "宁夏",
    "65": "新疆",
    "71": "台湾",
    "81": "香港",
    "82": "澳门",
    "83": "台湾居住证",
}

_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")


class IdNumberError(ValueError):
    """A value that is not a valid ID number; the message is for a clerk."""


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: dt.date
    sex: str  # "M" or "F"
    converted_from_15: bool = False


# The digits' weights sum to 100, so Σ (code point − 48) × weight = Σ code point × weight − 4800.
_ZERO_OFFSET = 48 * sum(WEIGHTS)


def check_char(first17: str) -> str:
    """The check character of 17 ASCII digits (callers check that they are digits)."""
    return CHECK_CHARS[(sum(map(mul, first17.encode("ascii"), WEIGHTS)) - _ZERO_OFFSET) % 11]


def is_normalised(value: str) -> bool:
    """Already normalised: 18 ASCII characters, 17 digits and a digit or an upper-case X."""
    return (
        len(value) == 18
        and value.isascii()
        and value[:17].isdigit()
        and (value[17].isdigit() or value[17] == "X")
    )


_BIRTHS: dict[str, dt.date | None] = {}  # YYYYMMDD -> the date, or None when there is no such day


def _birth(digits: str) -> dt.date | None:
    try:
        return _BIRTHS[digits]
    except KeyError:
        pass
    try:
        birth = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        birth = None
    if len(_BIRTHS) < 100_000:  # about 44,000 days since 1900: the cache stays small
        _BIRTHS[digits] = birth
    return birth


def quick(value: str, today: dt.date) -> tuple[dt.date, str] | None:
    """(birth date, sex) of an already normalised number (is_normalised) that parse() accepts,
    else None (then parse() says why). For the millions of clean cells of big imports."""
    if value[:2] not in PROVINCES:
        return None
    birth = _birth(value[6:14])
    if birth is None or birth > today or birth.year < 1900:
        return None
    if (
        CHECK_CHARS[(sum(map(mul, value[:17].encode("ascii"), WEIGHTS)) - _ZERO_OFFSET) % 11]
        != (value[17])
    ):
        return None
    return birth, "M" if value[16] in "13579" else "F"


def clean(raw: str) -> str:
    """Strip spaces (also inside), full-width digits and a lower-case x."""
    text = str(raw).translate(_FULLWIDTH)
    text = "".join(text.split()).replace("\u200b", "").strip("'\"`")
    return text.upper()


def parse(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Normalise and validate; raise IdNumberError with a reason a clerk understands."""
    value = raw if type(raw) is str and is_normalised(raw) else clean(raw)
    if not value:
        raise IdNumberError("身份证号码为空")
    if "E+" in value or "E-" in value:
        raise IdNumberError(
            "身份证号码被 Excel 存成了科学计数法（如 3.20102E+17），后几位已经丢失，"
            "请把该列设置为“文本”格式后重新录入完整号码"
        )
    converted = False
    if len(value) == 15:
        if not (value.isascii() and value.isdigit()):
            raise IdNumberError("15 位身份证号码只能由数字组成")
        first17 = value[:6] + "19" + value[6:]
        value = first17 + check_char(first17)
        converted = True
    if len(value) != 18:
        raise IdNumberError(f"身份证号码应为 18 位，这里是 {len(value)} 位")
    if (
        not value.isascii()
        or not value[:17].isdigit()
        or not (value[17].isdigit() or value[17] == "X")
    ):
        raise IdNumberError("身份证号码前 17 位须为数字，最后一位为数字或 X")
    if value[:2] not in PROVINCES:
        raise IdNumberError(f"身份证号码前两位 {value[:2]} 不是有效的省级行政区划代码")
    birth = _birth(value[6:14])
    if birth is None:
        raise IdNumberError(
            f"身份证号码中的出生日期 {value[6:10]}-{value[10:12]}-{value[12:14]} 不是真实日期"
        )
    today = today or dt.date.today()
    if birth > today:
        raise IdNumberError(f"身份证号码中的出生日期 {birth:%Y-%m-%d} 在今天之后")
    if birth.year < 1900:
        raise IdNumberError(f"身份证号码中的出生年份 {birth.year} 早于 1900 年，请人工核对")
    expected = check_char(value[:17])
    if value[17] != expected:
        if value.endswith("000"):
            raise IdNumberError(
                "身份证号码校验位不符，且末尾为 000：多半是 Excel 把号码当数字存储丢了后几位，"
                "请把该列设置为“文本”格式后重新录入完整号码"
            )
        raise IdNumberError(f"身份证号码校验位不符：最后一位应为 {expected}，录入的是 {value[17]}")
    sex = "M" if int(value[16]) % 2 == 1 else "F"
    return IdNumber(value=value, birth_date=birth, sex=sex, converted_from_15=converted)


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except IdNumberError:
        return False
    return True


def mask(value: str) -> str:
    """3201**********123X: the first four and last four characters (ARCHITECTURE.md)."""
    if not value:
        return ""
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 1)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
