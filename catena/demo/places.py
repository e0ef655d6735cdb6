"""Real Chinese cities and districts for demo addresses, with the codes that go with them.

A small table, weighted roughly by economic activity, is enough for plausible data: the
administrative division code feeds the credit code (USCC), the area code the landlines and the
postcode base the postcodes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True)
class City:
    province: str
    name: str
    code: str  # GB/T 2260 division code of the city
    area_code: str  # trunk code without the leading 0
    subscriber_digits: int  # length of local landline numbers
    postcode: str
    weight: int
    districts: tuple[str, ...]

    @property
    def short(self) -> str:
        return self.name.removesuffix("市")

    @property
    def province_short(self) -> str:
        for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市"):
            if self.province.endswith(suffix):
                return self.province[: -len(suffix)]
        return self.province


# province, city, division code, area code, landline digits, postcode, weight, districts…
_CITY_TABLE = """
北京市 北京市 110100 10 8 100000 9 东城区 西城区 朝阳区 海淀区 丰台区 通州区 大兴区 顺义区
上海市 上海市 310100 21 8 200000 10 黄浦区 徐汇区 静安区 浦东新区 闵行区 嘉定区 松江区 青浦区
天津市 天津市 120100 22 8 300000 4 和平区 河西区 南开区 西青区 滨海新区 东丽区
重庆市 重庆市 500100 23 8 400000 4 渝中区 江北区 九龙坡区 沙坪坝区 渝北区 南岸区
广东省 广州市 440100 20 8 510000 8 天河区 越秀区 海珠区 白云区 番禺区 黄埔区 花都区
广东省 深圳市 440300 755 8 518000 9 南山区 福田区 罗湖区 宝安区 龙岗区 龙华区 光明区
广东省 东莞市 441900 769 8 523000 5 南城街道 东城街道 长安镇 虎门镇 松山湖 塘厦镇
广东省 佛山市 440600 757 8 528000 5 禅城区 南海区 顺德区 三水区 高明区
广东省 珠海市 440400 756 7 519000 2 香洲区 金湾区 斗门区
广东省 中山市 442000 760 8 528400 2 石岐街道 东区街道 小榄镇 火炬开发区
广东省 惠州市 441300 752 7 516000 2 惠城区 惠阳区 博罗县
浙江省 杭州市 330100 571 8 310000 7 上城区 拱墅区 西湖区 滨江区 萧山区 余杭区 临平区
浙江省 宁波市 330200 574 8 315000 4 海曙区 江北区 北仑区 镇海区 鄞州区
浙江省 温州市 330300 577 8 325000 3 鹿城区 龙湾区 瓯海区 乐清市
浙江省 金华市 330700 579 8 321000 3 婺城区 金东区 义乌市 永康市
浙江省 绍兴市 330600 575 8 312000 2 越城区 柯桥区 上虞区
浙江省 嘉兴市 330400 573 8 314000 2 南湖区 秀洲区 嘉善县 桐乡市
江苏省 南京市 320100 25 8 210000 6 玄武区 秦淮区 建邺区 鼓楼区 江宁区 栖霞区
江苏省 苏州市 320500 512 8 215000 7 姑苏区 虎丘区 吴中区 相城区 吴江区 昆山市
江苏省 无锡市 320200 510 8 214000 4 梁溪区 滨湖区 新吴区 锡山区 江阴市
江苏省 常州市 320400 519 8 213000 3 天宁区 钟楼区 新北区 武进区
江苏省 南通市 320600 513 8 226000 2 崇川区 通州区 海门区
山东省 济南市 370100 531 8 250000 4 历下区 市中区 槐荫区 历城区 章丘区
山东省 青岛市 370200 532 8 266000 5 市南区 市北区 黄岛区 崂山区 城阳区 即墨区
山东省 烟台市 370600 535 7 264000 2 芝罘区 莱山区 福山区 蓬莱区
山东省 潍坊市 370700 536 7 261000 2 潍城区 奎文区 坊子区 寿光市
福建省 福州市 350100 591 8 350000 3 鼓楼区 台江区 仓山区 晋安区 马尾区
福建省 厦门市 350200 592 7 361000 3 思明区 湖里区 集美区 海沧区 同安区
福建省 泉州市 350500 595 8 362000 3 鲤城区 丰泽区 洛江区 晋江市 石狮市
河北省 石家庄市 130100 311 8 050000 3 长安区 桥西区 新华区 裕华区
河北省 唐山市 130200 315 7 063000 2 路南区 路北区 丰润区
河北省 保定市 130600 312 7 071000 2 竞秀区 莲池区 满城区
河南省 郑州市 410100 371 8 450000 4 中原区 二七区 金水区 管城回族区 惠济区
河南省 洛阳市 410300 379 8 471000 2 西工区 涧西区 洛龙区 老城区
湖北省 武汉市 420100 27 8 430000 5 江岸区 江汉区 武昌区 洪山区 汉阳区 东西湖区
湖北省 宜昌市 420500 717 7 443000 1 西陵区 伍家岗区 点军区
湖北省 襄阳市 420600 710 7 441000 1 襄城区 樊城区 襄州区
湖南省 长沙市 430100 731 8 410000 4 芙蓉区 天心区 岳麓区 开福区 雨花区 望城区
湖南省 株洲市 430200 731 8 412000 1 天元区 芦淞区 荷塘区
四川省 成都市 510100 28 8 610000 5 锦江区 青羊区 金牛区 武侯区 成华区 双流区 郫都区
四川省 绵阳市 510700 816 7 621000 1 涪城区 游仙区 安州区
陕西省 西安市 610100 29 8 710000 4 新城区 碑林区 莲湖区 雁塔区 未央区 长安区
安徽省 合肥市 340100 551 8 230000 3 瑶海区 庐阳区 蜀山区 包河区
安徽省 芜湖市 340200 553 7 241000 1 镜湖区 弋江区 鸠江区
江西省 南昌市 360100 791 8 330000 2 东湖区 西湖区 青山湖区 红谷滩区
辽宁省 沈阳市 210100 24 8 110000 3 和平区 沈河区 皇姑区 铁西区 浑南区
辽宁省 大连市 210200 411 8 116000 3 中山区 西岗区 沙河口区 甘井子区 金州区
吉林省 长春市 220100 431 8 130000 2 南关区 朝阳区 绿园区 宽城区
黑龙江省 哈尔滨市 230100 451 8 150000 2 道里区 南岗区 香坊区 松北区
山西省 太原市 140100 351 7 030000 2 小店区 迎泽区 杏花岭区 万柏林区
广西壮族自治区 南宁市 450100 771 7 530000 2 青秀区 兴宁区 西乡塘区 江南区
广西壮族自治区 柳州市 450200 772 7 545000 1 城中区 鱼峰区 柳南区
云南省 昆明市 530100 871 8 650000 2 五华区 盘龙区 官渡区 西山区
贵州省 贵阳市 520100 851 8 550000 1 南明区 云岩区 观山湖区 花溪区
海南省 海口市 460100 898 8 570000 1 秀英区 龙华区 琼山区 美兰区
内蒙古自治区 呼和浩特市 150100 471 7 010000 1 新城区 回民区 玉泉区 赛罕区
甘肃省 兰州市 620100 931 7 730000 1 城关区 七里河区 安宁区
新疆维吾尔自治区 乌鲁木齐市 650100 991 7 830000 1 天山区 沙依巴克区 新市区 水磨沟区
宁夏回族自治区 银川市 640100 951 7 750000 1 兴庆区 金凤区 西夏区
青海省 西宁市 630100 971 7 810000 1 城东区 城中区 城西区 城北区
"""


def _parse_cities(table: str) -> tuple[City, ...]:
    cities = []
    for line in table.strip().splitlines():
        province, name, code, area, digits, postcode_base, weight, *districts = line.split()
        cities.append(
            City(province, name, code, area, int(digits), postcode_base, int(weight), tuple(districts))
        )
    return tuple(cities)


CITIES = _parse_cities(_CITY_TABLE)
_CITY_WEIGHTS = list(accumulate(c.weight for c in CITIES))

# Regions as the sales organisation uses them, for tags such as "华东重点".
SALES_REGIONS: dict[str, frozenset[str]] = {
    "华东": frozenset({"上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省"}),
    "华南": frozenset({"广东省", "广西壮族自治区", "海南省"}),
    "华北": frozenset({"北京市", "天津市", "河北省", "山西省", "内蒙古自治区"}),
    "华中": frozenset({"河南省", "湖北省", "湖南省"}),
    "西南": frozenset({"重庆市", "四川省", "贵州省", "云南省"}),
    "西北": frozenset({"陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区"}),
    "东北": frozenset({"辽宁省", "吉林省", "黑龙江省"}),
}
REGION_OF_PROVINCE = {
    province: region for region, provinces in SALES_REGIONS.items() for province in provinces
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_ROADS = _words(
    "人民路 中山路 解放路 建设路 长江路 黄河路 和平路 新华路 胜利路 东风路 文化路 青年路 工业大道 科技园路 "
    "高新路 创业路 发展大道 开发区大道 滨江路 环城北路 北京路 南京路 深南大道 学府路 迎宾大道 金融街 "
    "世纪大道 人民南路 朝阳北路 友谊路 光明路 振兴路 兴业路 经济技术开发区一路 物流园路 港城大道"
)
_BUILDINGS = _words("大厦 广场 中心 科技园 产业园 工业园 商务楼 国际中心")


def pick_city(rng: random.Random) -> City:
    return rng.choices(CITIES, cum_weights=_CITY_WEIGHTS)[0]


def pick_city_in(rng: random.Random, province: str) -> City:
    choices = [c for c in CITIES if c.province == province]
    return rng.choice(choices) if choices else pick_city(rng)


def street_address(rng: random.Random, *, brand: str = "", industrial: bool = False) -> str:
    road = rng.choice(_ROADS)
    number = rng.randint(1, 999)
    if industrial and rng.random() < 0.6:
        return f"{road}{number}号{rng.randint(1, 12)}栋"
    if rng.random() < 0.5:
        building = (
            f"{brand or rng.choice(('华润', '万达', '国贸', '中粮', '招商', '海航'))}{rng.choice(_BUILDINGS)}"
        )
        return f"{road}{number}号{building}{rng.randint(1, 30)}层{rng.randint(1, 20):02d}室"
    return f"{road}{number}号"


def postcode(rng: random.Random, city: City) -> str:
    base = int(city.postcode)
    return f"{base + rng.randint(0, 60):06d}"
