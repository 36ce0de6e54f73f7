"""Synthetic, valid relief data at any size, for benchmarks (validation, site, search, matching).

    python scripts/synthetic.py OUT_DIR --organizations 10000 [--needs N] [--offers N] [--seed 1]

``--needs`` and ``--offers`` add needs and offers bulletins (20 need items and 10 offer lines
each, all open as of 2026-11-29); the organisations are the same with or without them.

Copies the real vocabularies from ``data/vocab`` and writes deterministic records that pass
validation. Names carry 合成 (synthetic) so they can never be taken for real entries.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VOCAB_DIR = ROOT / "data" / "vocab"
KINDS = ("social_group", "social_service_org", "foundation", "enterprise", "volunteer_team",
         "community_org")
WORDS = ("应急", "救援", "志愿", "互助", "公益", "减灾", "安澜", "同心", "守望", "长江")


def _vocab() -> dict[str, list]:
    divisions = yaml.safe_load((VOCAB_DIR / "divisions.yaml").read_text(encoding="utf-8"))
    capabilities = yaml.safe_load((VOCAB_DIR / "capabilities.yaml").read_text(encoding="utf-8"))
    goods = yaml.safe_load((VOCAB_DIR / "goods.yaml").read_text(encoding="utf-8"))
    return {
        "districts": [(d["name"], [t["name"] for t in d["towns"]]) for d in divisions["entries"]],
        "capabilities": [e["id"] for e in capabilities["entries"]],
        "goods": [e["id"] for e in goods["entries"]],
    }


def organization(index: int, rng: random.Random, vocab: dict[str, list]) -> str:
    district, towns = rng.choice(vocab["districts"])
    town = rng.choice(towns)
    name = f"合成{rng.choice(WORDS)}{rng.choice(WORDS)}服务队{index:05d}"
    caps = rng.sample(vocab["capabilities"], k=rng.randint(1, 4))
    lines = [
        f"name: {name}",
        f"kind: {rng.choice(KINDS)}",
        f"disaster_specialised: {'true' if rng.random() < 0.3 else 'false'}",
        f"charity: {'true' if rng.random() < 0.4 else 'false'}",
        f"district: {district}",
        f"town: {town}",
        f"address: {district}{town}合成路{index}号",
        "capabilities:",
        *[f"  - {c}" for c in caps],
        "team:",
        f"  members: {rng.randint(5, 300)}",
        f"  certified_members: {rng.randint(0, 5)}",
        f"  registered_volunteers: {rng.randint(0, 200)}",
        f"  volunteer_service_hours: {rng.randint(0, 9000)}.{rng.randint(0, 9)}",
        f"  response_time_hours: {rng.randint(1, 12)}",
        "equipment:",
    ]
    for _ in range(rng.randint(1, 4)):
        goods = rng.choice(vocab["goods"])
        lines += [f"  - goods: {goods}", "    description: 合成装备",
                  f"    quantity: {rng.randint(1, 500)}", "    unit: 件"]
    lines += [
        "reserves:",
        f"  - goods: {rng.choice(vocab['goods'])}",
        "    description: 合成储备",
        f"    quantity: {rng.randint(10, 5000)}",
        "    unit: 件",
        f"    location: {district}合成仓库",
        "contact:",
        "  role: 值班室",
        f'  phone: "0562-58{index % 100000:05d}"',
        "activities:",
    ]
    for _ in range(rng.randint(0, 5)):
        lines += [f"  - date: 20{rng.randint(18, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                  f"    kind: {rng.choice(('training', 'drill', 'rescue', 'relief'))}",
                  f"    district: {district}", "    summary: 合成活动记录"]
    if lines[-1] == "activities:":
        lines[-1] = "activities: []"
    lines += [
        "description: |",
        f"  合成数据,仅用于性能测试。{name}位于{district}{town}。",
        "verification:",
        f"  date: 2026-0{rng.randint(1, 9)}-15",
        "  by: 合成数据生成器",
        "review_status: reviewed",
        "status: active",
        "sources:",
        "  - title: 合成数据",
    ]
    return "\n".join(lines) + "\n"


NEED_ITEMS_PER_BULLETIN = 20
OFFER_LINES_PER_BULLETIN = 10


def _line_fields(rng: random.Random, vocab: dict[str, list]) -> list[str]:
    """Category, unit and place of one need or offer line (goods in 件, people in 人 or 支)."""
    district, towns = rng.choice(vocab["districts"])
    if rng.random() < 0.6:
        category = [f"goods: {rng.choice(vocab['goods'])}", "unit: 件"]
    else:
        category = [f"capability: {rng.choice(vocab['capabilities'])}",
                    f"unit: {rng.choice(('人', '支'))}"]
    town = [f"town: {rng.choice(towns)}"] if rng.random() < 0.8 else []
    return [*category, f"district: {district}", *town]


def needs_bulletin(index: int, items: int, rng: random.Random, vocab: dict[str, list]) -> str:
    """A needs bulletin whose items are all open or partly committed as of 2026-11-29."""
    lines = [
        f"title: 合成需求公告{index:05d}", "kind: needs", "published: 2026-11-20",
        "valid_until: 2026-12-31", "issuer:", "  name: 合成数据生成器",
        "summary: 合成数据,仅用于性能测试。", "needs:",
    ]
    for item in range(items):
        quantity = rng.randint(1, 2000)
        committed = rng.randint(1, quantity - 1) if quantity > 1 and rng.random() < 0.3 else 0
        fields = [
            f"id: n{item:03d}", *_line_fields(rng, vocab), "description: 合成需求",
            f"quantity: {quantity}", f"needed_by: 2026-12-{rng.randint(1, 31):02d}",
            f"urgency: {rng.choice(('high', 'medium', 'low'))}",
            f"status: {'partly_committed' if committed else 'open'}", f"committed: {committed}",
        ]
        lines += [f"  - {fields[0]}", *[f"    {field}" for field in fields[1:]]]
    lines += ["verification:", "  date: 2026-11-21", "  by: 合成数据生成器",
              "review_status: reviewed", "status: active", "sources:", "  - title: 合成数据"]
    return "\n".join(lines) + "\n"


def offers_bulletin(index: int, items: int, issuer: str, rng: random.Random,
                    vocab: dict[str, list]) -> str:
    """An offers bulletin by ``issuer`` whose lines are available or partly committed."""
    lines = [
        f"title: 合成供给公告{index:05d}", "kind: offers", "published: 2026-11-15",
        "valid_until: 2026-12-31", "issuer:", "  name: 合成数据生成器",
        f"  organization: {issuer}", "summary: 合成数据,仅用于性能测试。", "offers:",
    ]
    for item in range(items):
        quantity = rng.randint(1, 3000)
        committed = rng.randint(1, quantity - 1) if quantity > 1 and rng.random() < 0.3 else 0
        fields = [
            f"id: o{item:03d}", *_line_fields(rng, vocab), "description: 合成供给",
            f"quantity: {quantity}", "available_until: 2026-12-31",
            f"status: {'partly_committed' if committed else 'available'}",
            f"committed: {committed}",
        ]
        lines += [f"  - {fields[0]}", *[f"    {field}" for field in fields[1:]]]
    lines += ["verification:", f"  date: 2026-11-{rng.randint(15, 28)}", "  by: 合成数据生成器",
              "review_status: reviewed", "status: active", "sources:", "  - title: 合成数据"]
    return "\n".join(lines) + "\n"


def _write_bulletins(folder: Path, organizations: int, needs: int, offers: int,
                     seed: int, vocab: dict[str, list]) -> None:
    rng = random.Random(f"{seed}-bulletins")  # its own stream: organisations stay the same
    for index, start in enumerate(range(0, needs, NEED_ITEMS_PER_BULLETIN)):
        count = min(NEED_ITEMS_PER_BULLETIN, needs - start)
        (folder / f"syn-needs-{index:05d}.yaml").write_text(
            needs_bulletin(index, count, rng, vocab), encoding="utf-8")
    for index, start in enumerate(range(0, offers, OFFER_LINES_PER_BULLETIN)):
        count = min(OFFER_LINES_PER_BULLETIN, offers - start)
        issuer = f"syn-{rng.randrange(organizations):05d}"
        (folder / f"syn-offers-{index:05d}.yaml").write_text(
            offers_bulletin(index, count, issuer, rng, vocab), encoding="utf-8")


def generate(out: Path, organizations: int, seed: int = 1, needs: int = 0,
             offers: int = 0) -> Path:
    """Write a dataset under ``out/data`` and return that directory.

    ``needs`` open need items and ``offers`` open offer lines are added in bulletins (offers
    are issued by generated organisations, so they need at least one).
    """
    rng = random.Random(seed)
    vocab = _vocab()
    data = out / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(VOCAB_DIR, data / "vocab")
    for name in ("guidelines", "bulletins", "campaigns", "disclosures"):
        (data / name).mkdir(parents=True)
    orgs = data / "organizations"
    orgs.mkdir(parents=True)
    for index in range(organizations):
        (orgs / f"syn-{index:05d}.yaml").write_text(
            organization(index, rng, vocab), encoding="utf-8"
        )
    _write_bulletins(data / "bulletins", organizations, needs, offers, seed, vocab)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--organizations", type=int, default=10_000)
    parser.add_argument("--needs", type=int, default=0, help="open need items")
    parser.add_argument("--offers", type=int, default=0, help="open offer lines")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = generate(args.out, args.organizations, args.seed, args.needs, args.offers)
    print(f"wrote {args.organizations} organisations, {args.needs} need items and "
          f"{args.offers} offer lines to {data}")


if __name__ == "__main__":
    main()
