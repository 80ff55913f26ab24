"""统一社会信用代码, GB 32100-2015; see RULES.md §3. A failed check warns, never rejects."""

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_FULLWIDTH = {
    ord(c): ord(c) - 0xFEE0
    for c in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ"
}


def clean(raw: str) -> str:
    return "".join(str(raw).translate(_FULLWIDTH).split()).upper()


def check_char(first17: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    value = 31 - total % 31
    return CHARSET[0 if value == 31 else value]


def problems(raw: str) -> list[str]:
    """Return the reasons the code looks wrong (empty when it passes)."""
    code = clean(raw)
    if len(code) != 18:
        return [f"统一社会信用代码应为 18 位，这里是 {len(code)} 位"]
    bad = sorted({c for c in code if c not in CHARSET})
    if bad:
        return [f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用 I、O、S、V、Z）"]
    found = []
    expected = check_char(code[:17])
    if code[17] != expected:
        found.append(f"统一社会信用代码校验位不符：最后一位应为 {expected}")
    return found


def org_code_warning(raw: str) -> str | None:
    """The older GB 11714 check on positions 9-17; advisory only."""
    code = clean(raw)
    if len(code) != 18:
        return None
    body, check = code[8:16], code[16]
    try:
        # GB 11714 values letters over the whole alphabet: A=10 … Z=35.
        total = sum(int(c, 36) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    except ValueError:
        return None
    value = 11 - total % 11
    expected = {10: "X", 11: "0"}.get(value, str(value))
    if check != expected:
        return f"组织机构代码部分（第 9–17 位）校验不符：第 17 位应为 {expected}"
    return None
