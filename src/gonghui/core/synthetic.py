"""Synthetic people and units for the demo and the benchmarks: valid check characters, fake people.

Everything takes a `random.Random`, so a fixed seed gives the same data every time. The ID numbers
pass the GB 11643 check and the credit codes the GB 32100 check; any match with a real person or
unit is chance. They are for demos and tests only.
"""

import datetime as dt
import random

from . import creditcode, idnumber

# 宜兴市 (the county of the source document) first, then the provinces migrant workers come from.
HOME_AREA = "320282"
OTHER_AREAS = (
    "320281",  # 江阴市
    "320205",  # 锡山区
    "320583",  # 昆山市
    "341221",  # 临泉县
    "341623",  # 利辛县
    "412726",  # 郸城县
    "511321",  # 南部县
    "522121",  # 遵义县
    "430524",  # 隆回县
    "362329",  # 余干县
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林峰建国志新海兵东亮文"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲桂英秀兰红梅琳慧萍雪颖洁琴云莉倩婷晶丹蓉佳月凤珍美玉萍"

ETHNICITIES = ("汉族",) * 48 + ("回族", "满族")
POLITICAL = ("群众",) * 12 + ("中共党员",) * 3 + ("共青团员",) * 2 + ("民盟盟员", "无党派人士")
EDUCATION = (
    ("初中",) * 5 + ("高中",) * 4 + ("中专",) * 3 + ("大专",) * 3 + ("本科",) * 2 + ("小学",)
)
MOBILE_PREFIXES = (
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "158",
    "180",
    "186",
    "189",
)

# Body characters of a 组织机构代码 that are also allowed in a credit code.
_ORG_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def person_name(rng: random.Random, *, female: bool) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.005 else rng.choice(SURNAMES)
    pool = GIVEN_FEMALE if female else GIVEN_MALE
    given = rng.choice(pool) if rng.random() < 0.35 else rng.choice(pool) + rng.choice(pool)
    return surname + given


def id_number(area: str, birth: dt.date, sequence: int) -> str:
    """An 18-character ID; sequence 0-999, its parity gives the sex (odd = male)."""
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + idnumber.check_char(first17)


class IdNumbers:
    """Hands out unique synthetic ID numbers (about one in five from outside the county)."""

    def __init__(self, rng: random.Random, *, born_from=1963, born_to=2004):
        self.rng = rng
        self.born_from = dt.date(born_from, 1, 1).toordinal()
        self.born_to = dt.date(born_to, 12, 31).toordinal()
        self.seen: set[str] = set()

    def next(self, *, female: bool) -> str:
        while True:
            area = HOME_AREA if self.rng.random() < 0.8 else self.rng.choice(OTHER_AREAS)
            birth = dt.date.fromordinal(self.rng.randint(self.born_from, self.born_to))
            sequence = self.rng.randrange(0, 500) * 2 + (0 if female else 1)
            value = id_number(area, birth, sequence)
            if value not in self.seen:
                self.seen.add(value)
                return value


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def org_code(rng: random.Random) -> str:
    """A 9-character 组织机构代码 whose GB 11714 check character is right."""
    body = "".join(rng.choice(_ORG_CODE_CHARS) for _ in range(8))
    total = sum(int(c, 36) * w for c, w in zip(body, creditcode.ORG_CODE_WEIGHTS, strict=True))
    value = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(value, str(value))


def credit_code(rng: random.Random, *, category: str = "91", area: str = HOME_AREA) -> str:
    """统一社会信用代码: 91 an enterprise, 81 a 基层工会; both checks pass."""
    first17 = category + area + org_code(rng)
    return first17 + creditcode.check_char(first17)


class CreditCodes:
    """Unique credit codes."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[str] = set()

    def next(self, *, category: str = "91") -> str:
        while True:
            value = credit_code(self.rng, category=category)
            if value not in self.seen:
                self.seen.add(value)
                return value
