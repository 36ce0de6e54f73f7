"""Validate one raw record against its collection schema; turn each failure into a Problem.

jsonschema's own messages are English and technical. Staff need to know which field is
wrong, in Chinese, and what to write instead, so each failing keyword gets its own wording
and stable code (``schema.required``, ``schema.type`` …).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jsonschema.exceptions import ValidationError

from relief.problems import Problem
from relief.records import RawRecord, pointer_join
from relief.schemas import SchemaSet

_TYPE_ZH = {
    "string": "文字",
    "number": "数字",
    "integer": "整数",
    "boolean": "true 或 false",
    "object": "字段组(映射)",
    "array": "列表",
    "null": "空值",
}

_FORMAT_ZH = {
    "date": ("日期须写成 YYYY-MM-DD 且真实存在", "a real date written YYYY-MM-DD"),
    "local-datetime": ("时间须写成 YYYY-MM-DDTHH:MM", "a time written YYYY-MM-DDTHH:MM"),
    "yuan": ("金额最多保留两位小数", "money with at most two decimals"),
    "phone": ("电话号码格式不正确", "a landline, service number or mobile number"),
}

_RANGE = {
    "minimum": ("不能小于", "at least"),
    "maximum": ("不能大于", "at most"),
    "exclusiveMinimum": ("须大于", "more than"),
    "exclusiveMaximum": ("须小于", "less than"),
}


def check_record(record: RawRecord, schemas: SchemaSet) -> list[Problem]:
    if schemas.is_valid(record.collection, record.data):
        return []
    validator = schemas.validators[record.collection]
    problems: list[Problem] = []
    for error in validator.iter_errors(record.data):
        problems.extend(_translate(record, error))
    return problems


def _pointer(error: ValidationError) -> str:
    pointer = ""
    for token in error.absolute_path:
        pointer = pointer_join(pointer, token)
    return pointer


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, Decimal | int):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "object" if isinstance(value, dict) else "array"


def _translate(record: RawRecord, error: ValidationError) -> Iterator[Problem]:
    pointer = _pointer(error)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    keyword = str(error.validator)
    spec: Any = error.validator_value
    value = error.instance
    title = schema.get("title")
    field = f"{title}({pointer or '/'})" if title else (pointer or "/")

    if keyword == "required":
        for name in spec:
            if isinstance(value, dict) and name not in value:
                yield record.problem(
                    "schema.required",
                    pointer,
                    f"缺少必填字段 {name}",
                    f"missing required field {name}",
                    hint=_property_hint(schema, name),
                )
    elif keyword == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        extras = [k for k in value if k not in known] if isinstance(value, dict) else []
        for name in extras:
            close = difflib.get_close_matches(str(name), known, n=1)
            hint = (
                f"是否应为 did you mean: {close[0]}"
                if close
                else "可用字段 allowed: " + ", ".join(known)
            )
            yield record.problem(
                "schema.unknown-field",
                pointer_join(pointer, name),
                f"未知字段 {name}",
                f"unknown field {name}",
                hint=hint,
                at_key=True,
            )
    elif keyword == "type":
        wanted = spec
        wanted_list = wanted if isinstance(wanted, list) else [wanted]
        zh = "或".join(_TYPE_ZH.get(str(w), str(w)) for w in wanted_list)
        got = _kind_of(value)
        hint = None
        if "string" in wanted_list and got == "number":
            hint = f'代码、电话、编号请加引号,例如 "{value}" | quote codes and numbers-as-text'
        elif "boolean" in wanted_list and got == "string":
            hint = "是/否只能写 true 或 false | only true or false are booleans"
        elif got == "null":
            hint = "该字段不能留空 | the field must not be empty"
        yield record.problem(
            "schema.type",
            pointer,
            f"{field} 应为{zh},实际为{_TYPE_ZH.get(got, got)}",
            f"{pointer or '/'} must be {' or '.join(wanted_list)}, found {got}",
            hint=hint,
        )
    elif keyword in ("enum", "const"):
        allowed = spec if keyword == "enum" else [spec]
        close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
        hint = f"是否应为 did you mean: {close[0]}" if close else None
        shown = ", ".join(str(a) for a in allowed)
        yield record.problem(
            "schema.enum",
            pointer,
            f"{field} 的值 {value} 不在允许范围内:{shown}",
            f"{pointer or '/'}: {value!s} is not one of {shown}",
            hint=hint,
        )
    elif keyword == "format":
        zh, en = _FORMAT_ZH.get(str(spec), ("格式不正确", "wrong format"))
        yield record.problem(
            f"schema.format-{spec}",
            pointer,
            f"{field}:{zh}(当前为 {value})",
            f"{pointer or '/'} must be {en}, found {value}",
        )
    elif keyword == "pattern":
        yield record.problem(
            "schema.pattern",
            pointer,
            f"{field} 的写法不符合要求:{value}",
            f"{pointer or '/'} does not match {spec}",
            hint=schema.get("description"),
        )
    elif keyword in _RANGE:
        zh, en = _RANGE[keyword]
        yield record.problem(
            "schema.range",
            pointer,
            f"{field} 为 {value},超出允许范围:{zh} {spec}",
            f"{pointer or '/'} is {value}; it must be {en} {spec}",
        )
    elif keyword in ("minItems", "maxItems", "minLength", "maxLength"):
        yield record.problem(
            "schema.length",
            pointer,
            f"{field} 长度或条数不符合要求({keyword} {spec})",
            f"{pointer or '/'} violates {keyword} {spec}",
        )
    elif keyword == "uniqueItems":
        yield record.problem(
            "schema.unique",
            pointer,
            f"{field} 中有重复项",
            f"{pointer or '/'} has duplicate items",
        )
    elif keyword == "not":
        banned = (
            spec.get("required", [])
            if isinstance(spec, dict)
            else []
        )
        names = ", ".join(banned) or "?"
        yield record.problem(
            "schema.not-allowed",
            pointer_join(pointer, banned[0]) if banned else pointer,
            f"字段 {names} 不适用于此类记录",
            f"field {names} is not allowed here",
            hint="检查 kind / form / disclosure_kind 的取值 | check the record's kind",
            at_key=True,
        )
    elif keyword in ("anyOf", "oneOf"):
        options = [
            "+".join(branch.get("required", []))
            for branch in spec
            if isinstance(branch, dict)
        ]
        shown = " / ".join(o for o in options if o)
        yield record.problem(
            f"schema.{'any-of' if keyword == 'anyOf' else 'one-of'}",
            pointer,
            f"须填写且只能按以下一种方式填写:{shown}"
            if keyword == "oneOf"
            else f"至少填写以下之一:{shown}",
            f"exactly one of {shown} is required"
            if keyword == "oneOf"
            else f"at least one of {shown} is required",
        )
    else:
        yield record.problem(
            f"schema.{keyword}",
            pointer,
            f"{field} 不符合数据规范:{error.message}",
            error.message,
        )


def _property_hint(schema: dict[str, Any], name: str) -> str | None:
    spec = schema.get("properties", {}).get(name)
    if not isinstance(spec, dict):
        return None
    title = spec.get("title")
    description = spec.get("description")
    return " — ".join(str(part) for part in (title, description) if part) or None
