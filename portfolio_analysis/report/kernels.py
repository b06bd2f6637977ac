"""A pool of IPython kernels that papermill runs the report notebooks in, several at once.

Starting a kernel and importing pandas and matplotlib in it costs more than most report notebooks
do, so each kernel is started once per run, warmed and reused:

- :meth:`KernelPool.start` (also entering ``with KernelPool(...)``) returns at once: the kernels start
  in the background, each imports the report pages (``WARM_UP``) and is handed to a task only then, so
  the caller checks its data meanwhile;
- a notebook runs in whichever kernel is free, after a ``%reset -f`` that empties the namespace the
  previous notebook left;
- papermill is imported while the kernels start, and writes each executed notebook once (``engine``).

Kernels talk over local sockets in the temp folder, never TCP ports.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import queue
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from traitlets.config import Config

from ..settings.paths import RENDERING_VARIABLE  # not from html: it imports pandas

# The kernel is reused: each notebook starts from an empty namespace. (A comment after the magic, on its
# line, would be read as names of what to reset, and nothing would be.)
RESET = "%reset -f"
# Run once in each new kernel, leaving its namespace empty. gc.freeze: the imported modules live as long
# as the kernel, and the full collection of every %reset -f would otherwise walk them all again (0.1-0.2 s).
WARM_UP = """\
def _warm_up():
    import gc, importlib, pkgutil
    import portfolio_analysis.report.pages as pages
    for module in pkgutil.iter_modules(pages.__path__):
        importlib.import_module(f"{pages.__name__}.{module.name}")
    gc.collect()
    gc.freeze()
try:
    _warm_up()
finally:
    del _warm_up
"""
STARTUP_TIMEOUT = 60  # seconds, as papermill waits for a kernel


def kernel_config() -> Config:
    config = Config()
    config.KernelManager.transport = "ipc"
    name = f"portfolio-analysis-{os.getpid()}-{uuid.uuid4().hex[:8]}"  # one socket prefix per kernel
    config.KernelManager.ip = os.path.join(tempfile.gettempdir(), name)
    return config


def kernel_environment() -> dict[str, str]:
    """The page holds the stylesheet, not each block. (Which build the notebooks read is their
    ``snapshot`` parameter, never the environment.)"""
    return {**os.environ, RENDERING_VARIABLE: "1"}


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class KernelPool:
    """``with KernelPool(jobs, cwd) as pool: pool.map(tasks)``; each task gets a running, warmed kernel."""

    def __init__(self, jobs: int, cwd: Path, warm_up: str = WARM_UP):
        self.jobs = max(1, jobs)
        self.cwd = Path(cwd)
        self.warm_up = warm_up
        self.free: queue.Queue[AsyncKernelManager | BaseException] = queue.Queue()
        self.managers: list[AsyncKernelManager] = []
        self.closing = threading.Event()
        self.starter: ThreadPoolExecutor | None = None

    def start(self) -> KernelPool:
        """Starts the kernels in the background; returns at once."""
        if self.starter is None:
            self.starter = ThreadPoolExecutor(self.jobs, thread_name_prefix="kernel-start")
            for _ in range(self.jobs):
                self.starter.submit(self.start_one)
        return self

    def __enter__(self) -> KernelPool:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.closing.set()  # a kernel still warming stops waiting for its imports
        if self.starter is not None:
            self.starter.shutdown(wait=True)
        run_sync(shut_down)(self.managers)

    def start_one(self) -> None:
        manager = AsyncKernelManager(kernel_name="python3", config=kernel_config())
        self.managers.append(manager)
        try:
            run_sync(self.started)(manager)
        except BaseException as error:
            self.free.put(error)  # the tasks waiting for a kernel fail with it, as a start in __enter__ did
            raise
        self.free.put(manager)

    async def started(self, manager: AsyncKernelManager) -> None:
        await manager.start_kernel(cwd=str(self.cwd), env=kernel_environment())
        await warm(manager, self.warm_up, self.closing)

    def take(self) -> AsyncKernelManager:
        """The next warmed kernel, waiting for one; raises what a kernel's start raised."""
        item = self.free.get()
        if isinstance(item, BaseException):
            self.free.put(item)
            raise item
        return item

    def give_back(self, manager: AsyncKernelManager) -> None:
        """A kernel that died (a notebook may kill it) is replaced by a new one, warmed as the first were:
        its manager is not reused, as the client of the notebook that died may have closed its sockets."""
        if run_sync(manager.is_alive)():
            self.free.put(manager)
            return
        self.managers.remove(manager)
        run_sync(shut_down)([manager])  # its connection file and sockets
        self.start_one()

    def map(self, tasks: list[Callable[[AsyncKernelManager], object]]) -> list:
        """Runs the tasks, at most ``jobs`` at a time, each with a kernel of its own for its duration."""
        self.start()
        # papermill is imported here, while the kernels start, and in this thread: an import in another
        # thread runs under whatever warnings filters this one's `catch_warnings` blocks leave meanwhile
        importlib.import_module(".engine", __package__)

        def run(task):
            manager = self.take()
            try:
                return task(manager)
            finally:
                self.give_back(manager)

        with ThreadPoolExecutor(self.jobs) as executor:
            return list(executor.map(run, tasks))


async def warm(manager: AsyncKernelManager, code: str, closing: threading.Event) -> None:
    """Runs ``code`` in the kernel, silently, and waits until it is done, the kernel died or the pool
    closes. A warm-up that fails is no failure: the notebook then imports what it needs, and reports."""
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=STARTUP_TIMEOUT)
        msg_id = client.execute(code, silent=True, store_history=False, allow_stdin=False)
        while not closing.is_set() and await manager.is_alive():
            try:
                reply = await client.get_shell_msg(timeout=0.2)
            except queue.Empty:
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                return
    except RuntimeError:  # the kernel died before it was ready; papermill will say so for the notebook
        pass
    finally:
        client.stop_channels()


async def shut_down(managers: list[AsyncKernelManager]) -> None:
    async def one(manager):
        try:
            await manager.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - a kernel that already died needs no shutdown
            pass

    await asyncio.gather(*(one(manager) for manager in managers))


def execute_notebook(source: Path, output: Path, parameters: dict, manager: AsyncKernelManager) -> None:
    """papermill's run of one notebook in a pooled kernel; raises as papermill does when a cell fails.
    The kernel already runs in the notebooks' folder: papermill's ``cwd`` would change this process's
    working directory, under the other threads' feet and their relative paths."""
    import nbformat
    import papermill

    from .engine import ENGINE

    notebook = nbformat.read(source, as_version=4)
    reset = nbformat.v4.new_code_cell(RESET)
    reset.metadata["tags"] = ["remove"]
    notebook.cells.insert(0, reset)
    papermill.execute_notebook(notebook, str(output), parameters=parameters, kernel_name="python3",
                               progress_bar=False, log_output=False, km=manager, engine_name=ENGINE)
