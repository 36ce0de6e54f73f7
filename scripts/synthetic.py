"""Synthetic, valid relief data at any size, for benchmarks (validation, site, search, matching).

    python scripts/synthetic.py OUT_DIR --organizations 10000 [--bulletins N] [--seed 1]

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


def generate(out: Path, organizations: int, seed: int = 1) -> Path:
    """Write a dataset under ``out/data`` and return that directory."""
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
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--organizations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = generate(args.out, args.organizations, args.seed)
    print(f"wrote {args.organizations} organisations to {data}")


if __name__ == "__main__":
    main()
