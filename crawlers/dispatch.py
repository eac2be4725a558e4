"""Run a nightly's crawls as jobs: export each source's input, run its job (on Scrapyd nodes, or
in this process), and say which attempts died, so that `nordcat load` can settle every run.

The same jobs run either way (crawlers/jobs.py, landing their files under the landing
directory); only who starts them differs. In-process, one AsyncCrawlerProcess runs them all, as
`nordcat crawl` does. On Scrapyd (crawlers/scrapyd.py), the sources are spread over the nodes by
their expected duration, longest first onto the least loaded node; a job whose node stops
answering, that fails, or that outlives its time limit is dead, and only its source fails.
"""
from __future__ import annotations

import json
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from scrapy.crawler import AsyncCrawlerProcess

from crawlers import scrapyd
from crawlers.jobs import FULLTEXT, JOB_SPIDERS
from crawlers.landing import LandingRun, LandingStore, complete, export_input, new_attempt
from crawlers.run import CrawlOptions, make_context, scrapy_settings
from crawlers.spiders import SPIDERS
from nordcat.sources import Source
from warehouse.store import Warehouse

DEFAULT_DURATION = timedelta(minutes=1)  # the expectation for a source never crawled
HARD_LIMIT_GRACE = 1.25  # a job past its time limit closes itself; past this much more it is cancelled


@dataclass
class Job:
    source: Source
    run: LandingRun
    source_file: str | None        # the source file's path when the registry is not the packaged one
    time_limit: float              # seconds
    attempt: str = field(default_factory=new_attempt)
    node: str | None = None
    step: str = ""                 # "" while crawling, FULLTEXT during the full-text step
    started: float = 0.0
    seconds: float = 0.0
    failure: str | None = None
    finished: bool = False

    @property
    def attempt_dir(self) -> Path:
        return self.run.attempt(self.attempt)

    @property
    def args(self) -> dict[str, str]:
        args = {"source": self.source.name, "run": self.run.run_id, "attempt": self.attempt}
        if self.source_file:
            args["source_file"] = self.source_file
        return args


def source_time_limit(source: Source, default: float) -> float:
    """Seconds a source's job may run; the source file's max_runtime where it names one."""
    return float(source.max_runtime_seconds or default)


def prepare_jobs(warehouse: Warehouse, sources: list[Source], root: Path, data_dir: Path, run_id: str,
                 sources_dir: Path | None, time_limit: float, options: CrawlOptions = CrawlOptions()) -> list[Job]:
    """Start each source's run in the warehouse and export its input: what its job starts from."""
    warehouse.close_crashed_runs()
    jobs = []
    for source in sources:
        spider_cls = SPIDERS[source.kind]
        context = make_context(warehouse, data_dir, run_id, source, spider_cls, options)
        run = LandingRun(root, source.name, run_id)
        export_input(warehouse, run, source, context, spider_cls.follows_links)
        warehouse.start_run(run_id, source.name, source.kind, context.harvest_from)
        source_file = str((sources_dir / f"{source.name}.yml").resolve()) if sources_dir else None
        jobs.append(Job(source, run, source_file, source_time_limit(source, time_limit)))
    return jobs


def wants_fulltexts(job: Job) -> bool:
    """The full-text step follows a crawl that finished well, as in crawlers.run.fetch_fulltexts,
    and only when some PDF is to be fetched: a job is a process to start."""
    if not job.source.fulltext or not complete(job.attempt_dir):
        return False
    stats = json.loads((job.attempt_dir / "output.json").read_text(encoding="utf-8"))["stats"]
    if stats.get("finish_reason") != "finished" or stats.get("nordcat/error"):
        return False
    store = LandingStore(job.run.read_input(), job.attempt_dir)
    return bool(store.fulltext_candidates(job.source.name))


# --- in this process ------------------------------------------------------------------------------

def run_in_process(jobs: list[Job], root: Path, log_level: str = "WARNING", log_format: str = "text") -> None:
    """Every job in one AsyncCrawlerProcess, each source's full-text step after its crawl, as
    `nordcat crawl` runs them, but landing files; the time limit is Scrapy's CLOSESPIDER_TIMEOUT."""
    settings = scrapy_settings(log_level, log_format, jobs[0].run.run_id if jobs else None)
    settings.set("NORDCAT_LANDING_DIR", str(root), priority="cmdline")
    process = AsyncCrawlerProcess(settings)
    for job in jobs:
        job.started = time.monotonic()
        start_step(process, job, JOB_SPIDERS[job.source.kind])
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        process.start()
    finally:
        for sig, handler in handlers.items():  # Scrapy's handlers act on a stopped reactor
            signal.signal(sig, handler)
    for job in jobs:
        job.finished = True
        if not complete(job.attempt_dir):
            job.failure = "the job ended without landing its output"


def start_step(process: AsyncCrawlerProcess, job: Job, spider_cls: type) -> None:
    crawler = process.create_crawler(spider_cls)
    crawler.settings.set("CLOSESPIDER_TIMEOUT", job.time_limit, priority="cmdline")
    task = process.crawl(crawler, **job.args)
    if not job.step:
        task.add_done_callback(lambda _: after_crawl(process, job))
    else:
        task.add_done_callback(lambda _: setattr(job, "seconds", time.monotonic() - job.started))


def after_crawl(process: AsyncCrawlerProcess, job: Job) -> None:
    job.seconds = time.monotonic() - job.started
    if wants_fulltexts(job):
        job.step = FULLTEXT
        start_step(process, job, JOB_SPIDERS[FULLTEXT])


# --- on Scrapyd nodes -----------------------------------------------------------------------------

def plan(jobs: list[Job], nodes: list[str], expected: dict[str, timedelta]) -> dict[str, list[Job]]:
    """Longest expected first, each onto the node with the least expected work so far."""
    load = {node: timedelta(0) for node in nodes}
    planned: dict[str, list[Job]] = {node: [] for node in nodes}
    for job in sorted(jobs, key=lambda j: expected.get(j.source.name, DEFAULT_DURATION), reverse=True):
        node = min(nodes, key=lambda n: (load[n], nodes.index(n)))
        load[node] += expected.get(job.source.name, DEFAULT_DURATION)
        job.node = node
        planned[node].append(job)
    return planned


def run_on_scrapyd(jobs: list[Job], nodes: list[str], root: Path, expected: dict[str, timedelta],
                   poll_seconds: float = 0.5, on_event=lambda *a, **k: None) -> None:
    """Deploy, schedule every job on its planned node, and follow them until each has landed or
    died; a dead job's `failure` says why."""
    alive = deploy_everywhere(nodes, on_event)
    if not alive:
        for job in jobs:
            job.node, job.failure, job.finished = "none", "no Scrapyd node took the project", True
        return
    for node, planned in plan(jobs, alive, expected).items():
        for job in planned:
            schedule(job, root)
    while not all(job.finished for job in jobs):
        time.sleep(poll_seconds)
        for node in alive:
            follow_node(node, [j for j in jobs if j.node == node and not j.finished], root)


def deploy_everywhere(nodes: list[str], on_event) -> list[str]:
    """Deploy the egg to every node at once (each runs `scrapy list` on it); the nodes that took it."""
    egg = scrapyd.build_egg()
    with ThreadPoolExecutor(len(nodes)) as pool:
        outcomes = list(pool.map(lambda node: deploy_one(node, egg), nodes))
    for node, error in zip(nodes, outcomes):
        if error:
            on_event("node_failed", f"[red]{error}[/red]", node=node, error=error)
    return [node for node, error in zip(nodes, outcomes) if not error]


def deploy_one(node: str, egg: bytes) -> str | None:
    try:
        scrapyd.deploy(node, egg)
    except scrapyd.NodeError as exc:
        return str(exc)
    return None


def schedule(job: Job, root: Path) -> None:
    settings = {"NORDCAT_LANDING_DIR": str(root), "CLOSESPIDER_TIMEOUT": str(job.time_limit)}
    spider = FULLTEXT if job.step else job.source.kind
    if not job.step:
        job.started = time.monotonic()
    try:
        scrapyd.schedule(job.node, spider, scrapyd_id(job), job.args, settings)
    except scrapyd.NodeError as exc:
        die(job, node_failure(exc))


def scrapyd_id(job: Job) -> str:
    return f"{job.run.run_id}.{job.source.name}.{job.attempt}{'.' + job.step if job.step else ''}"


def follow_node(node: str, active: list[Job], root: Path) -> None:
    if not active:
        return
    try:
        finished = scrapyd.finished_jobs(node)
    except scrapyd.NodeError as exc:
        for job in active:
            die(job, node_failure(exc))
        return
    for job in active:
        elapsed = time.monotonic() - job.started
        if scrapyd_id(job) in finished:
            job_ended(job, root)
        elif elapsed > job.time_limit * HARD_LIMIT_GRACE + 5:
            scrapyd.cancel(node, scrapyd_id(job))
            die(job, f"timed out after {elapsed:.0f} s (limit {job.time_limit:.0f} s)")
        if job.finished:
            job.seconds = time.monotonic() - job.started


def node_failure(exc: scrapyd.NodeError) -> str:
    return f"its Scrapyd node is gone: {exc}" if exc.gone else str(exc)


def die(job: Job, reason: str) -> None:
    """A job that will land nothing more. In its full-text step the crawl has landed whole: only
    the full texts are lost (they come on a later run), and the source does not fail."""
    job.finished = True
    job.seconds = time.monotonic() - job.started
    if not (job.step and complete(job.attempt_dir)):
        job.failure = reason


def job_ended(job: Job, root: Path) -> None:
    if job.step:  # the full-text step never fails its source; its files count if they landed
        job.finished = True
    elif not complete(job.attempt_dir):
        job.failure, job.finished = "the job ended without landing its output (see its Scrapyd log)", True
    elif wants_fulltexts(job):
        job.step = FULLTEXT
        schedule(job, root)
    else:
        job.finished = True


def dead_attempts(jobs: list[Job]) -> dict[Path, str]:
    return {job.attempt_dir: job.failure for job in jobs if job.failure}


def never_landed(jobs: list[Job]) -> list[Job]:
    """Jobs that died before their attempt wrote anything: the loader finds nothing of them."""
    return [job for job in jobs if job.failure and not job.attempt_dir.exists()]
