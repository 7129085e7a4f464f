"""Analysis runs over the database: snapshot records, run the library, store results.

The single place where ORM rows become library DataFrames and library results go
back into models (linkage runs, people, the review queue).
"""
