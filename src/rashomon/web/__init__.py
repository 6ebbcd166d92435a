"""The show stage's local web app (``rashomon serve``); what it shares with the
single-file report lives in :mod:`rashomon.report`."""
