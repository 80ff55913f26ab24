"""Figures as Chinese reports write them: exact by default, or the rounded forms unions use."""

from decimal import ROUND_DOWN, Decimal

DIGITS = "零一二三四五六七八九"


def chinese_small(n: int) -> str:
    """1–9999 in Chinese numerals (八百, 一千二百, 三十五)."""
    if n == 0:
        return "零"
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out, zero = "", False
    for size, name in units:
        digit, n = divmod(n, size)
        if digit:
            if zero and out:
                out += "零"
            out += DIGITS[digit] + name
            zero = False
        elif out:
            zero = True
    return out[1:] if out.startswith("一十") else out


def exact(value) -> str:
    """194 → 194; Decimal('21623.00') → 21623; Decimal('2.50') → 2.5; thousands not separated, as the source writes."""
    if isinstance(value, Decimal):
        value = value.normalize()
        text = format(value, "f")
        return text
    return str(value)


def money_rounded(yuan) -> str:
    """24000 → 2.4万; 131234 → 13万余; 5000 → 5000 (under 1万 stays exact)."""
    yuan = Decimal(yuan)
    if yuan < 10000:
        return exact(yuan)
    wan = yuan / Decimal(10000)
    one_place = wan.quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    if one_place == wan:
        return f"{exact(one_place)}万"
    return f"{int(wan)}万余"


def count_rounded(n: int) -> str:
    """812 → 八百余; 1200 → 一千二百; 93 → 93 (under 100 stays exact)."""
    if n < 100:
        return str(n)
    step = 1000 if n >= 10000 else 100
    floor = n // step * step
    if floor >= 10000:
        text = f"{floor // 10000}万" if floor % 10000 == 0 else f"{floor / 10000:g}万"
    else:
        text = chinese_small(floor)
    return text if floor == n else text + "余"


def percent(numerator, denominator, places: int = 1) -> str:
    """100% when equal; one decimal place otherwise; — when the denominator is 0."""
    if not denominator:
        return "—"
    value = Decimal(numerator) * 100 / Decimal(denominator)
    if value == value.to_integral_value():
        return f"{int(value)}%"
    return f"{value.quantize(Decimal(1).scaleb(-places))}%"
