"""Reviewing a hand-made report (reviu LAKIN): read its tables and sentences from a DOCX
or text PDF, redo the arithmetic every printed figure claims, and say which do not follow.

``model`` holds the extracted-table model and the finding; ``tables`` recognises what a
column holds; ``arithmetic`` holds the checks (pure functions, no ORM, no file);
``extract`` reads files; ``services`` runs a review and compares with kinerja's data;
``document`` builds the review as a ``reports.document.Document``.
"""
