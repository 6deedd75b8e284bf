"""Exchange formats: one module per format, listed in ``registry``; ``exchange`` runs them on a project."""

from annotator.core.formats.common import ExportItem, ExportReport, FormatError, ParsedImport
from annotator.core.formats.exchange import ImportMode, ImportOutcome, ImportPlan, apply_import, export_items, plan_import
from annotator.core.formats.registry import FormatSpec, export_formats, formats, get_format, import_formats

__all__ = [
    "ExportItem",
    "ExportReport",
    "FormatError",
    "FormatSpec",
    "ImportMode",
    "ImportOutcome",
    "ImportPlan",
    "ParsedImport",
    "apply_import",
    "export_formats",
    "export_items",
    "formats",
    "get_format",
    "import_formats",
    "plan_import",
]
