"""The report: HTML and PDF with charts and a map, rendered offline."""
