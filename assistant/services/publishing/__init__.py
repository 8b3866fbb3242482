"""Publishing: scheduling, the content calendar, the exactly-once publisher for X, LinkedIn's copy-ready export."""

from assistant.services.publishing.calendar import CalendarEntry, CalendarView, content_calendar
from assistant.services.publishing.linkedin import (
    LINKEDIN_FOLD,
    LINKEDIN_LIMIT,
    LinkedInExport,
    linkedin_export,
    linkedin_text,
    mark_posted_by_hand,
)
from assistant.services.publishing.publisher import (
    MAX_ATTEMPTS,
    PublishReport,
    due_post_ids,
    publish_due,
    publish_due_now,
    recover_stuck,
)
from assistant.services.publishing.schedule import (
    AFTER_REVIEW,
    READY_TO_GO,
    SYSTEM_LABEL,
    expire_overdue,
    local_to_utc,
    retry_publishing,
    schedule_post,
)
from assistant.services.publishing.threads import publish_thread
from assistant.services.sending import LEASE  # the one lease of the exactly-once sender

__all__ = [
    "CalendarEntry",
    "CalendarView",
    "content_calendar",
    "AFTER_REVIEW",
    "READY_TO_GO",
    "SYSTEM_LABEL",
    "schedule_post",
    "retry_publishing",
    "expire_overdue",
    "local_to_utc",
    "LINKEDIN_LIMIT",
    "LINKEDIN_FOLD",
    "LinkedInExport",
    "linkedin_text",
    "linkedin_export",
    "mark_posted_by_hand",
    "publish_thread",
    "MAX_ATTEMPTS",
    "LEASE",
    "PublishReport",
    "recover_stuck",
    "due_post_ids",
    "publish_due",
    "publish_due_now",
]
