"""Need and offer lines: committed and delivered quantities within the quantity asked or offered."""

from __future__ import annotations

from collections.abc import Iterator

from relief.problems import Problem
from relief.records import RawRecord, is_number, pointer_join
from relief.rules.context import RuleContext


def check_quantities(record: RawRecord, ctx: RuleContext) -> Iterator[Problem]:
    if record.collection != "bulletins":
        return
    for list_name, fields in (("needs", ("committed", "delivered")), ("offers", ("committed",))):
        for index, line in enumerate(record.data.get(list_name, [])):
            quantity = line.get("quantity")
            if not is_number(quantity):
                continue
            for name in fields:
                value = line.get(name)
                if is_number(value) and value > quantity:
                    yield record.problem(
                        f"quantity.{name}-exceeds",
                        pointer_join(pointer_join(f"/{list_name}", index), name),
                        f"{name} 数量 {value} 超过总数量 {quantity}",
                        f"{name} {value} exceeds the quantity {quantity}",
                        hint="如需求增加,请先修改 quantity | raise quantity first if the need grew",
                    )
