"""One reader per input format; each turns bytes into drafts (or problems)."""
