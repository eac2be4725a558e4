#!/usr/bin/env python3
"""Serve one published catalogue from several machines: copy, checksum, atomic swap.

On the machine that publishes (after each nightly; deploy/nordcat-nightly.service runs it):

    replicate.py manifest /var/lib/nordcat/data

writes DATA/catalogue-manifest.json: the SHA-256 of catalogue.db, inspect-data.json and every file
of the ranked search index the catalogue names (DATA/search-*/). On each replica (a timer,
deploy/nordcat-replicate.timer):

    replicate.py pull publisher:/var/lib/nordcat/data /var/lib/nordcat/data

copies the manifest and the files it names into DATA/.incoming (rsync for host:path, a plain
copy for a local or mounted path), checks every checksum, and only then swaps them in: the search
index folder first (a new name each publish), then inspect-data.json, then catalogue.db, each by
rename(2), in the order `nordcat publish` itself uses. `nordcat serve` on the replica notices the
new catalogue.db (another inode) and hands over to a new Datasette worker without dropping a
request (publish/serve.py). A copy that does not match its manifest (a publish was under way at
the source) swaps nothing and exits 1; the replica goes on serving the catalogue it has, and the
next pull tries again. A pull of the catalogue already served copies nothing.

Standard library only: it runs with the system's python3 on a replica without nordcat's venv.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

MANIFEST = "catalogue-manifest.json"
SERVED = ".replica-manifest.json"  # the manifest of the catalogue this replica serves
INCOMING = ".incoming"
KEPT_SEARCH_INDEXES = 2  # as publish/catalogue.py: a worker still serving the last one keeps its files


class ReplicaError(RuntimeError):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def search_folder(catalogue: Path) -> str | None:
    """The ranked index folder the catalogue names (its search_engine table), if any."""
    with contextlib.closing(sqlite3.connect(f"file:{catalogue}?immutable=1", uri=True)) as db:
        try:
            row = db.execute("SELECT dir FROM search_engine").fetchone()
        except sqlite3.DatabaseError:
            return None
    return row[0] if row else None


def write_manifest(data: Path) -> dict:
    catalogue = data / "catalogue.db"
    if not catalogue.is_file():
        raise ReplicaError(f"no catalogue at {catalogue}: run `nordcat publish` first")
    files = {"catalogue.db": sha256(catalogue), "inspect-data.json": sha256(data / "inspect-data.json")}
    folder = search_folder(catalogue)
    if folder:
        for file in sorted((data / folder).iterdir()):
            files[f"{folder}/{file.name}"] = sha256(file)
    manifest = {"search_folder": folder, "files": files}
    tmp = data / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    os.replace(tmp, data / MANIFEST)
    return manifest


def fetch(source: str, names: list[str], into: Path) -> None:
    """Copy `names` (paths relative to `source`) into `into`: rsync for host:path, else a copy."""
    into.mkdir(parents=True, exist_ok=True)
    if ":" in source.split("/", 1)[0]:
        listing = "".join(f"{name}\n" for name in names)
        subprocess.run(["rsync", "--archive", "--files-from=-", source.rstrip("/") + "/", str(into)],
                       input=listing, text=True, check=True)
        return
    for name in names:
        (into / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(source) / name, into / name)


def pull(source: str, data: Path) -> str:
    """Copy, check and swap in the source's published catalogue; returns what was done."""
    staging = data / INCOMING
    shutil.rmtree(staging, ignore_errors=True)
    fetch(source, [MANIFEST], staging)
    manifest = json.loads((staging / MANIFEST).read_text())
    served = data / SERVED
    if served.is_file() and json.loads(served.read_text()) == manifest:
        shutil.rmtree(staging)
        return "the catalogue served is the published one: nothing copied"
    fetch(source, list(manifest["files"]), staging)
    wrong = [name for name, digest in manifest["files"].items() if sha256(staging / name) != digest]
    if wrong:
        shutil.rmtree(staging)
        raise ReplicaError(f"checksum mismatch in {', '.join(wrong)} (a publish under way at the source?): "
                           f"nothing swapped, the catalogue served stays")
    swap_in(staging, data, manifest)
    return f"swapped in the catalogue {manifest['files']['catalogue.db'][:12]}"


def swap_in(staging: Path, data: Path, manifest: dict) -> None:
    folder = manifest["search_folder"]
    if folder and not (data / folder).exists():
        os.replace(staging / folder, data / folder)
    os.replace(staging / "inspect-data.json", data / "inspect-data.json")
    os.replace(staging / "catalogue.db", data / "catalogue.db")
    (staging / MANIFEST).replace(data / SERVED)
    shutil.rmtree(staging)
    older = sorted((p for p in data.glob("search-*") if p.is_dir() and p.name != folder),
                   key=lambda p: p.stat().st_mtime)
    for stale in older[:max(0, len(older) - (KEPT_SEARCH_INDEXES - 1))]:
        shutil.rmtree(stale, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("manifest", help="write DATA/catalogue-manifest.json").add_argument("data", type=Path)
    pulling = commands.add_parser("pull", help="copy, check and swap in SOURCE's catalogue")
    pulling.add_argument("source", help="host:/path/to/data (rsync) or a local or mounted data folder")
    pulling.add_argument("data", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "manifest":
            manifest = write_manifest(args.data)
            print(f"manifest: {len(manifest['files'])} files, catalogue {manifest['files']['catalogue.db'][:12]}")
        else:
            print(pull(args.source, args.data))
    except (ReplicaError, OSError, subprocess.CalledProcessError) as exc:
        print(f"replicate: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
