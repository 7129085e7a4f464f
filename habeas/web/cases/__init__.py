"""Cases: sources, import batches, records, people, custody steps and quarantine."""
