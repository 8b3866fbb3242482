"""Replies on the executive's behalf: composed under the delegation policy, approved, sent once."""

from assistant.services.replies.approval import approval_queue, approve_reply, reject_reply, retry_reply
from assistant.services.replies.compose import MAX_REPLY, SubmitOutcome, draft_replies, submit_reply, withdraw_reply
from assistant.services.replies.preview import PolicyPreview, reply_policy
from assistant.services.replies.saved import SavedReplyView, create_saved_reply, delete_saved_reply, list_saved_replies
from assistant.services.replies.sending import (
    SYSTEM_LABEL,
    first_attempt_at,
    recover_stuck_replies,
    send_due_replies,
    send_reply,
)
from assistant.services.replies.views import ReplyView, list_replies, reply_view, said_on_my_behalf
from assistant.services.sending import LEASE  # the one lease of the exactly-once sender

__all__ = [
    "ReplyView",
    "reply_view",
    "list_replies",
    "said_on_my_behalf",
    "SYSTEM_LABEL",
    "LEASE",
    "first_attempt_at",
    "send_reply",
    "recover_stuck_replies",
    "send_due_replies",
    "MAX_REPLY",
    "SubmitOutcome",
    "draft_replies",
    "submit_reply",
    "withdraw_reply",
    "approve_reply",
    "reject_reply",
    "retry_reply",
    "approval_queue",
    "PolicyPreview",
    "reply_policy",
    "SavedReplyView",
    "list_saved_replies",
    "create_saved_reply",
    "delete_saved_reply",
]
