"""Chinese names of people and companies, with pinyin so that e-mail addresses match the names.

Faker's zh_CN provider gives names without their romanisation; these small tables keep a
contact's name, e-mail address and company domain consistent (张伟 → zhang.wei@huada.com.cn).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from catena.demo.places import City
from catena.parties.choices import PartyRoleType

# (surname, pinyin, relative frequency)
_SURNAMES = (
    "王 wang 72,李 li 70,张 zhang 67,刘 liu 51,陈 chen 46,杨 yang 32,黄 huang 25,赵 zhao 20,吴 wu 20,"
    "周 zhou 19,徐 xu 15,孙 sun 14,马 ma 13,朱 zhu 13,胡 hu 12,郭 guo 11,何 he 11,林 lin 11,高 gao 10,"
    "罗 luo 10,郑 zheng 9,梁 liang 9,谢 xie 8,宋 song 7,唐 tang 7,许 xu 7,韩 han 6,冯 feng 6,邓 deng 6,"
    "曹 cao 6,彭 peng 6,曾 zeng 6,肖 xiao 6,田 tian 5,董 dong 5,袁 yuan 5,潘 pan 5,于 yu 5,蒋 jiang 5,"
    "蔡 cai 5,余 yu 5,杜 du 5,叶 ye 5,程 cheng 4,苏 su 5,魏 wei 4,吕 lv 4,丁 ding 4,任 ren 4,沈 shen 4,"
    "姚 yao 4,卢 lu 4,姜 jiang 4,崔 cui 4,钟 zhong 4,谭 tan 4,陆 lu 4,汪 wang 4,范 fan 4,金 jin 3,"
    "石 shi 3,廖 liao 4,贾 jia 3,夏 xia 3,韦 wei 3,付 fu 3,方 fang 3,白 bai 3,邹 zou 3,孟 meng 3,"
    "熊 xiong 3,秦 qin 3,邱 qiu 3,江 jiang 3,尹 yin 3,薛 xue 3,闫 yan 3,段 duan 2,雷 lei 2,侯 hou 3,"
    "龙 long 2,史 shi 2,陶 tao 2,黎 li 2,贺 he 2,顾 gu 2,毛 mao 2,郝 hao 2,龚 gong 2,邵 shao 2,"
    "万 wan 2,钱 qian 2,严 yan 2,覃 qin 2,武 wu 2,戴 dai 3,莫 mo 2,孔 kong 2,向 xiang 2,"
    "汤 tang 2,欧阳 ouyang 1"
)
SURNAMES: tuple[tuple[str, str], ...] = tuple(
    (part.split()[0], part.split()[1]) for part in _SURNAMES.split(",")
)
_SURNAME_WEIGHTS = list(accumulate(int(part.split()[2]) for part in _SURNAMES.split(",")))


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    items = text.split()
    return tuple(zip(items[0::2], items[1::2], strict=True))


_MALE = _pairs(
    "伟 wei 强 qiang 磊 lei 军 jun 勇 yong 杰 jie 涛 tao 斌 bin 超 chao 明 ming 刚 gang 平 ping 辉 hui "
    "鹏 peng 华 hua 飞 fei 鑫 xin 波 bo 宇 yu 浩 hao 凯 kai 健 jian 俊 jun 帆 fan 旭 xu 宁 ning 龙 long "
    "林 lin 阳 yang 建 jian 国 guo 志 zhi 文 wen 海 hai 峰 feng 博 bo 晨 chen 亮 liang 成 cheng 东 dong "
    "振 zhen 子 zi 天 tian 瑞 rui 嘉 jia 家 jia 晓 xiao 永 yong 德 de 春 chun 立 li 新 xin 长 chang"
)
_FEMALE = _pairs(
    "芳 fang 娜 na 敏 min 静 jing 丽 li 艳 yan 娟 juan 霞 xia 秀 xiu 玲 ling 英 ying 婷 ting 雪 xue "
    "慧 hui 琳 lin 颖 ying 倩 qian 洁 jie 燕 yan 佳 jia 欣 xin 悦 yue 怡 yi 萍 ping 红 hong 梅 mei "
    "莉 li 璐 lu 琪 qi 雯 wen 丹 dan 晶 jing 月 yue 蕾 lei 薇 wei 瑶 yao 彤 tong 梦 meng 诗 shi 雨 yu "
    "思 si 晓 xiao 嘉 jia 文 wen 小 xiao 春 chun"
)

# Two characters of good omen make a brand: 华 + 达 → 华达 (huada).
_BRAND_CHARS = _pairs(
    "华 hua 达 da 金 jin 泰 tai 宏 hong 远 yuan 鑫 xin 源 yuan 恒 heng 通 tong 盛 sheng 隆 long 永 yong "
    "兴 xing 新 xin 锐 rui 创 chuang 联 lian 科 ke 瑞 rui 德 de 安 an 信 xin 诚 cheng 嘉 jia 益 yi 凯 kai "
    "博 bo 晟 sheng 汇 hui 中 zhong 天 tian 宇 yu 海 hai 东 dong 力 li 美 mei 佳 jia 康 kang 顺 shun "
    "丰 feng 利 li 和 he 富 fu 昌 chang 明 ming 光 guang 星 xing 辰 chen 鼎 ding 高 gao 捷 jie 迅 xun "
    "亿 yi 万 wan 品 pin 优 you 卓 zhuo 越 yue 协 xie 精 jing 正 zheng 伟 wei 长 chang 路 lu 蓝 lan"
)

# (name segment, industry label) per role; the segment goes between brand and legal form.
INDUSTRIES: dict[str, tuple[tuple[str, str], ...]] = {
    PartyRoleType.MANUFACTURER: (
        ("电子科技", "电子制造"), ("电器", "家用电器"), ("机械", "机械制造"), ("汽车部件", "汽车零部件"),
        ("智能装备", "装备制造"), ("光电", "光电器件"),
    ),
    PartyRoleType.SUPPLIER: (
        ("新材料", "材料"), ("化工", "化工"), ("五金制品", "五金"), ("塑胶", "塑料制品"),
        ("包装", "包装材料"), ("电子元件", "电子元器件"), ("金属制品", "金属加工"), ("精密模具", "模具"),
    ),
    PartyRoleType.DISTRIBUTOR: (
        ("商贸", "批发贸易"), ("贸易", "批发贸易"), ("供应链管理", "供应链服务"), ("电器销售", "家电批发"),
        ("实业", "批发贸易"),
    ),
    PartyRoleType.RETAILER: (
        ("电器", "家电零售"), ("百货", "百货零售"), ("商贸", "零售"), ("超市", "商超"), ("数码", "数码零售"),
        ("家居", "家居零售"),
    ),
    PartyRoleType.CARRIER: (
        ("物流", "物流"), ("货运", "道路运输"), ("快运", "快运"), ("供应链", "仓储物流"),
        ("国际货运代理", "货运代理"),
    ),
    PartyRoleType.SERVICE_PARTNER: (
        ("技术服务", "技术服务"), ("机电设备安装工程", "安装工程"), ("设备维修", "维修服务"),
        ("制冷设备工程", "制冷维修"),
    ),
    PartyRoleType.CUSTOMER: (
        ("酒店管理", "酒店"), ("餐饮管理", "餐饮"), ("建设工程", "建筑"), ("房地产开发", "房地产"),
        ("物业服务", "物业"), ("医疗器械", "医疗"), ("教育科技", "教育"), ("信息技术", "信息技术"),
        ("纺织", "纺织服装"), ("食品", "食品"), ("印刷", "印刷"), ("日化", "日化"), ("医药", "医药"),
        ("农业科技", "农业"), ("文化传媒", "文化传媒"), ("装饰工程", "装饰装修"), ("汽车服务", "汽车服务"),
        ("环保科技", "环保"), ("新能源科技", "新能源"), ("网络科技", "互联网"),
    ),
}  # fmt: skip
INDUSTRIES[PartyRoleType.PROSPECT] = INDUSTRIES[PartyRoleType.CUSTOMER]

# (title, department) of the people we deal with, per role of their company.
COMMON_TITLES = (("总经理", "总经办"), ("副总经理", "总经办"), ("财务经理", "财务部"), ("行政经理", "行政部"))
TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    PartyRoleType.MANUFACTURER: (
        ("采购总监", "采购部"), ("供应链经理", "供应链部"), ("生产经理", "生产部"), ("质量经理", "质量部"),
        ("渠道经理", "销售部"), ("销售总监", "销售部"), ("技术总监", "技术部"),
    ),
    PartyRoleType.SUPPLIER: (
        ("销售经理", "销售部"), ("客户经理", "销售部"), ("质量工程师", "质量部"), ("计划主管", "生产部"),
    ),
    PartyRoleType.DISTRIBUTOR: (
        ("采购经理", "采购部"), ("区域经理", "销售部"), ("仓储主管", "物流部"), ("运营总监", "运营部"),
    ),
    PartyRoleType.RETAILER: (
        ("店长", "门店"), ("采购主管", "采购部"), ("区域经理", "运营部"), ("店员", "门店"),
    ),
    PartyRoleType.CARRIER: (
        ("调度主管", "调度中心"), ("客户经理", "市场部"), ("运营经理", "运营部"), ("仓库经理", "仓储部"),
    ),
    PartyRoleType.SERVICE_PARTNER: (
        ("服务经理", "服务部"), ("维修工程师", "工程部"), ("项目经理", "工程部"),
    ),
    PartyRoleType.CUSTOMER: (
        ("采购经理", "采购部"), ("设备主管", "工程部"), ("项目经理", "项目部"), ("采购专员", "采购部"),
    ),
}  # fmt: skip
TITLES[PartyRoleType.PROSPECT] = TITLES[PartyRoleType.CUSTOMER]

_LEGAL_FORMS = (("有限公司", 70), ("有限责任公司", 15), ("股份有限公司", 10), ("集团有限公司", 5))
_FORMS = [f for f, _w in _LEGAL_FORMS]
_FORM_WEIGHTS = list(accumulate(w for _f, w in _LEGAL_FORMS))
_FREE_MAIL = ("qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "139.com")
_TLDS = ("com", "com.cn", "cn", "net")


@dataclass(frozen=True)
class PersonName:
    surname: str
    given: str
    surname_pinyin: str
    given_pinyin: str
    is_female: bool

    @property
    def full(self) -> str:
        return self.surname + self.given

    def mailbox(self, rng: random.Random) -> str:
        style = rng.random()
        if style < 0.5:
            return f"{self.surname_pinyin}.{self.given_pinyin}"
        if style < 0.8:
            return f"{self.given_pinyin}{self.surname_pinyin}"
        return f"{self.surname_pinyin}{self.given_pinyin}{rng.randint(1, 99)}"


@dataclass(frozen=True)
class CompanyName:
    name: str
    short_name: str
    brand_pinyin: str
    industry: str
    domain: str


def person_name(rng: random.Random, *, is_female: bool | None = None) -> PersonName:
    surname, surname_py = rng.choices(SURNAMES, cum_weights=_SURNAME_WEIGHTS)[0]
    female = rng.random() < 0.45 if is_female is None else is_female
    pool = _FEMALE if female else _MALE
    first = rng.choice(pool)
    if rng.random() < 0.35:
        given, given_py = first
    else:
        second = rng.choice(pool)
        while second[0] == first[0]:
            second = rng.choice(pool)
        given, given_py = first[0] + second[0], first[1] + second[1]
    return PersonName(surname, given, surname_py, given_py, female)


def person_email(rng: random.Random, name: PersonName) -> str:
    if rng.random() < 0.4:
        return f"{rng.randint(10000000, 3999999999)}@qq.com"
    return f"{name.mailbox(rng)}@{rng.choice(_FREE_MAIL)}"


def company_name(rng: random.Random, role: str, city: City, *, sole_trader: bool = False) -> CompanyName:
    """A plausible company name: city + brand + industry + legal form (深圳华达电子科技有限公司)."""
    (c1, p1), (c2, p2) = rng.sample(_BRAND_CHARS, 2)
    brand, brand_py = c1 + c2, p1 + p2
    segment, industry = rng.choice(INDUSTRIES[role])
    domain = f"{brand_py}{rng.choice(('', '-tech', 'group', '-sc', ''))}.{rng.choice(_TLDS)}"
    if sole_trader:
        district = rng.choice(city.districts)
        shop = rng.choice(("电器商行", "便利店", "数码店", "五金店", "家电经营部"))
        return CompanyName(
            f"{city.name}{district}{brand}{shop}", f"{brand}{shop[:2]}", brand_py, industry, domain
        )
    form = rng.choices(_FORMS, cum_weights=_FORM_WEIGHTS)[0]
    style = rng.random()
    if style < 0.7:
        name = f"{city.short}{brand}{segment}{form}"
    elif style < 0.85:
        name = f"{city.province_short}{brand}{segment}{form}"
    else:
        name = f"{brand}{segment}（{city.short}）{form}"
    return CompanyName(name, f"{brand}{segment[:2]}", brand_py, industry, domain)
