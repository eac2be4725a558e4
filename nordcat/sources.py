"""The source registry: one YAML file per source, validated against a strict schema.

A source file is the reviewable half of a source (the other half is the spider of its kind):
who publishes it, where it lives, how politely to fetch it and what a healthy run looks like.
Unknown keys are an error, so a typo never silently falls back to a default.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator, model_validator

from nordcat.schedule import cron_of, runtime_seconds

KINDS = ("oai-pmh", "dspace-html", "docplayer", "web", "nva")


class RegistryError(Exception):
    """A source file that cannot be used; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Politeness(_Strict):
    delay: float = Field(1.0, ge=0, description="seconds between requests to one host")
    concurrency: int = Field(2, ge=1, le=16, description="parallel requests per host")


class Assertions(_Strict):
    min_records: int = Field(1, ge=0, description="fewer live records than this fails the source")


class Source(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    publisher: str
    country: str = Field(pattern=r"^[A-Z]{2}$")
    kind: Literal["oai-pmh", "dspace-html", "docplayer", "web", "nva"]
    url: HttpUrl
    start_urls: list[HttpUrl] = []
    sitemaps: list[HttpUrl] = []
    feeds: list[HttpUrl] = []
    allowed_domains: list[str] = []
    metadata_prefix: str | None = None
    set: str | None = None
    language: str | None = Field(None, pattern=r"^[a-z]{3}$")
    topics: list[str] = []  # docplayer: follow related documents whose title has one of these words
    # nva: the scope of the harvest, as parameters of NVA's /search/resources
    query: str | None = None  # free text (`query`)
    organizations: list[str] = []  # `topLevelOrganization`: Cristin ids such as "215.0.0.0" (OsloMet)
    instance_types: list[str] = []  # `instanceType`: NVA categories such as "ReportResearch"
    politeness: Politeness = Politeness()
    # html kinds: pages fetched at most per run, a guard against traps that no URL rule catches
    max_pages: int = Field(5000, ge=1)
    assertions: Assertions = Assertions()
    # oai-pmh, nva: deletes can vanish without a trace, so every identifier is listed this often
    reconcile_days: int = Field(7, ge=1, description="days between full identifier listings")
    # the PDFs its records link ("nordcat.fulltext_url"), fetched after each crawl of the source
    fulltext: bool = True
    fulltext_max_mb: float = Field(25, gt=0, description="a larger PDF is recorded as too_large, not downloaded")
    fulltext_max_pdfs: int = Field(500, ge=1, description="PDFs fetched at most per run; the rest come on later runs")
    # freshness: `nordcat status` and a nightly's alert call a source stale without a healthy run this recent
    max_age_hours: int = Field(48, ge=1, description="hours since its last successful crawl before it is stale")
    # when a nightly crawls it (nordcat/schedule.py): daily, weekly or a cron expression in UTC; none: every nightly
    schedule: str | None = None
    # a crawl stops cleanly after this long (90s, 45m, 2h) and resumes at the next nightly; none: no limit
    max_runtime: str | None = None
    licence: str | None = None
    enabled: bool = True
    evidence: str | None = None

    @field_validator("country", mode="before")
    @classmethod
    def _norway_problem(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError('YAML reads an unquoted NO as false: write country: "NO"')
        return value

    @field_validator("allowed_domains")
    @classmethod
    def _bare_hosts(cls, hosts: list[str]) -> list[str]:
        for host in hosts:
            if "/" in host or not host:
                raise ValueError(f"{host!r} is not a bare host name")
        return hosts

    @field_validator("organizations")
    @classmethod
    def _cristin_ids(cls, ids: list[str]) -> list[str]:
        for value in ids:
            if not re.fullmatch(r"\d+\.\d+\.\d+\.\d+", value):
                raise ValueError(f"{value!r} is not a Cristin organization id like 215.0.0.0")
        return ids

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str | None) -> str | None:
        if value is not None:
            cron_of(value)
        return value

    @field_validator("max_runtime", mode="before")
    @classmethod
    def _max_runtime(cls, value: object) -> object:
        if value is not None:
            runtime_seconds(value)  # raises with the accepted forms
            return str(value)
        return value

    @model_validator(mode="after")
    def _kind_needs(self) -> Source:
        if self.kind == "web" and not (self.sitemaps or self.feeds or self.start_urls):
            raise ValueError("a web source needs sitemaps, feeds or start_urls")
        if self.kind in ("dspace-html", "docplayer") and not self.start_urls:
            raise ValueError(f"a {self.kind} source needs start_urls")
        if self.kind != "nva" and (self.query or self.organizations or self.instance_types):
            raise ValueError("query, organizations and instance_types scope nva sources only")
        return self

    @property
    def max_runtime_seconds(self) -> float | None:
        return runtime_seconds(self.max_runtime) if self.max_runtime is not None else None

    @property
    def urls(self) -> list[str]:
        """Every URL the source file names."""
        return [str(u) for u in (self.url, *self.start_urls, *self.sitemaps, *self.feeds)]

    @property
    def hosts(self) -> list[str]:
        """The allow-list: explicit allowed_domains, else the hosts of the named URLs."""
        if self.allowed_domains:
            return list(self.allowed_domains)
        return sorted({urlsplit(u).hostname for u in self.urls if urlsplit(u).hostname})

    @property
    def named_netlocs(self) -> set[str]:
        """host:port pairs the file names; private addresses are reachable only through these."""
        return {urlsplit(u).netloc.lower() for u in self.urls}


def _describe(error: ValidationError, path: Path) -> str:
    problems = []
    for err in error.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(file)"
        problems.append(f"{path}: field '{field}': {err['msg']}")
    return "\n".join(problems)


def load_source(path: Path) -> Source:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RegistryError(f"{path}: field '(file)': expected a mapping of fields")
    try:
        source = Source.model_validate(data)
    except ValidationError as exc:
        raise RegistryError(_describe(exc, path)) from exc
    if source.name != path.stem:
        raise RegistryError(f"{path}: field 'name': {source.name!r} must equal the file name {path.stem!r}")
    return source


def load_registry(sources_dir: Path) -> list[Source]:
    """All sources of a directory, sorted by name; every invalid file is reported at once."""
    if not sources_dir.is_dir():
        raise RegistryError(f"{sources_dir}: field '(directory)': no such sources directory")
    sources, problems = [], []
    for path in sorted(sources_dir.glob("*.yml")):
        try:
            sources.append(load_source(path))
        except RegistryError as exc:
            problems.append(str(exc))
    if problems:
        raise RegistryError("\n".join(problems))
    return sources


def select(sources: list[Source], names: list[str]) -> list[Source]:
    """The named sources (all enabled ones when no name is given); unknown names are an error."""
    if not names:
        return [s for s in sources if s.enabled]
    by_name = {s.name: s for s in sources}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise RegistryError(f"unknown source(s): {', '.join(unknown)}")
    return [by_name[n] for n in names]
