"""A pool of IPython kernels that papermill runs the report notebooks in, several at once.

Starting a kernel and importing pandas and matplotlib in it costs more than most report notebooks
do, so each kernel is started once per run and reused: a notebook runs in whichever kernel is free,
after a ``%reset -f`` that empties the namespace the previous notebook left. Kernels talk over local
sockets in the temp folder, never TCP ports.
"""

from __future__ import annotations

import os
import queue
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from traitlets.config import Config

from ..store import SNAPSHOT_VARIABLE
from .html import RENDERING_VARIABLE

# The kernel is reused: each notebook starts from an empty namespace. (A comment after the magic, on its
# line, would be read as names of what to reset, and nothing would be.)
RESET = "%reset -f"


def kernel_config() -> Config:
    config = Config()
    config.KernelManager.transport = "ipc"
    name = f"portfolio-analysis-{os.getpid()}-{uuid.uuid4().hex[:8]}"  # one socket prefix per kernel
    config.KernelManager.ip = os.path.join(tempfile.gettempdir(), name)
    return config


def kernel_environment() -> dict[str, str]:
    """The kernels read the data the report run built and holds locked; they never rebuild it."""
    return {**os.environ, SNAPSHOT_VARIABLE: "1", RENDERING_VARIABLE: "1"}  # the page holds the stylesheet


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class KernelPool:
    """``with KernelPool(jobs, cwd) as pool: pool.map(tasks)``; each task gets a running kernel."""

    def __init__(self, jobs: int, cwd: Path):
        self.jobs = max(1, jobs)
        self.cwd = Path(cwd)
        self.free: queue.Queue[AsyncKernelManager] = queue.Queue()
        self.managers: list[AsyncKernelManager] = []

    def __enter__(self) -> KernelPool:
        for _ in range(self.jobs):
            manager = AsyncKernelManager(kernel_name="python3", config=kernel_config())
            run_sync(manager.start_kernel)(cwd=str(self.cwd), env=kernel_environment())
            self.managers.append(manager)
            self.free.put(manager)
        return self

    def __exit__(self, *exc) -> None:
        for manager in self.managers:
            try:
                run_sync(manager.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - a kernel that already died needs no shutdown
                pass

    def map(self, tasks: list[Callable[[AsyncKernelManager], object]]) -> list:
        """Runs the tasks, at most ``jobs`` at a time, each with a kernel of its own for its duration."""
        def run(task):
            manager = self.free.get()
            try:
                return task(manager)
            finally:
                if not run_sync(manager.is_alive)():
                    run_sync(manager.start_kernel)(cwd=str(self.cwd), env=kernel_environment())
                self.free.put(manager)

        with ThreadPoolExecutor(self.jobs) as executor:
            return list(executor.map(run, tasks))


def execute_notebook(source: Path, output: Path, parameters: dict, manager: AsyncKernelManager) -> None:
    """papermill's run of one notebook in a pooled kernel; raises as papermill does when a cell fails.
    The kernel already runs in the notebooks' folder: papermill's ``cwd`` would change this process's
    working directory, under the other threads' feet and their relative paths."""
    notebook = nbformat.read(source, as_version=4)
    reset = nbformat.v4.new_code_cell(RESET)
    reset.metadata["tags"] = ["remove"]
    notebook.cells.insert(0, reset)
    papermill.execute_notebook(notebook, str(output), parameters=parameters, kernel_name="python3",
                               progress_bar=False, log_output=False, km=manager)
