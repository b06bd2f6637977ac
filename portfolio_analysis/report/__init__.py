"""The report layer: it formats what the analyses computed, and computes nothing of its own.

- :mod:`catalogue`: the words (``maps/texts.yml``), the :class:`catalogue.Context` every block takes, and
  how values are written (amounts, shares, periods, ratings);
- :mod:`html`: Jinja2 templates with autoescape (``templates/``), and the :class:`html.Block` every page
  function returns (its HTML and ``block.data``, the table behind it);
- :mod:`charts`, :mod:`rating_charts`: matplotlib figures as PNG, pure functions of their data and words;
- :mod:`lists`: project lists, cut on the page and written whole beside it;
- :mod:`pages`: one module of blocks per page (``overview``, ``status_change``, ``budget_decline``, ``risk``),
  which the notebooks call, one call per cell;
- :mod:`render`, :mod:`kernels`, :mod:`index`: executing the notebooks and writing the pages;
- :mod:`single`: every page of a period in one file to send.
"""
