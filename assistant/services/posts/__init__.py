"""Posts: drafts and versions, the review (approve, send back, reject), signed checklist items, threads."""

from assistant.services.posts.drafts import (
    MAX_TEXT,
    PLATFORMS,
    REOPENABLE,
    compose_post,
    create_draft,
    edit_post,
    submit_for_review,
)
from assistant.services.posts.review import (
    ReviewDetail,
    ReviewEntry,
    approvers_of,
    is_fully_approved,
    last_reviewed_version,
    review_detail,
    review_post,
    review_queue,
    text_diff,
)
from assistant.services.posts.signoff import (
    FALLBACK_ITEMS,
    AttestedItem,
    attested_items,
    items_for,
    missing_required,
    sign_item,
)
from assistant.services.posts.threads import (
    ThreadPreview,
    choose_thread,
    goes_out_as_thread,
    set_publish_as_thread,
    thread_preview,
)
from assistant.services.posts.views import PostView, VersionView, count_posts_by_state, get_post, list_posts

__all__ = [
    "VersionView",
    "PostView",
    "list_posts",
    "get_post",
    "count_posts_by_state",
    "PLATFORMS",
    "REOPENABLE",
    "MAX_TEXT",
    "create_draft",
    "compose_post",
    "edit_post",
    "submit_for_review",
    "AttestedItem",
    "FALLBACK_ITEMS",
    "items_for",
    "missing_required",
    "attested_items",
    "sign_item",
    "goes_out_as_thread",
    "set_publish_as_thread",
    "choose_thread",
    "ThreadPreview",
    "thread_preview",
    "review_post",
    "approvers_of",
    "is_fully_approved",
    "last_reviewed_version",
    "text_diff",
    "ReviewEntry",
    "ReviewDetail",
    "review_queue",
    "review_detail",
]
