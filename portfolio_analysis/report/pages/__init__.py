"""One module of blocks per report page; each holds every function its notebook calls (``v.heading``,
``v.key_figures``, …), so a notebook imports one module as ``v``."""
