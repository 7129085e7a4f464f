"""Log-linear models for multiple systems estimation (the R package Rcapture's).

:class:`LogLinear` is the estimator; the submodules hold the model names and designs
(:mod:`.designs`), R-style Poisson fits (:mod:`.irls`), the profile-likelihood interval
(:mod:`.profile`), model selection (:mod:`.selection`) and the warnings (:mod:`.checks`).
"""

from habeas.estimate.loglinear.designs import BadModel
from habeas.estimate.loglinear.model import LogLinear
from habeas.estimate.loglinear.space import hierarchical_models

__all__ = ["BadModel", "LogLinear", "hierarchical_models"]
