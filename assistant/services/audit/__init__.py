"""The audit trail: every change appended to a hash chain, and read back by admins."""

from assistant.services.audit.log import (
    ChainReport,
    blank_personal_fields,
    json_safe,
    make_checkpoint,
    record_event,
    verify,
    verify_report,
)
from assistant.services.audit.trail import AuditPage, AuditRow, audit_events, check_chain, export_audit_csv

__all__ = [
    "json_safe",
    "record_event",
    "verify",
    "verify_report",
    "make_checkpoint",
    "blank_personal_fields",
    "ChainReport",
    "AuditRow",
    "AuditPage",
    "audit_events",
    "export_audit_csv",
    "check_chain",
]
