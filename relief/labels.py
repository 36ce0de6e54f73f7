"""Chinese labels for every enumerated value the schemas allow (a test keeps them complete).

Used by the pages, the published change log and the lifecycle rule's messages alike.
"""

from __future__ import annotations

import re

LABELS: dict[str, dict[str, str]] = {
    "org_kind": {
        "social_group": "社会团体", "social_service_org": "社会服务机构", "foundation": "基金会",
        "enterprise": "企业", "volunteer_team": "志愿服务队伍", "community_org": "社区社会组织",
    },
    "status": {"active": "有效", "suspended": "暂停", "withdrawn": "已撤回"},
    "review_status": {"pending": "待审核", "reviewed": "已审核"},
    "activity_kind": {
        "training": "培训", "drill": "演练", "rescue": "救援", "relief": "救助",
        "resettlement": "安置", "reconstruction": "重建", "publicity": "宣传", "seminar": "研讨",
    },
    "bulletin_kind": {
        "situation": "灾情", "needs": "需求", "offers": "供给", "coordination": "工作部署",
        "progress": "进展", "event": "活动通知",
    },
    "hazard": {
        "flood": "洪涝", "storm": "风雹", "drought": "干旱", "earthquake": "地震",
        "landslide": "地质灾害", "snow": "雪灾", "fire": "火灾", "other": "其他",
    },
    "urgency": {"high": "紧急", "medium": "较急", "low": "一般"},
    "need_status": {
        "open": "待对接", "partly_committed": "部分认领", "committed": "已认领",
        "in_transit": "运送中", "delivered": "已送达", "withdrawn": "已撤回", "expired": "已过期",
    },
    "offer_status": {
        "available": "可供", "partly_committed": "部分对接", "committed": "已对接完毕",
        "withdrawn": "已撤回",
    },
    "event_kind": {"training": "培训班", "seminar": "研讨会", "drill": "演练"},
    "campaign_kind": {"response": "救灾响应", "fundraising": "募捐活动", "programme": "专项活动"},
    "campaign_status": {"planned": "筹备中", "active": "进行中", "closed": "已结束"},
    "task_status": {
        "not_started": "未开始", "in_progress": "推进中", "done": "已完成", "ongoing": "持续推进",
    },
    "metric": {
        "specialised_charity_organizations": "专业从事防灾减灾救灾的公益慈善类社会组织",
        "participating_forces": "参与防灾减灾救灾工作的社会力量",
    },
    "disclosure_kind": {"interim": "阶段公开", "final": "最终公开", "correction": "更正"},
    "donor_kind": {"organization": "单位", "individual": "个人", "anonymous": "匿名"},
    "form": {"money": "资金", "goods": "物资"},
    "phase": {
        "routine": "常态减灾", "emergency": "紧急救援", "transition": "过渡安置",
        "recovery": "恢复重建",
    },
    "topic": {"disclosure": "信息公开", "conduct": "行为规范", "coordination": "协调联动"},
    "datum": {"GCJ-02": "GCJ-02（国测局坐标）", "WGS-84": "WGS-84（GPS）"},
}


def label(group: str, value: object) -> str:
    """The Chinese label, or the value itself when there is none (never an error on a page)."""
    return LABELS.get(group, {}).get(str(value), str(value))


_LABEL_IN_DESCRIPTION = re.compile(r"([\w.-]+) \(([^()]+)\)")


def enum_labels(values: list[str], description: str) -> dict[str, str]:
    """Labels of an enumerated field: from the smallest group of :data:`LABELS` holding every
    value; else the "value (标签)" pairs the schema's description gives."""
    groups = [group for group in LABELS.values() if set(values) <= set(group)]
    if groups:
        return min(groups, key=len)
    return dict(_LABEL_IN_DESCRIPTION.findall(description))
