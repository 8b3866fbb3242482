"""Response times: the calendar and business-hours reports, and the Response-times page."""

from assistant.services.response_times.at_risk import (
    AT_RISK,
    AT_RISK_SHOWN,
    BREACHED,
    CSV_FIELDS,
    MET,
    ON_TRACK,
    STATES,
)
from assistant.services.response_times.dashboard import (
    BUCKETS,
    WEEKDAYS,
    Dashboard,
    attainment_overall,
    response_times_dashboard,
)
from assistant.services.response_times.period import (
    MINUTE_US,
    BusinessWindows,
    PeriodRows,
    local_cells,
    moment,
    offset_us,
    period_rows,
    timing_at,
)
from assistant.services.response_times.queries import WEEK, calendar_report, calendar_sla_counts, class_names
from assistant.services.response_times.report import (
    SUMMARY_KEYS,
    account_report,
    business_hours_of,
    load_timings,
    report_for_executive,
    response_time_report,
)

__all__ = [
    "WEEK",
    "class_names",
    "calendar_report",
    "calendar_sla_counts",
    "PeriodRows",
    "MINUTE_US",
    "period_rows",
    "BusinessWindows",
    "moment",
    "timing_at",
    "local_cells",
    "offset_us",
    "SUMMARY_KEYS",
    "business_hours_of",
    "load_timings",
    "report_for_executive",
    "response_time_report",
    "account_report",
    "STATES",
    "MET",
    "BREACHED",
    "AT_RISK",
    "ON_TRACK",
    "AT_RISK_SHOWN",
    "CSV_FIELDS",
    "BUCKETS",
    "WEEKDAYS",
    "Dashboard",
    "attainment_overall",
    "response_times_dashboard",
]
