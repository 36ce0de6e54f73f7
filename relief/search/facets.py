"""The search filters and page kinds, shared by the pages that declare them and the indexer."""

from __future__ import annotations

# Filter key -> Chinese name, in the order the search page shows them.
FACETS: dict[str, str] = {
    "type": "类别",
    "district": "县区",
    "town": "乡镇（街道）",
    "org_kind": "主体类型",
    "capability": "专业技能",
    "goods": "物资类别",
    "bulletin_kind": "信息类型",
    "campaign": "救灾行动",
    "status": "状态",
}

TYPE_DIRECTORY = "资源目录"
TYPE_BULLETIN = "信息发布"
TYPE_CAMPAIGN = "救灾行动"
TYPE_DISCLOSURE = "捐赠公开"
TYPE_GUIDELINE = "工作指南"
TYPE_NEWS = "平台动态"
TYPE_PAGE = "平台介绍"

# Page kinds in the order results are listed when nothing else ranks them.
TYPES: tuple[str, ...] = (TYPE_DIRECTORY, TYPE_BULLETIN, TYPE_CAMPAIGN, TYPE_DISCLOSURE,
                          TYPE_GUIDELINE, TYPE_NEWS, TYPE_PAGE)
