"""Funding alerts, the part of the ``funding`` app that tells subscribers what is new or
changed in the catalogue: a channel of ``aluhub.common.subscriptions``. Its models carry the
``funding`` app label (imported by ``funding/models.py``); its pages are mounted in the
``funding`` URL namespace."""
