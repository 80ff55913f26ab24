"""Demo organisation tree and employers, modelled on the source document (篇1, 篇3, 篇5).

示范县总工会
├── 太华镇总工会: eight village unions (桥涯村, 杭坑村, 乾元村, 胥锦村 and four more), the
│   enterprise unions of 篇5 (海福, 博大, the textile firms 荣信, 宏伟, 华威, and 鼎球),
│   the 机关工会 and the 卫生院工会
├── 新庄镇总工会: a second town
├── 缸窑街道总工会: the sub-district of 篇3 and its communities
└── county units (教育局, 人民医院, 质量技术监督局)

Terms are set relative to today so that the 换届 flags show: some overdue, some due within three
or six months. Some employers have 25 or more staff and no union (应建未建).
"""

from gonghui.core.dates import add_months
from gonghui.core.demo import COUNTY_NAME, DemoContext
from gonghui.core.synthetic import CreditCodes, person_name

from .models import Employer, Organization

V, E, OFFICE, INST, J = (
    Organization.UnitType.VILLAGE,
    Organization.UnitType.ENTERPRISE,
    Organization.UnitType.OFFICE,
    Organization.UnitType.INSTITUTION,
    Organization.UnitType.JOINT,
)

# (full name, short name, unit type, employees, term in years, months until the term ends,
#  employer behind an enterprise union or "", industry)
TAIHUA_UNIONS = [
    ("桥涯村工会", "桥涯村", V, 168, 5, 30, "", ""),
    ("杭坑村工会", "杭坑村", V, 142, 5, 30, "", ""),
    ("乾元村工会", "乾元村", V, 131, 5, 30, "", ""),
    ("胥锦村工会", "胥锦村", V, 126, 5, -2, "", ""),  # overdue
    ("太华村工会", "太华村", V, 155, 5, 30, "", ""),
    ("龙池村工会", "龙池村", V, 97, 5, 2, "", ""),  # due within 3 months
    ("省庄村工会", "省庄村", V, 88, 5, 30, "", ""),
    ("茗岭村工会", "茗岭村", V, 76, 5, 5, "", ""),  # due within 6 months
    ("海福纺织有限公司工会", "海福工会", E, 236, 3, 14, "海福纺织有限公司", "纺织"),
    ("博大纺织有限公司工会", "博大工会", E, 188, 3, 4, "博大纺织有限公司", "纺织"),
    ("荣信纺织有限公司工会", "荣信纺织", E, 164, 3, 20, "荣信纺织有限公司", "纺织"),
    ("宏伟纺织品有限公司工会", "宏伟纺织", E, 142, 3, -7, "宏伟纺织品有限公司", "纺织"),
    ("华威纺织有限公司工会", "华威纺织", E, 121, 3, 25, "华威纺织有限公司", "纺织"),
    ("鼎球实业有限公司工会", "鼎球工会", E, 205, 5, 40, "鼎球实业有限公司", "制造业"),
    ("太华镇机关工会", "机关工会", OFFICE, 64, 5, 18, "", ""),
    ("太华镇卫生院工会", "太华卫生院", INST, 46, 5, 26, "", ""),
]
XINZHUANG_UNIONS = [
    ("新庄村工会", "新庄村", V, 120, 5, 22, "", ""),
    ("庄前村工会", "庄前村", V, 94, 5, -1, "", ""),
    ("东山村工会", "东山村", V, 83, 5, 35, "", ""),
    ("新庄电子科技有限公司工会", "新庄电子", E, 176, 3, -9, "新庄电子科技有限公司", "电子"),
    ("宜新机械制造有限公司工会", "宜新机械", E, 133, 3, 3, "宜新机械制造有限公司", "机械"),
    ("新庄镇机关工会", "新庄镇机关", OFFICE, 52, 5, 28, "", ""),
]
GANGYAO_UNIONS = [
    ("缸窑社区工会", "缸窑社区", J, 98, 5, 16, "", ""),
    ("东风社区工会", "东风社区", J, 74, 5, 5, "", ""),
    ("缸窑陶瓷有限公司工会", "缸窑陶瓷", E, 154, 3, 12, "缸窑陶瓷有限公司", "陶瓷"),
    ("缸窑街道机关工会", "街道机关", OFFICE, 41, 5, 34, "", ""),
]
COUNTY_UNIONS = [
    ("示范县教育局工会", "教育局工会", INST, 138, 5, 21, "", ""),
    ("示范县人民医院工会", "人民医院工会", INST, 212, 5, 9, "", ""),
    ("示范县质量技术监督局工会", "质监局工会", OFFICE, 58, 5, 44, "", ""),
]
TOWNS = [
    ("太华镇总工会", "太华镇", TAIHUA_UNIONS, 28),
    ("新庄镇总工会", "新庄镇", XINZHUANG_UNIONS, 40),
    ("缸窑街道总工会", "缸窑街道", GANGYAO_UNIONS, 19),
]
# Employers without a union of their own: (town, name, staff, industry, category).
# 25 or more staff and no union means 应建未建 (工会法 第十一条).
NON_UNION_EMPLOYERS = [
    ("太华镇总工会", "锦华纺织品有限公司", 64, "纺织", "91"),
    ("太华镇总工会", "太华竹木制品厂", 38, "制造业", "91"),
    ("太华镇总工会", "乾元谷农家乐餐饮有限公司", 16, "餐饮", "91"),
    ("太华镇总工会", "桥涯茶叶专业合作社", 22, "农业", "93"),
    ("太华镇总工会", "胥锦建材经营部", 6, "批发零售", "92"),
    ("新庄镇总工会", "新庄物流有限公司", 45, "物流", "91"),
    ("新庄镇总工会", "庄前汽车修理厂", 11, "服务业", "92"),
    ("缸窑街道总工会", "缸窑紫砂工艺品有限公司", 27, "陶瓷", "91"),
    ("缸窑街道总工会", "东风超市", 9, "批发零售", "92"),
]


def _term(context: DemoContext, years: int, months_left: int) -> dict:
    term_end = add_months(context.today, months_left)
    return {"term_start": add_months(term_end, -12 * years), "term_end": term_end}


def _add(context: DemoContext, parent, **fields) -> Organization:
    if parent is None:
        node = Organization.objects.add_root(fields)
    else:
        node = Organization.objects.add_child(parent, fields)
    context.orgs[node.name] = node
    if node.short_name:
        context.orgs.setdefault(node.short_name, node)
    return node


def load(context: DemoContext) -> None:
    rng = context.rng
    codes = CreditCodes(rng)
    county = _add(
        context,
        None,
        name=COUNTY_NAME,
        short_name="县总工会",
        kind=Organization.Kind.FEDERATION,
        chair=person_name(rng, female=False),
        phone="0510-87000000",
        **_term(context, 5, 26),
    )
    unions, employers = 0, 0
    for town_name, town_short, town_unions, months_left in TOWNS:
        town = _add(
            context,
            county,
            name=town_name,
            short_name=town_short,
            kind=Organization.Kind.TOWN,
            chair=person_name(rng, female=rng.random() < 0.3),
            **_term(context, 5, months_left),
        )
        for spec in town_unions:
            employers += _add_union(context, town, spec, codes)
            unions += 1
    for spec in COUNTY_UNIONS:
        employers += _add_union(context, county, spec, codes)
        unions += 1
    for town_name, name, staff, industry, category in NON_UNION_EMPLOYERS:
        Employer.objects.create(
            name=name,
            credit_code=codes.next(category=category),
            industry=industry,
            employees=staff,
            org=context.orgs[town_name],
            address=f"{context.orgs[town_name].short_name}{rng.randint(1, 300)}号",
        )
        employers += 1
    context.notes.append(
        f"组织：{len(TOWNS)} 个镇（街道）、{unions} 个基层工会、{employers} 个用人单位"
    )


def _add_union(context: DemoContext, parent, spec, codes: CreditCodes) -> int:
    name, short, unit_type, staff, years, months_left, employer_name, industry = spec
    rng = context.rng
    committee = "、".join(person_name(rng, female=rng.random() < 0.4) for _ in range(4))
    union = _add(
        context,
        parent,
        name=name,
        short_name=short,
        kind=Organization.Kind.GRASSROOTS,
        unit_type=unit_type,
        credit_code=codes.next(category="81"),
        established=add_months(context.today, -12 * rng.randint(6, 25)),
        chair=person_name(rng, female=rng.random() < 0.35),
        committee=committee,
        employees=staff,
        phone=f"0510-87{rng.randrange(10**6):06d}",
        **_term(context, years, months_left),
    )
    if not employer_name:
        return 0
    Employer.objects.create(
        name=employer_name,
        credit_code=codes.next(category="91"),
        industry=industry,
        employees=staff,
        org=parent,
        union=union,
        address=f"{parent.short_name}工业园区{rng.randint(1, 120)}号",
    )
    return 1
