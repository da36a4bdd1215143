"""Where chunks of work run: in this process, in local processes, or on a Dask cluster.

Sweeps and robustness studies split their work into *fixed* chunks (the chunking never depends
on the backend or the number of workers) and merge the chunk results in chunk order. So every
backend gives the same result, to the byte, as the serial run:

* ``serial``: each chunk in turn, in this process;
* ``processes``: a local :class:`concurrent.futures.ProcessPoolExecutor` (``--jobs N``);
* ``dask``: a Dask cluster (``--scheduler ADDRESS``), or a :class:`distributed.LocalCluster`
  started for the run (``--scheduler local``), bound to loopback only.

Dask is optional (``pip install negotiate[distributed]``) and imported only when the Dask
backend is asked for. Functions and chunks sent to local processes must be picklable (module
level functions, plain data); Dask uses cloudpickle.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from negotiate.errors import BackendError

T = TypeVar("T")
R = TypeVar("R")

#: Seconds to wait for a Dask scheduler (and for its first worker) before giving up.
CONNECT_TIMEOUT = 10.0
#: Chunks in flight per worker: enough to keep workers busy, few enough to bound memory.
CHUNKS_PER_WORKER = 2
#: The hint in every error about a missing Dask.
INSTALL_HINT = "install negotiate[distributed]"


class Kind(enum.Enum):
    """Where chunks run."""

    SERIAL = "serial"
    PROCESSES = "processes"
    DASK = "dask"


@dataclass(frozen=True)
class Backend:
    """An open backend: its kind, the number of workers, and the live executor (a
    ``ProcessPoolExecutor`` or a ``distributed.Client``; None for serial)."""

    kind: Kind
    workers: int = 1
    executor: Any = None

    @property
    def parallel(self) -> bool:
        """Whether chunks run elsewhere (then splitting work into chunks pays)."""
        return self.kind is not Kind.SERIAL


#: The backend that runs every chunk in turn in this process.
SERIAL = Backend(Kind.SERIAL)


def map_chunks(
    func: Callable[[T], R], chunks: Iterable[T], backend: Backend = SERIAL
) -> Iterator[R]:
    """``func(chunk)`` for every chunk, yielded in the order of ``chunks`` whatever the backend.

    ``chunks`` is consumed lazily, at most ``CHUNKS_PER_WORKER * workers`` ahead of the result
    being yielded, so a generator of chunks (random draws, say) is never held in memory at
    once. An exception raised by ``func`` is raised here, in chunk order.
    """
    if backend.kind is Kind.SERIAL:
        for chunk in chunks:
            yield func(chunk)
        return
    window = max(2, CHUNKS_PER_WORKER * backend.workers)
    pending: deque[Any] = deque()
    try:
        for chunk in chunks:
            pending.append(_submit(backend, func, chunk))
            if len(pending) >= window:
                yield _result(backend, pending.popleft())
        while pending:
            yield _result(backend, pending.popleft())
    finally:
        for future in pending:
            future.cancel()


def _submit(backend: Backend, func: Callable, chunk: Any) -> Any:
    if backend.kind is Kind.DASK:
        # pure=False: no hashing of the arguments; every chunk is a task of its own.
        return backend.executor.submit(func, chunk, pure=False)
    return backend.executor.submit(func, chunk)


def _result(backend: Backend, future: Any) -> Any:
    if backend.kind is not Kind.DASK:
        return future.result()
    try:
        return future.result()
    except OSError as err:  # the scheduler went away mid-run
        raise BackendError(f"lost the Dask scheduler: {_one_line(err)}") from err


@contextmanager
def open_backend(jobs: int = 1, scheduler: str | None = None) -> Iterator[Backend]:
    """The backend for ``--jobs`` and ``--scheduler``, closed (pool, client, cluster) on exit.

    Parameters
    ----------
    jobs
        Local worker processes: a process pool when ``jobs > 1`` (serial otherwise), or the
        size of the local Dask cluster with ``scheduler="local"``.
    scheduler
        None for local work; ``"local"`` for a Dask ``LocalCluster`` started for this run
        (worker processes on loopback when ``jobs > 1``, one in-process worker otherwise);
        else the address of a running Dask scheduler (``tcp://host:8786``), whose workers do
        the work. Raises :class:`~negotiate.errors.BackendError` when Dask is not installed or
        the scheduler cannot be reached within :data:`CONNECT_TIMEOUT` seconds.
    """
    if jobs < 1:
        raise BackendError(f"jobs must be at least 1, got {jobs}")
    if scheduler is None:
        if jobs == 1:
            yield SERIAL
            return
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield Backend(Kind.PROCESSES, jobs, pool)
        return
    with _dask_client(jobs, scheduler) as client:
        yield Backend(Kind.DASK, _threads(client), client)


def local_cluster_options(jobs: int) -> dict[str, Any]:
    """Keyword arguments of the ``distributed.LocalCluster`` of ``--scheduler local``.

    ``jobs`` one-thread workers: processes when ``jobs > 1``, else one worker in this process
    (nothing to pickle, quick to start). Every socket is on loopback: ``dashboard_address=None``
    alone still starts the scheduler's HTTP server (health and metrics routes) on port 8787 of
    every interface, and each worker's on a random port of every interface.
    """
    processes = jobs > 1
    options: dict[str, Any] = {
        "n_workers": jobs,
        "threads_per_worker": 1,
        "processes": processes,
        "dashboard_address": None,
        "scheduler_kwargs": {"dashboard": False, "dashboard_address": "127.0.0.1:0"},
        "worker_dashboard_address": "127.0.0.1:0",
    }
    if processes:  # in-process clusters talk over inproc://, no sockets
        options["host"] = "127.0.0.1"
    return options


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise BackendError(
            f"the Dask backend (--scheduler) needs dask.distributed: {INSTALL_HINT}"
        ) from None
    return distributed


@contextmanager
def _dask_client(jobs: int, scheduler: str) -> Iterator[Any]:
    distributed = _import_distributed()
    cluster = None
    if scheduler == "local":
        cluster = distributed.LocalCluster(**local_cluster_options(jobs))
        address = cluster.scheduler_address
    else:
        address = _check_address(distributed, scheduler)
    try:
        try:
            client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, ValueError, TypeError) as err:
            raise BackendError(
                f"cannot reach the Dask scheduler at {address}: {_one_line(err)}"
            ) from None
        try:
            if not client.nthreads():
                try:
                    client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
                except TimeoutError:
                    raise BackendError(
                        f"the Dask scheduler at {address} has no workers "
                        f"(waited {CONNECT_TIMEOUT:g} s)"
                    ) from None
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def _check_address(distributed: Any, address: str) -> str:
    """``address`` if Dask can parse it; a malformed one must not reach ``Client``, which
    then fails only after its timeout and again, noisily, when collected."""
    try:
        scheme, _ = distributed.comm.parse_address(address)
        if scheme != "inproc":  # in-process schedulers have no host or port
            distributed.comm.get_address_host_port(address)
    except ValueError as err:
        raise BackendError(
            f"bad Dask scheduler address {address!r}: {_one_line(err)}; "
            "expected e.g. tcp://10.0.0.5:8786, or 'local'"
        ) from None
    return address


def _threads(client: Any) -> int:
    return max(1, sum(client.nthreads().values()))


def _one_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__
