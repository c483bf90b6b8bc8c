"""Reaching a Dask cluster: what --dask takes (`local:N`, or a scheduler's address), checked
before any work (`check_cluster_spec`: a scheduler must answer at the address, in seconds), and
the client of one (`connect`)."""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Union

from pipeline.core.failures import UsageFailure, printable

#: what --dask takes: local:N, or the address of a running scheduler
LOCAL = re.compile(r"local:(\d+)")
#: a task that raises is tried this many more times (an input that a worker could not read for a
#: moment); a worker that dies is not counted here: Dask reschedules its tasks by itself
#: what a scheduler's address may be: tcp:// or tls://, a host name or address ([...] for IPv6), a port
ADDRESS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]*)"
                     r"(?::(?P<port>\d*))?/?")
SCHEMES = ("tcp", "tls")
#: how long a peer may take to accept a connection (nothing listening is refused at once), and
#: then to answer Dask's handshake and say it is a scheduler (at most Dask's own connect timeout)
PROBE_SECONDS = 2.0
HANDSHAKE_SECONDS = 10.0
_ACCEPTED = ("give local:N for N worker processes on this machine, or a scheduler's address tcp://HOST:PORT "
             "or tls://HOST:PORT, such as tcp://HOST:8786")


def dask_available() -> bool:
    """Whether Dask's `distributed` is installed (the `dask` extra)."""
    import importlib.util

    return importlib.util.find_spec("distributed") is not None


def check_cluster_spec(spec: str, cpus: int, option: str = "--dask") -> None:
    """Refuse a --dask value that cannot work, before any work: local:N with more workers than
    CPUs, an address that is not tcp:// or tls:// with a host and a port, or one where no Dask
    scheduler answers (see `probe_scheduler`).

    spec (str): "local:N" or a scheduler address such as tcp://10.0.0.5:8786.
    cpus (int): the CPUs this machine gives this process: local:N may not have more workers.
    option (str): how the caller calls it, for the message ("--dask", or "dask=" in Python).
    RAISES UsageFailure: saying what is wrong and what to give instead.
    """
    if not dask_available():
        raise UsageFailure(f"{option} needs Dask's distributed package: pip install 'newsfacts[dask]'")
    local = LOCAL.fullmatch(spec)
    if local:
        workers = int(local.group(1))
        if not 1 <= workers <= cpus:
            raise UsageFailure(f"{option} {spec}: a local cluster of {workers} workers on the {cpus} CPUs this "
                               f"machine gives this process: use local:1 to local:{cpus}")
        return
    probe_scheduler(spec, option)


def scheduler_address(spec: str, option: str = "--dask") -> tuple[str, str, int]:
    """The scheme, host and port of a scheduler's address such as tcp://10.0.0.5:8786.

    RAISES UsageFailure: the address is not tcp:// or tls:// with a host and a port from 1 to 65535.
    """
    found = ADDRESS.fullmatch(spec)
    if found is None:
        problem = "not local:N nor an address"
    elif found["scheme"] not in SCHEMES:
        problem = f"the scheme {found['scheme']}:// is not one newsfacts uses"
    elif not found["host"]:
        problem = "no host"
    elif not found["port"]:
        problem = "no port"
    elif not 1 <= int(found["port"]) <= 65535:
        problem = f"port {int(found['port'])} is not from 1 to 65535"
    else:
        return found["scheme"], found["host"].strip("[]"), int(found["port"])
    raise UsageFailure(f"{option} {printable(spec)}: {problem}; {_ACCEPTED}")


def probe_scheduler(spec: str, option: str = "--dask") -> None:
    """Make sure a Dask scheduler answers at `spec`, in seconds: a plain TCP connection first (so
    that nothing listening is refused at once, not after Dask's 30 s of retries), then Dask's
    handshake and an "identity" request, each bounded in time, so that a peer that is not a
    scheduler (a web server that waits, a banner that Dask reads as a frame of exabytes, a Dask
    worker) is named as such rather than hanging or failing inside Dask.

    RAISES UsageFailure: the address is malformed, or nothing or something else answers there.
    """
    import socket

    scheme, host, port = scheduler_address(spec, option)
    where, address = f"{option} {spec}", f"{_host(host)}:{port}"
    try:
        socket.create_connection((host, port), timeout=PROBE_SECONDS).close()
    except socket.gaierror as err:
        raise UsageFailure(f"{where}: cannot reach the scheduler: no host {host} ({err.strerror}); check the "
                           f"address") from None
    except (TimeoutError, socket.timeout):
        raise UsageFailure(f"{where}: cannot reach the scheduler: {address} did not answer in {PROBE_SECONDS:g} s "
                           f"(a firewall, or the host is down); check the address and port") from None
    except OSError as err:
        raise UsageFailure(f"{where}: cannot reach the scheduler: nothing answers at {address} "
                           f"({err.strerror or err}); start it with `dask scheduler` on that host, or check the "
                           f"address and port") from None
    seconds = _handshake_seconds()
    try:
        identity = _in_own_thread(lambda: asyncio_run_bounded(_identity(f"{scheme}://{address}"), seconds))
    except Exception as err:  # whatever a peer that is not Dask makes Dask's reader raise (MemoryError, ...)
        from distributed.comm import CommClosedError

        why = {TimeoutError: f"it did not answer Dask's handshake in {seconds:g} s",
               CommClosedError: "it closed the connection at Dask's handshake"}.get(
            type(err), "its answer is not in Dask's protocol")
        raise UsageFailure(f"{where}: the service at {address} is not a Dask scheduler ({why}); give the address "
                           f"the scheduler prints when it starts (`dask scheduler` listens on port 8786)") from None
    kind = identity.get("type") if isinstance(identity, dict) else None
    if not (isinstance(kind, str) and "Scheduler" in kind):
        what = f"a Dask {printable(kind)[:40]}" if isinstance(kind, str) else "a Dask service that gives no identity"
        raise UsageFailure(f"{where}: the service at {address} is {what}, not a scheduler; give the "
                           f"scheduler's address (`dask scheduler` prints it when it starts)")


def _handshake_seconds() -> float:
    """HANDSHAKE_SECONDS, or Dask's connect timeout (distributed.comm.timeouts.connect) if shorter."""
    import dask
    from dask.utils import parse_timedelta

    configured = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect", HANDSHAKE_SECONDS), "seconds")
    return min(HANDSHAKE_SECONDS, configured or HANDSHAKE_SECONDS)


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


async def _identity(address: str) -> Any:
    """Dask's handshake with `address`, then its answer to an "identity" request."""
    from distributed.comm import connect as open_comm
    from distributed.security import Security

    args = Security().get_connection_args("client") if address.startswith("tls://") else {}
    comm = await open_comm(address, **args)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def asyncio_run_bounded(coroutine: Any, seconds: float) -> Any:
    """Run `coroutine` in a new event loop; TimeoutError after `seconds`."""
    import asyncio

    async def bounded() -> Any:
        return await asyncio.wait_for(coroutine, seconds)

    return asyncio.run(bounded())


def _in_own_thread(call: Callable[[], Any]) -> Any:
    """call() in a thread of its own: it may run an event loop even when this thread runs one
    (a notebook's)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="newsfacts-dask-probe") as pool:
        return pool.submit(call).result()


@contextmanager
def connect(spec: Union[str, Any]) -> Iterator[Any]:
    """A Dask client for `spec`: "local:N" starts a cluster of N worker processes (one thread
    each) on this machine and stops it after; an address connects to a running scheduler, once
    `probe_scheduler` has found one there; a `distributed.Client` is used as it is. Yields the client.

    RAISES UsageFailure: no scheduler answers at the address (see `probe_scheduler`).
    """
    from distributed import Client, LocalCluster

    if not isinstance(spec, str):
        yield spec
        return
    local = LOCAL.fullmatch(spec)
    if local:
        with LocalCluster(n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
                          dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            yield client
        return
    probe_scheduler(spec)
    try:
        client = Client(spec, timeout=_handshake_seconds())
    except Exception as err:  # it answered the probe a moment ago: gone, or not a scheduler after all
        raise UsageFailure(f"--dask {spec}: cannot reach the scheduler ({type(err).__name__}: "
                           f"{printable(str(err))[:120]}); start it with `dask scheduler` on that host, or check the "
                           f"address and port") from None
    with client:
        yield client


def dashboard_note(client: Any) -> str:
    """Where the cluster's dashboard is, and what it needs when that is missing."""
    import importlib.util

    link = getattr(client, "dashboard_link", None) or "no address"
    if importlib.util.find_spec("bokeh") is None and getattr(client, "cluster", None) is not None:
        return f"Dask dashboard: {link} (shows a page only with bokeh installed: pip install 'bokeh>=3.1')"
    return f"Dask dashboard: {link}"
