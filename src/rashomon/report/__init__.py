"""Stage 5, report: the JSON export (the machine contract) and readable summaries."""
