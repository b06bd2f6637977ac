"""papermill's engine for the report run: the executed notebook is written when it completes or fails,
not after every cell.

papermill writes the whole notebook, its charts included, before and after each cell so that a long
run can be watched; a report notebook takes seconds, and those ~30 writes per notebook (a validation
and a deep copy each) cost the command more than running some notebooks does. A notebook that fails,
or whose kernel dies, is still written with everything it ran, as papermill writes it then.
"""

from __future__ import annotations

from papermill.engines import NBClientEngine, papermill_engines

ENGINE = "portfolio-analysis"


class WriteWhenDoneEngine(NBClientEngine):
    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        output_path, nb_man.output_path = nb_man.output_path, None  # nothing written after each cell
        try:
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        finally:
            nb_man.output_path = output_path  # papermill's notebook_complete, next, writes it


papermill_engines.register(ENGINE, WriteWhenDoneEngine)
