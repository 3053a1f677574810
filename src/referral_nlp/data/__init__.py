"""Case records: the schema, loaders for a council export, splits and the synthetic corpus."""

from referral_nlp.data.loaders import (
    SPLIT_NAMES,
    case_features,
    load_cases,
    load_dataset,
    load_splits_dir,
    read_table,
    records_to_dataset,
)
from referral_nlp.data.mapping import ColumnMapping
from referral_nlp.data.quality import DataQualityReport, GroupRates, data_quality_summary
from referral_nlp.data.schema import (
    FIELDS,
    FIELDS_BY_NAME,
    FOLLOW_UP_DAYS,
    LABELS,
    MODEL_STRUCTURED_FIELDS,
    PROTECTED_FIELDS,
    STRUCTURED_FIELDS,
    CaseRecord,
    FieldSpec,
)
from referral_nlp.data.splits import (
    LeakageError,
    check_no_leakage,
    check_time_order,
    split_by_family_and_time,
)
from referral_nlp.data.validation import DataValidationError, Problem, validate_rows

__all__ = [
    "FIELDS",
    "FIELDS_BY_NAME",
    "FOLLOW_UP_DAYS",
    "LABELS",
    "MODEL_STRUCTURED_FIELDS",
    "PROTECTED_FIELDS",
    "SPLIT_NAMES",
    "STRUCTURED_FIELDS",
    "CaseRecord",
    "ColumnMapping",
    "DataQualityReport",
    "DataValidationError",
    "FieldSpec",
    "GroupRates",
    "LeakageError",
    "Problem",
    "case_features",
    "check_no_leakage",
    "check_time_order",
    "data_quality_summary",
    "load_cases",
    "load_dataset",
    "load_splits_dir",
    "read_table",
    "records_to_dataset",
    "split_by_family_and_time",
    "validate_rows",
]
