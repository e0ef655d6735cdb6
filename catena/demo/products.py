"""Demo catalog: categories and products with a standard cost below the list price."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from catena.catalog.models import Category, Product
from catena.core.money import quantize
from catena.demo.identifiers import gtin13


@dataclass(frozen=True)
class _Line:
    parent: str
    name: str
    code: str
    unit: str
    cost_range: tuple[int, int]  # yuan
    items: tuple[str, ...]
    models: tuple[str, ...]


# group|category|SKU code|unit|standard cost range (yuan)|items|models
_TABLE = """
家用电器|空调|AC|set|1200-4500|变频挂机空调,立柜式空调,中央空调室内机,移动空调|KFR-26GW,KFR-35GW,KFR-50LW,KFR-72LW
家用电器|冰箱|RF|pcs|900-6000|双门冰箱,三门冰箱,对开门冰箱,冷柜|BCD-215,BCD-318,BCD-520,BD-200
家用电器|洗衣机|WM|pcs|700-3500|滚筒洗衣机,波轮洗衣机,洗烘一体机|XQG80,XQB90,XQG100
家用电器|小家电|SA|pcs|60-600|电饭煲,电水壶,空气炸锅,吸尘器,电风扇|S1,S3,Pro,Max
电子元器件|连接器|CN|box|20-300|板对板连接器,线对板连接器,USB-C 母座,端子排|0.8mm,1.0mm,2.54mm
电子元器件|电源模块|PW|pcs|15-400|开关电源,DC-DC 模块,适配器|12V2A,24V5A,5V3A
电子元器件|传感器|SN|pcs|8-250|温湿度传感器,压力传感器,红外传感器|T100,P200,IR30
五金工具|紧固件|FS|box|10-120|不锈钢螺丝,膨胀螺栓,六角螺母|M4,M6,M8,M10
五金工具|电动工具|PT|pcs|150-1200|冲击钻,角磨机,电动螺丝刀|18V,20V,750W
包装材料|纸箱|CT|ctn|2-15|五层瓦楞纸箱,三层瓦楞纸箱,彩印包装盒|小号,中号,大号
包装材料|缓冲材料|CU|kg|8-40|EPE 珍珠棉,气泡膜,EPS 泡沫|A 级,B 级
汽车配件|滤清器|FL|pcs|12-90|机油滤清器,空气滤清器,空调滤清器|W712,C2029,CU2939
汽车配件|刹车片|BP|set|60-400|陶瓷刹车片,半金属刹车片|前轮,后轮
原材料|塑料粒子|PL|t|7000-16000|ABS 粒子,PP 粒子,PC 粒子|通用级,阻燃级
原材料|铜材|CO|t|55000-72000|紫铜带,黄铜棒|T2,H62
"""


def _parse_lines(table: str) -> tuple[_Line, ...]:
    lines = []
    for row in table.strip().splitlines():
        parent, name, code, unit, costs, items, models = (cell.strip() for cell in row.split("|"))
        low, high = costs.split("-")
        lines.append(
            _Line(
                parent,
                name,
                code,
                unit,
                (int(low), int(high)),
                tuple(items.split(",")),
                tuple(models.split(",")),
            )
        )
    return tuple(lines)


_LINES = _parse_lines(_TABLE)


MATERIAL_GROUPS = frozenset({"电子元器件", "包装材料", "原材料"})  # bought by manufacturers, not sold on
GOODS = "goods"
MATERIALS = "materials"


def product_count(scale: float) -> int:
    """About 200 products at scale 1, growing with the square root of the scale."""
    return max(20, round(200 * scale**0.5))


def create_catalog(rng: random.Random, count: int) -> int:
    """Create ``count`` products spread over the product lines; returns how many."""
    categories: dict[tuple[str, str], Category] = {}
    for line in _LINES:
        parent, _created = Category.objects.get_or_create(parent=None, name=line.parent)
        categories[(line.parent, line.name)] = Category.objects.get_or_create(parent=parent, name=line.name)[
            0
        ]
    products = []
    company_prefix = rng.randint(10000, 99999)
    for n in range(count):
        line = _LINES[n % len(_LINES)]
        cost = Decimal(rng.uniform(*line.cost_range)).quantize(Decimal("1"))
        cost = quantize(cost if cost >= 10 else cost + Decimal(rng.randint(0, 99)) / 100)
        margin = Decimal(str(round(rng.uniform(1.12, 1.85), 2)))
        price = quantize(cost * margin)
        if price <= cost:
            price = cost + Decimal("1.00")
        item = rng.choice(line.items)
        model = rng.choice(line.models)
        products.append(
            Product(
                sku=f"{line.code}-{n + 1:05d}",
                name=f"{item} {model}",
                category=categories[(line.parent, line.name)],
                unit=line.unit,
                gtin=gtin13(company_prefix, n + 1) if line.unit in ("pcs", "set", "box") else None,
                standard_cost=cost,
                list_price=price,
                is_active=rng.random() > 0.05,
                description=f"{line.parent}/{line.name}：{item}，型号 {model}。",
            )
        )
    Product.objects.bulk_create(products, batch_size=1000)
    return len(products)


def names_by_family(limit: int = 500) -> dict[str, list[str]]:
    """Product names for interaction texts: goods we sell on, materials we buy."""
    families: dict[str, list[str]] = {GOODS: [], MATERIALS: []}
    rows = Product.objects.order_by("id").values_list("name", "category__parent__name", "category__name")[
        :limit
    ]
    for name, parent, category in rows:
        group = parent or category
        families[MATERIALS if group in MATERIAL_GROUPS else GOODS].append(name)
    return families
