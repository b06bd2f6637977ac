"""An executed report notebook as the HTML body of its page: nbconvert's basic template without code,
prompts, stderr or the cells tagged ``remove``.

Every notebook of a run is exported by one :class:`BodyExporter`, as soon as it finished, while the others
still run; :meth:`BodyExporter.warm_up` loads nbconvert's templates before the first one finishes.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor


class DropStderr(Preprocessor):
    """Warnings written to stderr belong in the run's console, not in the board's report."""

    def preprocess_cell(self, cell, resources, index):
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        return cell, resources


def exporter() -> HTMLExporter:
    remove = TagRemovePreprocessor(remove_cell_tags={"remove"}, enabled=True)
    html_exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                                 exclude_output_prompt=True)
    html_exporter.register_preprocessor(remove, enabled=True)
    html_exporter.register_preprocessor(DropStderr(), enabled=True)
    return html_exporter


class BodyExporter:
    """Exports notebooks one at a time, from any thread: an nbconvert exporter is not made for several
    at once (and exporting holds the interpreter anyway)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.html_exporter = exporter()

    def body(self, notebook: nbformat.NotebookNode) -> str:
        with self.lock:
            return self.html_exporter.from_notebook_node(notebook)[0]

    def body_of(self, path: Path) -> str:
        """The page body of the executed notebook at ``path``."""
        return self.body(nbformat.read(path, as_version=4))

    def warm_up(self) -> None:
        """Loads the templates, by exporting an empty notebook."""
        self.body(nbformat.v4.new_notebook())


@lru_cache(maxsize=None)
def body_exporter() -> BodyExporter:
    """The process's exporter, made once: every period of a run is exported with it."""
    return BodyExporter()
