"""Catalogue curation, the part of the ``funding`` app that edits ``Program``: partners'
proposals and their review, link checks of official URLs, the staleness report and the staff
CSV import. Its models carry the ``funding`` app label (imported by ``funding/models.py``);
its pages are mounted in the ``funding`` URL namespace."""
