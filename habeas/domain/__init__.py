"""The shared vocabulary of habeas: schema, vocabularies, law, places, DUI, names, dates.

Pure Python and package data; imports nothing else of the project.
"""
