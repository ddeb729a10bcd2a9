"""The one write path, from an uploaded file to a saved meeting.

The admin upload, ``import_minutes`` and ``load_demo_data`` all go through it:

1. ``sources.store_source_document``: keep the file exactly as it came, or recognise
   a file that was already imported (same SHA-256 and metadata).
2. ``sources.parse_source_document``: run the parser on the stored bytes with what
   the clerk typed; a failure marks the document FAILED with the Danish message.
3. ``preview.preview_import``: what saving would create or change (the clerk's preview).
4. ``save.save_meeting``: write everything in one transaction.

``batch.import_file`` runs the four steps without a preview, for the commands;
``batch.run_import`` imports many files with one search index commit per batch.
``changes`` owns "a meeting changed" (its items' copies, the change stamp, the
re-index after commit) for the save and the admin's edits alike.

Safe at once and twice: parallel imports of one new municipality, committee or
meeting give one row each, a preview confirmed twice is saved once, and a
document never stays RECEIVED after its import ended (``sources.fail_document``,
``sources.fail_stale_documents``).
"""
