"""Inter-coder agreement: span, token, unitizing and claim-tuple measures over annotation files.

``base`` states the interface (coding and unitizing studies, what a measure is); each measure
is a module of its own (``kappa``, ``alpha``, ``unitizing``, ``spans``, ``attributes``);
``corpus`` reads several coders through the ``ProjectStore`` interface and ``report`` puts the
table together for the CLI and the window.
"""

from annotator.core.agreement.corpus import Corpus, DocumentCoding, load_corpus
from annotator.core.agreement.report import ALL, CORPUS, AgreementReport, Disagreement, Row, agreement_report, format_table

__all__ = ["ALL", "CORPUS", "AgreementReport", "Corpus", "Disagreement", "DocumentCoding", "Row", "agreement_report", "format_table", "load_corpus"]
