"""Command line: ``python -m relief validate|fmt|build``.

Exit codes: 0 clean, 1 problems found, 2 usage error (argparse's own convention).
A user's mistake never ends in a traceback; ``--debug`` shows one for developers.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from relief.problems import Report
from relief.today import resolve_today
from relief.usage import UsageError
from relief.validate import validate_path

log = logging.getLogger("relief")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m relief",
        description="铜陵市社会力量参与防灾减灾救灾服务平台 | Tongling relief platform tools",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks (developers)")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="校验数据 | validate every record")
    validate.add_argument("data_dir", nargs="?", default="data", type=Path)
    validate.add_argument("--format", choices=("text", "json", "github"), default="text")
    validate.add_argument("--content", type=Path, dest="content_dir",
                          help="content/ to check (default: beside DATA_DIR)")

    build = commands.add_parser("build", help="校验并生成发布文件 | validate and build output")
    build.add_argument("--data", default="data", type=Path, dest="data_dir")
    build.add_argument("--output", default="output", type=Path)
    build.add_argument("--content", default="content", type=Path, dest="content_dir")

    fmt = commands.add_parser("fmt", help="统一记录格式 | format record files canonically")
    fmt.add_argument("paths", nargs="*", type=Path, default=[Path("data")])
    fmt.add_argument("--check", action="store_true", help="only list files that would change")

    from relief import newrecord, retire

    newrecord.add_parser(commands)
    retire.add_parser(commands)
    return parser


def _validate(args: argparse.Namespace) -> int:
    today = resolve_today()
    result = validate_path(args.data_dir, today, args.content_dir)
    return _print_report(result.report, args.format)


def _print_report(report: Report, fmt: str) -> int:
    if fmt == "text" and not report.problems:
        print("校验通过 | all records valid")
        return 0
    text = report.format(fmt)
    if text:
        print(text)
    return 0 if report.ok else 1


def _build(args: argparse.Namespace) -> int:
    from relief.build import DataInvalid, PluginNotLoaded, SearchIndexError, build

    resolve_today()  # a malformed RELIEF_TODAY is a usage error, before anything runs
    if not Path("pelicanconf.py").is_file():
        print("找不到 pelicanconf.py:请在项目根目录(含 pelicanconf.py 的文件夹)中运行 | "
              "pelicanconf.py not found: run this from the project's root folder",
              file=sys.stderr)
        return 2
    try:
        result = build(args.data_dir, args.output, content_dir=args.content_dir)
    except DataInvalid as invalid:
        print(invalid.report.format("text"))
        print("存在错误,未生成网站 | errors found, the site was not built", file=sys.stderr)
        return 1
    except PluginNotLoaded as missing:
        print(f"插件未加载,未生成网站 | {missing}", file=sys.stderr)
        return 1
    except SearchIndexError as broken:
        print(f"无法建立搜索索引 | the search index cannot be built: {broken}", file=sys.stderr)
        return 1
    if result.report.problems:
        print(result.report.format("text"))
    stats = result.search
    print(f"搜索索引 search index: {stats.pages} 个页面 pages, {stats.shards} 个分片 shards, "
          f"{stats.bytes:,} 字节 bytes, {stats.seconds:.1f} s")
    print(f"各阶段耗时 stages: {result.stages.summary()}")
    cache = result.cache
    if cache.enabled:
        print(f"记录缓存 record cache: {cache.hits} 个文件沿用 remembered, "
              f"{cache.misses} 个重新读取 read afresh")
    print(f"已生成网站 site built: {result.output}")
    return 0


def _fmt(args: argparse.Namespace) -> int:
    from relief.fmt import run_fmt

    return run_fmt(args.paths, check=args.check)


def _new(args: argparse.Namespace) -> int:
    from relief.newrecord import run_new

    return run_new(args)


def _retire(args: argparse.Namespace) -> int:
    from relief.retire import run_retire

    return run_retire(args)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.INFO, format="%(levelname)s: %(message)s"
    )
    handlers = {"validate": _validate, "build": _build, "fmt": _fmt, "new": _new, "retire": _retire}
    try:
        return handlers[args.command](args)
    except UsageError as exc:
        print(f"用法错误 usage error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if args.debug:
            raise
        log.error("内部错误,请报告此问题 | internal error, please report it: %s", exc)
        return 3
