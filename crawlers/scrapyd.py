"""Scrapyd's HTTP API, as the nightly uses it: deploy the project egg, schedule, follow, cancel.

The egg is built here rather than by `scrapyd-deploy` (which runs setup.py in the checkout): an
egg is a zip of the packages a job imports (crawlers, nordcat, warehouse, with the source files of
crawlers/sources) and EGG-INFO naming the settings module in its `scrapy` entry point, which
Scrapyd's runner activates before `scrapy crawl`. The third-party libraries come from the node's
own environment (install nordcat there, as on the writer). `scrapyd-deploy` with scrapy.cfg
works as well.
"""
from __future__ import annotations

import io
import time
import zipfile
from functools import lru_cache
from pathlib import Path

import httpx

PROJECT = "nordcat"
PACKAGES = ("crawlers", "nordcat", "warehouse")
PACKAGE_FILES = ("*.py", "*.yml", "*.sql", "*.json")
TIMEOUT = httpx.Timeout(10.0, connect=3.0)


class NodeError(Exception):
    """A Scrapyd node that did not answer (`gone`), or answered with an error."""

    def __init__(self, message: str, gone: bool = False):
        super().__init__(message)
        self.gone = gone


@lru_cache(maxsize=1)
def build_egg() -> bytes:
    root = Path(__file__).resolve().parent.parent
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as egg:
        for package in PACKAGES:
            for pattern in PACKAGE_FILES:
                for path in sorted((root / package).rglob(pattern)):
                    if "__pycache__" not in path.parts:
                        egg.write(path, path.relative_to(root).as_posix())
        egg.writestr("EGG-INFO/PKG-INFO", f"Metadata-Version: 2.1\nName: {PROJECT}\nVersion: 0.1.0\n")
        egg.writestr("EGG-INFO/entry_points.txt", "[scrapy]\nsettings = crawlers.settings\n")
        egg.writestr("EGG-INFO/top_level.txt", "\n".join(PACKAGES) + "\n")
        egg.writestr("EGG-INFO/zip-safe", "")
    return buffer.getvalue()


def call(node: str, endpoint: str, *, data: dict | None = None, files: dict | None = None,
         params: dict | None = None, timeout: httpx.Timeout = TIMEOUT) -> dict:
    url = f"{node.rstrip('/')}/{endpoint}"
    try:
        if data is None and files is None:
            response = httpx.get(url, params=params, timeout=timeout)
        else:
            response = httpx.post(url, data=data, files=files, timeout=timeout)
    except httpx.HTTPError as exc:
        raise NodeError(f"Scrapyd at {node} did not answer {endpoint}: {type(exc).__name__}: {exc}", gone=True) from exc
    try:
        answer = response.json()
    except ValueError as exc:
        raise NodeError(f"Scrapyd at {node} answered {endpoint} with no JSON (HTTP {response.status_code})") from exc
    if answer.get("status") != "ok":
        raise NodeError(f"Scrapyd at {node} refused {endpoint}: {answer.get('message', answer)}")
    return answer


def deploy(node: str, egg: bytes, version: str | None = None) -> str:
    """Add the egg as a new version of the project (Scrapyd runs the newest); returns the version."""
    version = version or time.strftime("%Y%m%dT%H%M%S")
    call(node, "addversion.json", data={"project": PROJECT, "version": version},
         files={"egg": (f"{PROJECT}.egg", egg)}, timeout=httpx.Timeout(120.0, connect=3.0))  # it runs `scrapy list`
    return version


def schedule(node: str, spider: str, job_id: str, args: dict[str, str], settings: dict[str, str]) -> None:
    form = {"project": PROJECT, "spider": spider, "jobid": job_id, **args,
            "setting": [f"{key}={value}" for key, value in settings.items()]}
    call(node, "schedule.json", data=form)


def finished_jobs(node: str) -> set[str]:
    """Ids of the node's finished jobs (Scrapyd keeps `finished_to_keep` of them)."""
    return {job["id"] for job in call(node, "listjobs.json", params={"project": PROJECT})["finished"]}


def cancel(node: str, job_id: str) -> None:
    try:
        call(node, "cancel.json", data={"project": PROJECT, "job": job_id})
    except NodeError:
        pass  # gone already, or the node with it: either way it lands nothing more
