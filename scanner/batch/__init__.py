"""`scanner batch`: applicant spreadsheets, the per-applicant process pool, cross-applicant linkage.

Modules: `spreadsheet` (read and validate CSV/TSV/XLSX), `keys` (canonical identifiers, résumé
MinHash, photo dHash), `linkage` (placeholders, hubs, duplicates, union-find clusters), `runner`
(the local engine: pool, progress, checkpoint), `spark` (the same work on PySpark).
"""
