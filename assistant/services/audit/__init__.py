"""The audit trail: every change appended to a hash chain, and read back by admins."""

from assistant.services.audit.log import json_safe, record_event, verify
from assistant.services.audit.trail import AuditPage, AuditRow, audit_events, check_chain, export_audit_csv

__all__ = [
    "json_safe",
    "record_event",
    "verify",
    "AuditRow",
    "AuditPage",
    "audit_events",
    "export_audit_csv",
    "check_chain",
]
