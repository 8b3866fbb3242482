"""Notifications: what waits for each member, e-mailed in one batch per pass, and the workspace's webhook."""

from assistant.domain.notifications import EXCERPT_CHARS, KIND_NAMES
from assistant.services.notifications.delivery import NotifyReport, collect, run_notifications
from assistant.services.notifications.events import Event, waiting_events
from assistant.services.notifications.messages import Item, email_body, subject, webhook_text
from assistant.services.notifications.preferences import (
    Preferences,
    WebhookView,
    mail_server,
    notification_preferences,
    set_notification_preferences,
    set_workspace_webhook,
    workspace_webhook,
)

__all__ = [
    "EXCERPT_CHARS",
    "KIND_NAMES",
    "mail_server",
    "Event",
    "Item",
    "NotifyReport",
    "Preferences",
    "WebhookView",
    "collect",
    "email_body",
    "notification_preferences",
    "run_notifications",
    "set_notification_preferences",
    "set_workspace_webhook",
    "subject",
    "waiting_events",
    "webhook_text",
    "workspace_webhook",
]
