"""Date and number formats of the interface, per language (``FORMAT_MODULE_PATH``).

Dates in the interface are dd/mm/yyyy in every language, as people in El Salvador
write them; the stored values stay ISO.
"""
