"""English interface: the same dd/mm/yyyy dates as the Spanish one (the project's rule).

Django's own ``en`` formats are American (``March 27, 2022``, ``03/27/2022``); a
day/month swap in a detention date changes a finding, so every language shows and
reads dates day first: English takes the Spanish formats as they are.
"""

from habeas.web.formats.es.formats import *  # noqa: F403
