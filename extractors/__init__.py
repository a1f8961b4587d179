"""Pure extractors: from a `SourceDocument` to a `Profile`. No network, no global state."""

from extractors.model import (
    DateRange,
    DocumentMeta,
    EmploymentType,
    ExtractionError,
    PartialDate,
    Position,
    Precision,
    Profile,
    SourceDocument,
    SourceFamily,
    SourceKind,
    SourceStatus,
    StatedExperience,
    Study,
)

__all__ = [
    "DateRange",
    "DocumentMeta",
    "EmploymentType",
    "ExtractionError",
    "PartialDate",
    "Position",
    "Precision",
    "Profile",
    "SourceDocument",
    "SourceFamily",
    "SourceKind",
    "SourceStatus",
    "StatedExperience",
    "Study",
]
