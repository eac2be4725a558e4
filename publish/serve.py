"""Serve the catalogue with Datasette: read-only, immutable, bounded queries, and a newly published
catalogue taken into service without dropping a request.

Why a new catalogue needs a new Datasette process: Datasette -i opens catalogue.db once per SQL
thread and keeps the connection. When `nordcat publish` renames a new file over it, those
connections go on reading the old file (its inode lives while it is open), a thread that connects
later would read the new one, and the counts of the inspect data stay the old file's. So a
running Datasette never sees a new catalogue consistently; it must be replaced.

How it is replaced: this module's supervisor binds the listening socket once and hands it to a
Datasette worker process (uvicorn serving on an inherited socket). Every POLL_SECONDS it looks at
catalogue.db; when the file is another inode, it starts a second worker on the same socket, waits
until that one has loaded the new catalogue and run its startup hooks (the search dictionaries),
and only then asks the old worker to stop (SIGTERM: uvicorn stops accepting and finishes the
requests in flight). Both workers accept from one socket queue, so no connection is refused or
reset in between, as it would be if a port were closed and opened again. A worker reads its own
hard link of the catalogue (DATA/.serving/<n>/catalogue.db): it serves exactly the file it was
started for, even if a later publish replaces catalogue.db before its threads connect. A new
catalogue that fails to start leaves the old worker serving.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import yaml

METADATA = Path(__file__).with_name("metadata.yml")
PLUGINS = Path(__file__).with_name("plugins")
TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
POLL_SECONDS = 1.0
START_TIMEOUT = 180.0  # a worker loads the search dictionaries (seconds) before it is ready
STOP_TIMEOUT = 30.0
KEEP_ALIVE_SECONDS = 5  # uvicorn's default: an idle keep-alive connection is closed after it
RETIRE_SIGNAL = signal.SIGUSR1  # SIGTERM and Ctrl-C stop a worker at once (uvicorn's own handling)

SETTINGS = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "max_returned_rows": 1000,
    "suggest_facets": False,
    "allow_download": True,
    "default_page_size": 50,
}

# Datasette plugins that write to a database or accept uploads: the catalogue is read-only, and
# a served file that changed under an immutable connection would give wrong answers.
WRITE_PLUGIN_WORDS = ("write", "insert", "upload", "edit", "import", "mutable", "update", "delete")


class ServeError(RuntimeError):
    pass


def check_no_write_plugins() -> None:
    """Refuse to serve when an installed Datasette plugin could write."""
    names = {entry.dist.name if entry.dist else entry.name for entry in entry_points(group="datasette")}
    writers = sorted(name for name in names if any(word in name.lower() for word in WRITE_PLUGIN_WORDS))
    if writers:
        raise ServeError(f"write plugins are installed: {', '.join(writers)}; uninstall them to serve the catalogue")


def serve_command(data_dir: Path, host: str, port: int, metadata: Path = METADATA,
                  settings: dict | None = None) -> list[str]:
    """The supervisor as a command line (for `nordcat demo`, the benchmark and tests)."""
    command = [sys.executable, "-m", "publish.serve", "serve", str(data_dir), "--host", host, "--port", str(port),
               "--metadata", str(metadata)]
    for name, value in (settings or {}).items():
        command += ["--setting", name, str(value)]
    return command


def exec_datasette(data_dir: Path, host: str, port: int) -> None:
    """Become the supervisor: signals (Ctrl-C, a supervisor's SIGTERM) then reach it directly."""
    command = serve_command(data_dir, host, port)
    os.execv(command[0], command)


def serve_alongside(data_dir: Path, host: str, port: int) -> int:
    """Run the supervisor as a child while this process keeps serving something else (the demo web).

    Ctrl-C or SIGTERM stops the child too, so nothing that was started is left running.
    """
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    child = subprocess.Popen(serve_command(data_dir, host, port))
    try:
        return child.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if child.poll() is None:
            child.terminate()
            child.wait(timeout=STOP_TIMEOUT)


# --- supervisor -------------------------------------------------------------------------------------

@dataclass
class Worker:
    process: subprocess.Popen
    file: tuple[int, int]  # identity of the catalogue file it serves, see file_identity()
    folder: Path

    def retire(self) -> None:
        """Let the requests in flight and the open connections finish (see run_worker), then stop."""
        if self.process.poll() is None:
            self.process.send_signal(RETIRE_SIGNAL)
            try:
                self.process.wait(timeout=KEEP_ALIVE_SECONDS + STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                pass
        self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def supervise(data_dir: Path, host: str, port: int, metadata: Path, settings: dict) -> int:
    check_no_write_plugins()
    listener = socket.create_server((host, port), backlog=1024)
    listener.set_inheritable(True)
    serving = data_dir / ".serving"
    shutil.rmtree(serving, ignore_errors=True)  # pins of workers that a crash left behind
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    worker = start_worker(data_dir, listener, metadata, settings, serving / "1")
    say(f"serving {data_dir / 'catalogue.db'} on http://{host}:{port}/")
    refused: set[tuple[int, int]] = set()
    new: Worker | None = None  # started, the old one not yet retired: a stop then stops both
    try:
        for number in range(2, sys.maxsize):
            while (current := file_identity(data_dir / "catalogue.db")) in refused | {worker.file}:
                if worker.process.poll() is not None:
                    return worker.process.returncode or 1
                time.sleep(POLL_SECONDS)
            try:
                new = start_worker(data_dir, listener, metadata, settings, serving / str(number))
            except ServeError as error:
                say(f"the new catalogue is not served, the old one still is: {error}")
                refused.add(current)
                continue
            worker.retire()
            worker, new = new, None
            say("now serving the newly published catalogue")
    except KeyboardInterrupt:
        return 0
    finally:
        for running in (worker, new):
            if running:
                running.stop()
    return 0


def start_worker(data_dir: Path, listener: socket.socket, metadata: Path, settings: dict, folder: Path) -> Worker:
    """A Datasette worker on `listener`, serving a hard link of the current catalogue; returns once
    it accepts requests."""
    folder.mkdir(parents=True, exist_ok=True)
    pinned = folder / "catalogue.db"
    os.link(data_dir / "catalogue.db", pinned)
    pin_search_index(data_dir, pinned, folder)
    inspect = matching_inspect_data(data_dir, pinned)
    if inspect:
        (folder / "inspect-data.json").write_text(json.dumps(inspect))
    ready_read, ready_write = os.pipe()
    command = [sys.executable, "-m", "publish.serve", "worker", str(data_dir), str(folder),
               "--socket-fd", str(listener.fileno()), "--ready-fd", str(ready_write), "--metadata", str(metadata)]
    for name, value in settings.items():
        command += ["--setting", name, str(value)]
    process = subprocess.Popen(command, pass_fds=(listener.fileno(), ready_write))
    os.close(ready_write)
    worker = Worker(process, file_identity(pinned), folder)
    try:
        with os.fdopen(ready_read, "rb") as ready:
            ready_line = wait_readable(ready, START_TIMEOUT)
    except BaseException:  # a stop while it starts: it must not outlive the supervisor
        worker.stop()
        raise
    if ready_line != b"ready\n":
        worker.stop()
        raise ServeError(f"Datasette did not start on {data_dir / 'catalogue.db'} (exit {process.poll()})")
    return worker


def pin_search_index(data_dir: Path, pinned: Path, folder: Path) -> None:
    """Hard links of the ranked index the pinned catalogue names (publish/ranked_search.py), beside
    it: the next publish may remove the folder, the worker keeps reading its files."""
    from publish.ranked_search import ranked_index_folder  # here: the supervisor imports no search code else

    # None for a catalogue from before the ranked index (its search page says so), or for a file that
    # is no catalogue (its worker will not start, and the old one goes on serving)
    with contextlib.closing(sqlite3.connect(f"file:{pinned}?immutable=1", uri=True)) as db:
        source = ranked_index_folder(db, data_dir / "catalogue.db")
    if source is None or not source.is_dir():
        return
    (folder / source.name).mkdir()
    for file in source.iterdir():
        if file.is_file():
            os.link(file, folder / source.name / file.name)


def file_identity(path: Path) -> tuple[int, int]:
    """Inode and modification time: a file system may give a new file the inode of a removed one."""
    status = path.stat()
    return status.st_ino, status.st_mtime_ns


def wait_readable(stream, timeout: float) -> bytes:
    readable, _, _ = select.select([stream], [], [], timeout)
    return stream.readline() if readable else b""


def matching_inspect_data(data_dir: Path, catalogue: Path) -> dict | None:
    """The publish step's inspect data, if it describes this file (a publish renames the inspect
    data first, the catalogue second: in between they differ)."""
    path = data_dir / "inspect-data.json"
    try:
        data = json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    described = data.get("catalogue", {})
    return data if described.get("size") == catalogue.stat().st_size else None


def say(message: str) -> None:
    print(f"nordcat serve: {message}", file=sys.stderr, flush=True)


# --- worker ------------------------------------------------------------------------------------------

def run_worker(data_dir: Path, folder: Path, socket_fd: int, ready_fd: int, metadata: Path, settings: dict) -> None:
    import uvicorn
    from datasette.app import Datasette

    inspect = folder / "inspect-data.json"
    described = yaml.safe_load(metadata.read_text())
    # the downloads plugin finds DATA/downloads here (the served file is a pin in DATA/.serving)
    described.setdefault("plugins", {})["nordcat"] = {"data_dir": str(data_dir)}
    datasette = Datasette(immutables=[str(folder / "catalogue.db")], metadata=described,
                          plugins_dir=str(PLUGINS), template_dir=str(TEMPLATES),
                          static_mounts=[("static", str(STATIC))], settings=settings,
                          inspect_data=json.loads(inspect.read_text()) if inspect.exists() else None)
    draining = asyncio.Event()
    server = uvicorn.Server(uvicorn.Config(closing_when(draining, datasette.app()), lifespan="on",
                                           log_level="warning", timeout_keep_alive=KEEP_ALIVE_SECONDS))

    async def retire() -> None:
        """Stop accepting, tell each client to reconnect (to the new worker), then stop."""
        for listening in server.servers:
            listening.close()  # this process's copy of the socket: the new worker keeps accepting
        draining.set()
        await asyncio.sleep(KEEP_ALIVE_SECONDS + 1)  # by then no connection is idle in keep-alive
        server.should_exit = True

    async def main() -> None:
        await datasette.invoke_startup()
        # a file that is no catalogue fails here, before this worker takes any request
        await datasette.get_database("catalogue").execute("SELECT id FROM documents LIMIT 1")
        serving = asyncio.create_task(server.serve(sockets=[socket.socket(fileno=socket_fd)]))
        while not server.started and not serving.done():
            await asyncio.sleep(0.02)
        if server.started:
            asyncio.get_running_loop().add_signal_handler(RETIRE_SIGNAL, lambda: asyncio.ensure_future(retire()))
            os.write(ready_fd, b"ready\n")
        os.close(ready_fd)
        await serving

    asyncio.run(main())


def closing_when(draining: asyncio.Event, app):
    """ASGI: while `draining`, every response closes its connection (Connection: close)."""
    async def closing_app(scope, receive, send):
        if scope["type"] != "http" or not draining.is_set():
            return await app(scope, receive, send)

        async def send_closing(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        await app(scope, receive, send_closing)

    return closing_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publish.serve")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="supervise Datasette over DATA/catalogue.db")
    serve.add_argument("data_dir", type=Path)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8001)
    worker = commands.add_parser("worker", help="one Datasette process (started by the supervisor)")
    worker.add_argument("data_dir", type=Path)
    worker.add_argument("folder", type=Path)
    worker.add_argument("--socket-fd", type=int, required=True)
    worker.add_argument("--ready-fd", type=int, required=True)
    for each in (serve, worker):
        each.add_argument("--metadata", type=Path, default=METADATA)
        each.add_argument("--setting", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    args = parser.parse_args(argv)
    settings = {**SETTINGS, **{name: typed(value) for name, value in args.setting}}
    if args.command == "worker":
        run_worker(args.data_dir, args.folder, args.socket_fd, args.ready_fd, args.metadata, settings)
        return 0
    try:
        return supervise(args.data_dir, args.host, args.port, args.metadata, settings)
    except ServeError as error:
        say(str(error))
        return 2


def typed(value: str) -> bool | int | str:
    """A setting's value as Datasette's own command line reads it: on/off, a number or text."""
    switch = {"on": True, "true": True, "off": False, "false": False}.get(value.lower())
    if switch is not None:
        return switch
    return int(value) if value.lstrip("-").isdigit() else value


if __name__ == "__main__":
    sys.exit(main())
