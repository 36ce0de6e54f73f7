"""统一社会信用代码: GB 32100 check character, documented overrides, duplicates across entries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from relief.idcodes import uscc_problem
from relief.problems import Problem, Severity
from relief.records import RawRecord
from relief.rules.context import RuleContext


def check_uscc(record: RawRecord, ctx: RuleContext) -> Iterator[Problem]:
    code = record.data.get("uscc")
    if record.collection != "organizations" or not isinstance(code, str):
        return
    reason = uscc_problem(code)
    if reason is None:
        return
    override = record.data.get("uscc_override")
    if override:
        yield record.problem(
            "code.uscc-override",
            "/uscc",
            f"统一社会信用代码未通过 GB 32100 校验,按说明保留:{override}",
            f"credit code fails the GB 32100 check ({reason}); kept as documented",
            severity=Severity.WARNING,
        )
    else:
        yield record.problem(
            "code.uscc",
            "/uscc",
            f"统一社会信用代码 {code} 未通过 GB 32100 校验",
            f"credit code {code}: {reason}",
            hint="请对照登记证书核对;如证书上确为此码,加 uscc_override 说明原因 | "
            "check against the certificate; if it is printed so, add uscc_override",
        )


def check_uscc_duplicates(records: Sequence[RawRecord]) -> Iterator[Problem]:
    first: dict[str, RawRecord] = {}
    for record in records:
        code = record.data.get("uscc")
        if record.collection != "organizations" or not isinstance(code, str):
            continue
        if code in first:
            other = first[code]
            yield record.problem(
                "code.uscc-duplicate",
                "/uscc",
                f"统一社会信用代码与 {other.file} 重复",
                f"credit code also used by {other.file}",
                hint="同一单位只能有一个目录条目 | one directory entry per organisation",
            )
        else:
            first[code] = record
