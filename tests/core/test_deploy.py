"""The deployment files under deploy/: the systemd units pass `systemd-analyze verify` (with the
install prefix /opt/nordcat pointed at this checkout, whose nordcat and replicate.py exist), the
crontab line is valid cron calling the CLI with options it accepts, and replicate.py copies,
checks and swaps a published catalogue into a replica that `nordcat serve` is serving."""
from __future__ import annotations

import configparser
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from croniter import croniter

from tests.catalogue_server import CatalogueServer
from tests.helpers import NORDCAT, REPO

DEPLOY = REPO / "deploy"
UNITS = sorted([*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")])
REPLICATE = [sys.executable, str(DEPLOY / "replicate.py")]


def installed_here(tmp_path: Path) -> list[Path]:
    """The units as if nordcat were installed in /opt/nordcat: this checkout."""
    copies = []
    for unit in UNITS:
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace("/opt/nordcat", str(REPO)))
        copies.append(copy)
    return copies


def verify(units: list[Path]) -> subprocess.CompletedProcess:
    """`systemd-analyze verify`; where systemd is absent, a parse of each unit's sections instead
    (weaker: it knows no key names)."""
    if shutil.which("systemd-analyze"):
        return subprocess.run(["systemd-analyze", "verify", *map(str, units)], capture_output=True, text=True,
                              cwd=units[0].parent)
    problems = []
    for unit in units:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(unit)
        kind = "Service" if unit.suffix == ".service" else "Timer"
        if kind not in parser or not ({"ExecStart", "OnCalendar", "OnUnitActiveSec"} & set(parser[kind])):
            problems.append(f"{unit.name}: no [{kind}] section with what it runs or when")
    return subprocess.CompletedProcess([], 1 if problems else 0, "", "\n".join(problems))


def test_the_units_are_the_expected_ones():
    assert [u.name for u in UNITS] == ["nordcat-nightly.service", "nordcat-nightly.timer", "nordcat-replicate.service",
                                       "nordcat-replicate.timer", "nordcat-serve.service"]


def test_systemd_units_verify_without_a_warning(tmp_path):
    result = verify(installed_here(tmp_path))
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_the_verification_catches_a_broken_unit(tmp_path):
    units = installed_here(tmp_path)
    service = next(u for u in units if u.name == "nordcat-nightly.service")
    service.write_text(service.read_text().replace("ExecStart=", "ExecStrat="))
    result = verify([service])
    assert result.returncode != 0 or "ExecStrat" in result.stderr


def test_the_units_run_commands_the_cli_accepts():
    for unit in UNITS:
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart=/opt/nordcat/.venv/bin/nordcat "):
                args = line.split()[1:]
                proc = subprocess.run([NORDCAT, *args, "--help"], capture_output=True, text=True)
                assert proc.returncode == 0, f"{unit.name}: {line}\n{proc.stderr}"


def test_the_crontab_line_is_valid_cron_calling_the_cli():
    entries = [line for line in (DEPLOY / "crontab").read_text().splitlines() if line and not line.startswith("#")]
    assert len(entries) == 1
    fields = entries[0].split(None, 5)
    assert croniter.is_valid(" ".join(fields[:5]))
    command = fields[5]
    nightly = command[command.index("/opt/nordcat/.venv/bin/nordcat"):].split(">>")[0].split()
    proc = subprocess.run([NORDCAT, *nightly[1:], "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "due" in proc.stdout, proc.stderr
    assert "replicate.py manifest /var/lib/nordcat/data" in command


# --- replicas ----------------------------------------------------------------------------------

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def published_copy(demo_catalogue: Path, into: Path) -> Path:
    """What a publish leaves that replicas need: catalogue, inspect data, ranked index folder."""
    into.mkdir()
    for name in ("catalogue.db", "inspect-data.json"):
        shutil.copyfile(demo_catalogue / name, into / name)
    for folder in demo_catalogue.glob("search-*"):
        shutil.copytree(folder, into / folder.name)
    return into


def republish_without_one_work(data: Path) -> None:
    """A new catalogue as publish writes one: another file renamed over the old."""
    tmp = data / ".catalogue.db.tmp"
    shutil.copyfile(data / "catalogue.db", tmp)
    with sqlite3.connect(tmp) as db:
        db.execute("DELETE FROM documents WHERE id = (SELECT min(id) FROM documents)")
    db.close()
    os.replace(tmp, data / "catalogue.db")


def replicate(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([*REPLICATE, *map(str, args)], capture_output=True, text=True, timeout=300)


def documents_served(server: CatalogueServer) -> int:
    return server.get("/catalogue.json?sql=select+count(*)+from+documents&_shape=array").json()[0]["count(*)"]


def test_a_replica_pulls_checks_and_swaps_the_published_catalogue_while_serving(demo_catalogue, tmp_path):
    publisher, replica = published_copy(demo_catalogue, tmp_path / "publisher"), tmp_path / "replica"
    replica.mkdir()
    assert replicate("manifest", publisher).returncode == 0
    first = replicate("pull", publisher, replica)
    assert first.returncode == 0, first.stderr
    for name in ("catalogue.db", "inspect-data.json"):
        assert sha256(replica / name) == sha256(publisher / name)
    assert [p.name for p in replica.glob("search-*")] == [p.name for p in publisher.glob("search-*")]
    again = replicate("pull", publisher, replica)
    assert "nothing copied" in again.stdout

    with CatalogueServer(replica, tmp_path / "serve.log") as server:
        before = documents_served(server)
        republish_without_one_work(publisher)
        replicate("manifest", publisher)
        whole = publisher / ".whole.db"
        shutil.copyfile(publisher / "catalogue.db", whole)
        with open(publisher / "catalogue.db", "r+b") as torn:  # changed after its manifest: a copy mid-publish
            torn.seek(100)
            torn.write(b"\xff" * 16)
        served_inode = (replica / "catalogue.db").stat().st_ino
        refused = replicate("pull", publisher, replica)
        assert refused.returncode == 1 and "checksum mismatch in catalogue.db" in refused.stderr
        assert (replica / "catalogue.db").stat().st_ino == served_inode and not (replica / ".incoming").exists()
        assert documents_served(server) == before

        os.replace(whole, publisher / "catalogue.db")  # the publish as its manifest describes it
        swapped = replicate("pull", publisher, replica)
        assert swapped.returncode == 0, swapped.stderr
        deadline = time.monotonic() + 180
        while documents_served(server) != before - 1 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert documents_served(server) == before - 1, (tmp_path / "serve.log").read_text()[-2000:]
