"""Strict YAML loading: one record file -> a plain tree, the positions of its values, problems.

Typing is YAML 1.2 core made stricter (DESIGN.md section 2): ``true``/``false`` are the only
booleans, ``null``/``~``/empty the only nulls, a plain whole number without a leading zero is an
``int`` and one with a fraction an exact ``Decimal`` (``1.50`` keeps its digits, never a float),
everything else is a string. The tree is built from parser events, so anchors, aliases
and tags are seen and refused before anything is expanded. Bad input never raises: every mistake
becomes a :class:`Problem` written for the staff who edit the files.
"""

from __future__ import annotations

import pathlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from relief.problems import Problem
from relief.records import Comment, Positions, pointer_join
from relief.safe_files import NotRegular, read_regular

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 64

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOM = b"\xef\xbb\xbf"
_MAX_INT_DIGITS = 4000
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_SPECIAL: dict[str, bool | None] = {"": None, "~": None, "null": None, "true": True, "false": False}
# Characters outside the YAML printable set, and the line breaks of YAML 1.1 only (NEL, U+2028,
# U+2029): libyaml would count them as new lines, so every line number after one would be wrong.
_CONTROL = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_CJK = re.compile("[\u4e00-\u9fff]")
_SYNTAX_ZH = (  # libyaml / PyYAML problem text -> what it usually means, in Chinese
    ("mapping values are not allowed", "此处不能有“键: 值”：缩进不对，或文字中有未加引号的“: ”"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("expected <block end>", "缩进不一致：同一层的字段或列表项要对齐"),
    ("did not find expected key", "缩进不一致：同一层的字段要对齐"),
    ("did not find expected '-'", "列表项的“-”没有对齐"),
    ("end of stream", "引号或括号没有闭合"),
    ("cannot start any token", "这个字符不能作为值的开头（如 @ ` %），请给整段文字加引号"),
)
_SYNTAX_HINT = (
    "检查这一行和上一行：缩进只用空格且同层对齐，冒号后要有空格，引号和括号要成对；"
    "含有“: ”或“ #”的文字请用引号括起来。"
)


@dataclass
class LoadedFile:
    """The outcome of loading one file; ``data`` is None when there are problems."""

    file: str
    data: Any = None
    positions: Positions = field(default_factory=Positions)
    problems: list[Problem] = field(default_factory=list)
    has_comments: bool = False
    comments: list[Comment] = field(default_factory=list)


class _Stop(Exception):
    """Raised inside the event loop after a problem that makes reading on pointless or unsafe."""


def _problem(
    file: str, code: str, at: tuple[int, int] | None, zh: str, en: str, hint: str, pointer: str = ""
) -> Problem:
    line, column = at if at is not None else (None, None)
    return Problem(file=file, line=line, column=column, code=code, message_zh=zh,
                   message_en=en, pointer=pointer, hint=hint)


def _at(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar."""
    if text in _SPECIAL:
        return _SPECIAL[text]
    if text[0] in "-0123456789" and _NUMBER.fullmatch(text):
        # Python refuses int() past 4300 digits; such a number is still a number, kept exact.
        return int(text) if "." not in text and len(text) < _MAX_INT_DIGITS else Decimal(text)
    return text


def load_file(
    path: pathlib.Path, file: str | None = None, *, max_bytes: int = MAX_FILE_BYTES
) -> LoadedFile:
    """Load ``path``; a link, a non-regular file or one over ``max_bytes`` is never read."""
    name = str(path) if file is None else file
    raw = read_file(path, name, max_bytes=max_bytes)
    return raw if isinstance(raw, LoadedFile) else load_bytes(raw, name, max_bytes=max_bytes)


def read_file(path: pathlib.Path, file: str, *, max_bytes: int = MAX_FILE_BYTES
              ) -> bytes | LoadedFile:
    """The bytes of ``path``, or the outcome of a file that cannot be read as a record."""
    try:
        size, raw = read_regular(path, file, max_bytes)  # raw may have grown since fstat
        if size > max_bytes:
            return _too_large(file, size, max_bytes)
    except NotRegular as refused:
        return LoadedFile(file, problems=[refused.problem])
    except OSError as error:
        return LoadedFile(file, problems=[_problem(
            file, "file.unreadable", None, f"无法读取文件：{error.strerror or error}",
            f"cannot read the file: {error}", "请确认文件存在、是普通文件并且有读取权限。")])
    return raw


def _too_large(file: str, size: int, limit: int) -> LoadedFile:
    return LoadedFile(file, problems=[_problem(
        file, "file.too-large", None, f"文件太大：{size} 字节，上限是 {limit} 字节",
        f"the file is too large: {size} bytes, the limit is {limit}",
        "一个文件只放一条记录。请检查是否误把图片、表格或多条记录放进了这个文件，必要时拆成多个文件。")])


def load_bytes(raw: bytes, file: str, *, max_bytes: int = MAX_FILE_BYTES) -> LoadedFile:
    """Load one YAML record from ``raw``; ``file`` is only used to name it in problems."""
    if len(raw) > max_bytes:
        return _too_large(file, len(raw), max_bytes)
    loaded = LoadedFile(file)
    if raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        loaded.problems.append(_encoding_problem(raw, file, error.start))
        return loaded
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - text.rfind("\n", 0, control.start())
        loaded.problems.append(_problem(
            file, "file.control-character", (line, column),
            f"第 {line} 行有看不见的特殊字符 U+{ord(control.group()):04X}",
            f"invisible control or separator character U+{ord(control.group()):04X} "
            f"at line {line}",
            "这类字符常见于从网页、Word 或 Excel 复制粘贴的文字。请删掉这个位置的字符后重新输入。"))
        return loaded
    loader = _Loader(raw)
    try:
        loaded.data = _build(loader, text, loaded)
    except _Stop:
        pass
    except yaml.YAMLError as error:
        loaded.problems.append(_syntax_problem(error, text, file))
    finally:
        loader.dispose()
    if loaded.problems:
        loaded.data = None
    return loaded


def _encoding_problem(raw: bytes, file: str, start: int) -> Problem:
    try:
        gb_text = raw.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = ""
    if _CJK.search(gb_text) and not _CONTROL.search(gb_text):
        return _problem(
            file, "file.encoding-gbk", None, "文件是 GBK/GB18030 编码，平台只接受 UTF-8 编码",
            "the file is encoded as GBK/GB18030; only UTF-8 is accepted",
            "用记事本或 WPS 打开此文件，选择“另存为”，把“编码”选为 UTF-8 后保存"
            "（VS Code：点右下角的编码 →“通过编码保存”→ UTF-8）。")
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw.count(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode("utf-8")) + 1
    return _problem(
        file, "file.not-utf8", (line, column), f"第 {line} 行第 {column} 列不是有效的 UTF-8 文字",
        f"invalid UTF-8 at line {line}, column {column} (byte 0x{raw[start]:02X})",
        "请把文件另存为 UTF-8 编码（记事本/WPS：“另存为”→ 编码选 UTF-8），"
        "并检查这个位置是否有乱码或从其他软件粘贴来的特殊字符。")


def _syntax_problem(error: yaml.YAMLError, text: str, file: str) -> Problem:
    mark = getattr(error, "problem_mark", None)
    problem = str(getattr(error, "problem", None) or error)
    at = None
    if mark is not None:
        at = _at(mark)
        lines = text.splitlines()
        source = lines[at[0] - 1] if at[0] <= len(lines) else ""
        indent = source[: len(source) - len(source.lstrip(" \t"))]
        if "tab" in problem or "\t" in indent or text[mark.index : mark.index + 1] == "\t":
            column = indent.find("\t") + 1 or at[1]
            return _problem(
                file, "yaml.tab-indent", (at[0], column), f"第 {at[0]} 行用了制表符（Tab）缩进",
                f"a tab is used for indentation at line {at[0]}",
                "YAML 只能用空格缩进。请把这一行开头的 Tab 换成空格"
                "（编辑器里可设置“Tab 键插入空格”）。")
    context = getattr(error, "context", None)
    context_mark = getattr(error, "context_mark", None)
    if context and context_mark is not None:
        line, column = _at(context_mark)
        problem = f"{context} (line {line}, column {column}): {problem}"
    zh = next((zh for key, zh in _SYNTAX_ZH if key in problem), "YAML 格式错误")
    where = f"第 {at[0]} 行第 {at[1]} 列：" if at is not None else ""
    return _problem(file, "yaml.syntax", at, where + zh, f"YAML syntax error: {problem}",
                    _SYNTAX_HINT)


def _build(loader: Any, text: str, loaded: LoadedFile) -> Any:
    """Build the tree from parser events, recording positions and problems into ``loaded``."""
    file, problems = loaded.file, loaded.problems
    values, keys = loaded.positions.values, loaded.positions.keys
    stack: list[tuple[Any, str, str]] = []
    container: Any = None  # the dict or list being filled; None at document level
    base = ""  # pointer of ``container``
    key = slot = ""  # key and pointer of the next value when ``container`` is a dict
    want_key = False  # True when the next node in a dict is a key
    root: Any = None
    documents = 0
    scalar_spans: list[tuple[int, int]] = []  # scalars whose text may contain "#"
    scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    next_event = loader.get_event
    while True:
        event = next_event()
        kind = type(event)
        if kind is scalar or kind is mapping or kind is sequence:
            mark = event.start_mark
            at = (mark.line + 1, mark.column + 1)
            if event.anchor is not None or event.tag is not None:
                problems.append(_node_problem(event, file, at))
            if kind is scalar and "#" in event.value:
                start = mark.index
                if event.style in ("|", ">"):  # the header line may end in a real comment
                    start = text.find("\n", start)
                scalar_spans.append((start, event.end_mark.index))
            if want_key:
                if kind is not scalar:
                    shown = "[…]" if kind is sequence else "{…}"
                    problems.append(_key_problem(file, at, base, shown))
                    raise _Stop
                key = event.value
                if event.implicit[0] and type(resolve_plain(key)) is not str:
                    problems.append(_key_problem(file, at, base, key))
                slot = pointer_join(base, key)
                if key in container:
                    problems.append(_duplicate_problem(file, at, keys[slot], key, slot))
                keys[slot] = at
                want_key = False
                continue
            pointer = pointer_join(base, len(container)) if type(container) is list else slot
            values[pointer] = at
            if kind is scalar:
                value = resolve_plain(event.value) if event.implicit[0] else event.value
            else:
                value = {} if kind is mapping else []
            if type(container) is dict:
                container[key] = value
                want_key = True
            elif container is not None:
                container.append(value)
            elif kind is scalar and value is None:
                raise _empty(loaded)
            else:
                root = value
            if kind is not scalar:
                if len(stack) >= MAX_DEPTH:
                    problems.append(_problem(
                        file, "yaml.too-deep", at, f"层级嵌套超过 {MAX_DEPTH} 层",
                        f"nesting deeper than {MAX_DEPTH} levels",
                        "检查缩进是否一行比一行多，或是否有没闭合的 [ 或 {。", pointer))
                    raise _Stop
                stack.append((container, base, key))
                container, base, want_key = value, pointer, kind is mapping
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            container, base, key = stack.pop()
            want_key = type(container) is dict
        elif kind is yaml.AliasEvent:
            at = _at(event.start_mark)
            problems.append(_problem(
                file, "yaml.alias", at, f"第 {at[0]} 行使用了引用“*{event.anchor}”，平台不接受引用",
                f"alias *{event.anchor} at line {at[0]}: aliases are not allowed",
                "请删除“*名称”，把要重复的内容直接写出来。"))
            raise _Stop
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                at = _at(event.start_mark)
                problems.append(_problem(
                    file, "yaml.multiple-documents", at, f"第 {at[0]} 行开始了第二条记录（文档）",
                    f"a second YAML document starts at line {at[0]}",
                    "一个文件只放一条记录：删除多余的“---”分隔行，或把后一条记录另存为新文件。"))
                raise _Stop
        elif kind is yaml.StreamEndEvent:
            if documents == 0:
                raise _empty(loaded)
            loaded.comments = _comments(text, scalar_spans)
            loaded.has_comments = bool(loaded.comments)
            return root


def _empty(loaded: LoadedFile) -> _Stop:
    loaded.problems.append(_problem(
        loaded.file, "file.empty", None, "文件是空的，没有任何内容", "the file is empty",
        "请按模板填写这条记录；记录不再有效时请写明 status: withdrawn 和原因，不要清空文件。"))
    return _Stop()


def _node_problem(event: Any, file: str, at: tuple[int, int]) -> Problem:
    if event.anchor is not None:
        return _problem(
            file, "yaml.anchor", at, f"第 {at[0]} 行使用了锚点“&{event.anchor}”，平台不接受锚点",
            f"anchor &{event.anchor} at line {at[0]}: anchors are not allowed",
            "请删除“&名称”，需要重复的内容直接写出来。")
    tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
    return _problem(
        file, "yaml.tag", at, f"第 {at[0]} 行使用了类型标记“{tag}”，平台不接受类型标记",
        f"explicit tag {tag} at line {at[0]}: tags are not allowed",
        "请删除以“!”开头的标记；要表示文字时用引号括起来，例如 \"12\"。")


def _key_problem(file: str, at: tuple[int, int], base: str, key: str) -> Problem:
    return _problem(
        file, "yaml.key-type", at, f"第 {at[0]} 行的字段名“{key}”不是文字",
        f"the key {key!r} at line {at[0]} is not a string",
        "字段名必须是文字。用数字、true/false 或 null 作字段名时请加引号，例如 \"1\": 。", base)


def _duplicate_problem(
    file: str, at: tuple[int, int], first: tuple[int, int], key: str, pointer: str
) -> Problem:
    return _problem(
        file, "yaml.duplicate-key", at,
        f"字段“{key}”重复：第 {first[0]} 行和第 {at[0]} 行都写了",
        f"duplicate key {key!r}: at line {first[0]} and again at line {at[0]}",
        "同一层里每个字段只能出现一次，请删除或合并其中一处。", pointer)


def _comments(text: str, scalar_spans: list[tuple[int, int]]) -> list[Comment]:
    """Every comment: a "#" after white space (or at the start) outside every scalar."""
    starts = [start for start, _ in scalar_spans]
    comments: list[Comment] = []
    position = text.find("#")
    while position != -1:
        if position == 0 or text[position - 1] in " \t\r\n":
            index = bisect_right(starts, position) - 1
            if index < 0 or position >= scalar_spans[index][1]:
                line_start = text.rfind("\n", 0, position) + 1
                end = text.find("\n", position)
                end = len(text) if end == -1 else end
                comments.append(Comment(
                    text.count("\n", 0, position) + 1, position - line_start + 1,
                    text[position:end].rstrip("\r"),
                ))  # fmt: skip
                position = end
        position = text.find("#", position + 1)
    return comments
