"""Latent-class capture-recapture (Manrique-Vallier 2016; R package LCMCR).

Examples
--------
>>> from habeas.estimate.lcmcr import LCMCR
>>> LCMCR(K=10, seed=7).K
10
"""

from habeas.estimate.lcmcr.model import LCMCR, BadParameter

__all__ = ["LCMCR", "BadParameter"]
