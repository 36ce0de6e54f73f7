"""Pelican settings for the Tongling relief platform (development build).

The platform's own settings live in one namespaced dict, ``RELIEF``; they are read by the
``relief`` package, not by Pelican itself.
"""

AUTHOR = "铜陵市民政局"
SITENAME = "铜陵市社会力量参与防灾减灾救灾服务平台"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
DEFAULT_DATE_FORMAT = "%Y年%m月%d日"

# No feeds during development; publishconf.py turns them on.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELIEF = {
    # The bundled dataset is fictional: every page must say so (示例数据).
    "SAMPLE_DATA": True,
    # Directory entries not re-verified within this many days are shown as 待更新.
    "STALE_AFTER_DAYS": 365,
    # Licence of the published data (the code is MIT; see LICENSE and LICENSE-DATA.md).
    "DATA_LICENSE": "CC-BY-4.0",
    # Where the records are kept, for "history" and "edit this record" links.
    "REPO_URL": "https://github.com/tongling-relief/platform",
}
