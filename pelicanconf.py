"""Pelican settings for the Tongling relief platform.

The platform's own settings live in one namespaced dict, ``RELIEF`` (declared with their
defaults and help in relief/site/settings.py). The plugin is imported here, not named as a
string, so that a plugin that cannot load stops the build instead of being skipped.
"""

import os

from relief.content_check import ARTICLES, IMAGES, PAGES
from relief.site import plugin as relief_plugin
from relief.site.content_pages import RegularMarkdownReader
from relief.site.filters import COMMON_FILTERS
from relief.site.headers import TEMPLATE_GLOBALS
from relief.site.markup import EXTENSIONS

AUTHOR = "铜陵市民政局"
SITENAME = "铜陵市社会力量参与防灾减灾救灾服务平台"
SITEURL = os.environ.get("RELIEF_SITEURL", "")  # set by the publishing workflow
PATH = "content"
THEME = "theme"
THEME_STATIC_PATHS: list[str] = []  # the plugin writes static/site.css from theme/css/
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
PLUGINS = [relief_plugin]

# Pelican escapes nothing by default; here every template autoescapes, and the record pages
# get an autoescaping overlay from the plugin as well.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
JINJA_FILTERS = COMMON_FILTERS
# The Content-Security-Policy and referrer policy of base.html (relief/site/headers.py, also
# the source of the hosting headers).
JINJA_GLOBALS = TEMPLATE_GLOBALS

# The home page and every list are written by the plugin; Pelican renders content/ only:
# Markdown (.md) in news/ and pages/ (in the dialect of record text, sanitised by the same
# policy; read only from regular files), images from images/. reStructuredText (its include
# and raw directives read or emit anything), HTML and other Markdown extensions are not read;
# relief/content_check.py refuses such files by name.
READERS = {
    "md": RegularMarkdownReader,
    **dict.fromkeys(("markdown", "mkd", "mdown", "rst", "html", "htm")),
}
MARKDOWN = {
    "extension_configs": {"markdown.extensions.meta": {}}
    | {f"markdown.extensions.{name}": {} for name in EXTENSIONS},
    "output_format": "html",
}
STATIC_PATHS = [IMAGES]
DIRECT_TEMPLATES: list[str] = []
ARTICLE_PATHS = [ARTICLES]
ARTICLE_URL = "news/{slug}/"
ARTICLE_SAVE_AS = "news/{slug}/index.html"
PAGE_PATHS = [PAGES]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DELETE_OUTPUT_DIRECTORY = True
SLUGIFY_SOURCE = "basename"

RELIEF = {
    # The bundled dataset is fictional: every page must say so (示例数据).
    "SAMPLE_DATA": True,
    "STALE_AFTER_DAYS": 365,
    "DATA_LICENSE": "CC-BY-4.0",
    "REPO_URL": "https://github.com/tongling-relief/platform",
    # Sample contact of the operator (示例): a real deployment sets the bureau's own.
    "OPERATOR_PHONE": "0562-5810120",
    "OPERATOR_ADDRESS": "铜陵市（示例地址）",
    "OPERATOR_HOURS": "工作日 8:30–12:00、14:30–17:30（示例）",
}
