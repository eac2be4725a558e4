"""The source registry schema: what a valid file is, and how an invalid one is reported."""
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from nordcat.sources import RegistryError, Source, load_registry, load_source, select
from crawlers.run import CrawlOptions, make_context
from crawlers.spiders import SPIDERS
from warehouse.store import Warehouse, utcnow
from tests.helpers import REPO

VALID = {
    "name": "bi-open", "title": "BI Open", "publisher": "BI Norwegian Business School", "country": "NO",
    "kind": "oai-pmh", "url": "https://biopen.bi.no/bi-oai/request",
}


def write(tmp_path: Path, data: dict, name: str | None = None) -> Path:
    path = tmp_path / f"{name or data.get('name', 'x')}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_minimal_file_gets_documented_defaults(tmp_path):
    source = load_source(write(tmp_path, VALID))
    assert source.politeness.delay == 1.0 and source.politeness.concurrency == 2
    assert source.assertions.min_records == 1
    assert source.enabled is True and source.metadata_prefix is None
    assert source.hosts == ["biopen.bi.no"]
    assert source.reconcile_days == 7
    assert source.max_age_hours == 48


@pytest.mark.parametrize("change, field", [
    ({"unknown_key": 1}, "unknown_key"),
    ({"country": "Norway"}, "country"),
    ({"kind": "ftp"}, "kind"),
    ({"url": "not a url"}, "url"),
    ({"politeness": {"delay": -1}}, "politeness.delay"),
    ({"assertions": {"min_records": 1, "max": 3}}, "assertions.max"),
    ({"language": "no"}, "language"),
    ({"reconcile_days": 0}, "reconcile_days"),
    ({"max_age_hours": 0}, "max_age_hours"),
    ({"max_age_hours": "two days"}, "max_age_hours"),
])
def test_invalid_field_is_named(tmp_path, change, field):
    path = write(tmp_path, {**VALID, **change})
    with pytest.raises(RegistryError) as info:
        load_source(path)
    assert str(path) in str(info.value)
    assert f"field '{field}'" in str(info.value)


def test_name_must_equal_file_stem(tmp_path):
    with pytest.raises(RegistryError, match="field 'name'"):
        load_source(write(tmp_path, VALID, name="other"))


def test_html_kinds_need_start_urls(tmp_path):
    with pytest.raises(RegistryError, match="start_urls"):
        load_source(write(tmp_path, {**VALID, "kind": "dspace-html"}))


def test_every_invalid_file_is_reported_at_once(tmp_path):
    write(tmp_path, {**VALID, "country": "x"})
    write(tmp_path, {**VALID, "name": "two", "kind": "x"})
    with pytest.raises(RegistryError) as info:
        load_registry(tmp_path)
    assert "bi-open.yml" in str(info.value) and "two.yml" in str(info.value)


def test_select_defaults_to_enabled_and_rejects_unknown(tmp_path):
    write(tmp_path, VALID)
    write(tmp_path, {**VALID, "name": "off", "enabled": False})
    sources = load_registry(tmp_path)
    assert [s.name for s in select(sources, [])] == ["bi-open"]
    assert [s.name for s in select(sources, ["off"])] == ["off"]
    with pytest.raises(RegistryError, match="nope"):
        select(sources, ["nope"])


@pytest.mark.parametrize("folder", ["crawlers/sources", "demo/sources"])
def test_shipped_registries_are_valid(folder):
    sources = load_registry(REPO / folder)
    assert sources, f"{folder} holds no source files"
    assert len({s.name for s in sources}) == len(sources)


def test_real_registry_starts_with_bi_open_and_disables_unverified_patterns():
    sources = {s.name: s for s in load_registry(REPO / "crawlers/sources")}
    assert "bi-open" in sources
    assert sources["bi-open"].enabled is False and sources["bi-open"].evidence


def test_top_level_packages_are_ours():
    """PyPI has unrelated `pipeline` and `publish` packages: imports must resolve to this repo."""
    import crawlers, demo, pipeline, publish, warehouse
    for module in (crawlers, demo, pipeline, publish, warehouse):
        assert Path(module.__file__).resolve().parent.parent == REPO


def test_unquoted_norway_gets_a_hint(tmp_path):
    path = tmp_path / "bi-open.yml"
    path.write_text(yaml.safe_dump(VALID).replace("country: 'NO'", "country: NO"))
    with pytest.raises(RegistryError, match='write country: "NO"'):
        load_source(path)


def reconciled_days_ago(warehouse, source: str, days: int) -> None:
    warehouse.start_run("earlier", source, "oai-pmh")
    warehouse.finish_run("earlier", source, status="ok", reconciled=True)
    warehouse.query("UPDATE crawl_runs SET started_at = ? WHERE run_id = 'earlier' AND source = ?",
                    [utcnow() - timedelta(days=days), source])


def test_reconcile_days_sets_how_often_a_source_lists_every_identifier(tmp_path):
    daily = Source.model_validate({**VALID, "name": "daily", "reconcile_days": 1})
    weekly = Source.model_validate({**VALID, "name": "weekly"})
    never_reconciled = Source.model_validate({**VALID, "name": "new"})
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        for source in (daily, weekly):
            reconciled_days_ago(warehouse, source.name, 2)

        def reconciles(source: Source, options: CrawlOptions = CrawlOptions()) -> bool:
            spider_cls = SPIDERS[source.kind].for_source(source)
            return make_context(warehouse, tmp_path, "now", source, spider_cls, options).reconcile

        assert [reconciles(s) for s in (daily, weekly, never_reconciled)] == [True, False, True]
        assert reconciles(weekly, CrawlOptions(reconcile=True)) is True  # --reconcile overrides
