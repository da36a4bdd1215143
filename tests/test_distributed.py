"""The Dask backend gives the serial result to the byte; its failures are one-line errors.

One in-process ``distributed.LocalCluster`` (one worker, one thread, no dashboard; its HTTP
servers on loopback) serves the module. Dask is in the ``test`` extra, so nothing here is
skipped in CI.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import distributed
import psutil
import pytest

from negotiate import catalog, statics
from negotiate import distributed as backends
from negotiate.distributed import SERIAL, Kind, map_chunks, open_backend
from negotiate.errors import BackendError
from negotiate.robust import robustness
from tests.cli_checks import invoke, run_error, run_ok

#: ``dashboard_address=None`` alone still serves HTTP (health, metrics) on every interface.
LOOPBACK_HTTP = {
    "scheduler_kwargs": {"dashboard": False, "dashboard_address": "127.0.0.1:0"},
    "worker_dashboard_address": "127.0.0.1:0",
}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None, **LOOPBACK_HTTP
    ) as local:
        yield local


def listening() -> set[str]:
    """The addresses this process listens on."""
    return {
        c.laddr.ip
        for c in psutil.Process().net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    }


@pytest.fixture()
def address(cluster) -> str:
    return cluster.scheduler_address


ok = run_ok
error = run_error


def tasks_run(cluster) -> int:
    return cluster.scheduler.transition_counter


# --- same result as the serial run ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["robust", "us_russia", "--samples", "5000", "--seed", "3", "--format", "json"],
        ["robust", "us_eu", "--samples", "4500", "--seed", "0", "--mode", "additive"],
        ["robust", "great_powers", "--samples", "3000", "--seed", "1", "--format", "csv"],
    ],
    ids=["2x2-json", "additive-text", "3-player-csv"],
)
def test_robust_on_dask_prints_the_serial_bytes(cluster, address, args):
    before = tasks_run(cluster)
    assert ok(*args, "--scheduler", address) == ok(*args)
    assert tasks_run(cluster) > before  # the chunks really ran on the cluster


@pytest.mark.parametrize(
    "args",
    [
        ["sweep", "us_russia", "--param", "rapprochement=0:1:5001", "--format", "json"],
        [
            "sweep",
            "russia_ukraine",
            "--param",
            "rapprochement=0:1:61",
            "--param",
            "china_alignment=0:1:41",
            "--format",
            "csv",
        ],
    ],
    ids=["one-parameter", "regime-map"],
)
def test_sweep_on_dask_prints_the_serial_bytes(cluster, address, args):
    before = tasks_run(cluster)
    assert ok(*args, "--scheduler", address) == ok(*args)
    assert tasks_run(cluster) > before


def test_robustness_counts_on_dask_equal_the_serial_counts_chunk_by_chunk(address):
    spec = catalog.load("us_russia")
    kwargs = dict(noise=0.4, samples=2500, seed=5, solve_batch=statics.robust_solve_batch(spec))
    serial = robustness(spec, **kwargs)
    with open_backend(scheduler=address) as backend:
        assert backend.kind is Kind.DASK
        done = []
        on_dask = robustness(
            spec, **kwargs, chunk_size=300, backend=backend, progress=lambda d, n: done.append(d)
        )
    assert done == [*range(300, 2500, 300), 2500]  # progress in chunk order
    assert [(f.conclusion, f.count, f.baseline) for f in on_dask.frequencies] == [
        (f.conclusion, f.count, f.baseline) for f in serial.frequencies
    ]


def test_map_chunks_yields_in_chunk_order_from_the_workers(address):
    chunks = range(23)
    with open_backend(scheduler=address) as backend:
        out = list(map_chunks(_square_on_worker, chunks, backend))
    assert [x for x, _ in out] == [c * c for c in chunks]
    assert all(where.startswith("inproc://") for _, where in out)
    assert list(map_chunks(lambda c: c * c, chunks, SERIAL)) == [c * c for c in chunks]


def _square_on_worker(c: int) -> tuple[int, str]:
    return c * c, distributed.get_worker().address  # raises outside a Dask worker


def test_an_error_in_a_chunk_reaches_the_caller_with_its_type(address):
    with open_backend(scheduler=address) as backend, pytest.raises(ZeroDivisionError):
        list(map_chunks(_inverse, [2, 1, 0, 4], backend))


def _inverse(c: int) -> float:
    return 1 / c


def test_scheduler_local_starts_and_closes_a_cluster_for_the_run():
    args = ["robust", "us_russia", "--samples", "3000", "--format", "json"]
    assert ok(*args, "--scheduler", "local") == ok(*args)


def test_the_local_cluster_listens_on_loopback_only(cluster):
    assert listening() <= {"127.0.0.1"}
    with open_backend(scheduler="local") as backend:
        assert backend.kind is Kind.DASK
        assert listening() <= {"127.0.0.1"}


# --- one-line errors ---------------------------------------------------------------------------


def test_an_unreachable_scheduler_is_a_one_line_error(monkeypatch):
    monkeypatch.setattr(backends, "CONNECT_TIMEOUT", 1.0)
    message = error("robust", "us_russia", "--samples", "10", "--scheduler", "tcp://127.0.0.1:1")
    assert message.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:1: ")


@pytest.mark.parametrize("bad", ["127.0.0.1", "bogus://x", "tcp://127.0.0.1:port"])
def test_a_malformed_scheduler_address_is_refused_at_once(bad):
    message = error("sweep", "us_russia", "--param", "rapprochement=0:1:5", "--scheduler", bad)
    assert message.startswith(f"error: bad Dask scheduler address {bad!r}: ")
    assert "tcp://10.0.0.5:8786" in message


def test_a_scheduler_without_workers_is_a_one_line_error(monkeypatch):
    monkeypatch.setattr(backends, "CONNECT_TIMEOUT", 0.5)
    with distributed.LocalCluster(
        n_workers=0, processes=False, dashboard_address=None, **LOOPBACK_HTTP
    ) as empty:
        message = error("robust", "us_russia", "--scheduler", empty.scheduler_address)
    assert message == (
        f"error: the Dask scheduler at {empty.scheduler_address} has no workers (waited 0.5 s)\n"
    )


def test_jobs_with_a_scheduler_address_is_a_usage_error(address):
    message = error("robust", "us_russia", "--jobs", "2", "--scheduler", address)
    assert "--jobs" in message and "own workers" in message


def test_without_dask_the_scheduler_option_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now fails
    message = error("robust", "us_russia", "--samples", "10", "--scheduler", "local")
    assert message == (
        "error: the Dask backend (--scheduler) needs dask.distributed: "
        "install negotiate[distributed]\n"
    )
    with (
        pytest.raises(BackendError, match=r"install negotiate\[distributed\]"),
        open_backend(scheduler="tcp://127.0.0.1:8786"),
    ):
        pass


def test_local_runs_never_import_dask():
    code = textwrap.dedent(
        """
        import sys
        from click.testing import CliRunner
        from cli import cli
        for args in (["robust", "us_russia", "--samples", "100"],
                     ["sweep", "us_russia", "--param", "rapprochement=0:1:3001", "--jobs", "2"]):
            assert CliRunner().invoke(cli, args).exit_code == 0
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout == "[]\n"


def test_scheduler_without_a_value_means_a_local_cluster():
    plain = invoke("robust", "us_russia", "--samples", "300", "--format", "json")
    local = invoke("robust", "us_russia", "--samples", "300", "--scheduler", "--format", "json")
    assert local.exit_code == 0, local.stderr
    assert local.stdout == plain.stdout
