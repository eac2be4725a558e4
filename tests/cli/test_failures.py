"""Bad input gets a clear error, and nothing already stored is lost."""
from __future__ import annotations

import shutil

import pytest
import yaml

from demo import DEFAULT_PORTS, DemoWeb
from tests.faults import FaultServer
from tests.helpers import documents, nordcat, report_lines


def test_invalid_source_file_exits_2_naming_file_and_field(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "broken.yml").write_text(yaml.safe_dump({
        "name": "broken", "title": "Broken", "publisher": "x", "country": "Norway", "kind": "oai-pmh",
        "url": "http://127.0.0.1:9/oai", "politness": {"delay": 1}}))
    for command in (["sources", "check"], ["nightly"]):
        proc = nordcat(tmp_path / "data", sources, *command)
        assert proc.returncode == 2, proc.stderr
        assert "broken.yml" in proc.stderr
        assert "field 'country'" in proc.stderr and "field 'politness'" in proc.stderr
    assert not (tmp_path / "data" / "catalogue.db").exists()


def test_unknown_source_name_is_a_usage_error(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    proc = nordcat(tmp_path / "data", sources, "crawl", "no-such-source")
    assert proc.returncode == 2 and "no-such-source" in proc.stderr


@pytest.mark.slow
def test_failing_sources_exit_1_and_keep_what_was_stored(tmp_path):
    data, sources = tmp_path / "data", tmp_path / "sources"
    with DemoWeb(ports={name: 0 for name in DEFAULT_PORTS}) as web, FaultServer() as faults:
        web.write_registry(tmp_path / "all")
        sources.mkdir()
        for name in ("demo-biopen-oai", "demo-impactinsider"):
            shutil.copy(tmp_path / "all" / f"{name}.yml", sources)
        assert nordcat(data, sources, "nightly").returncode == 0
        before = documents(data)
        oai_before = [d for d in before if "demo-biopen-oai" in d["sources"]]
        assert oai_before

        # the repository now answers 500 everywhere; a new source serves malformed XML
        set_url(sources / "demo-biopen-oai.yml", f"{faults.url}/500/oai")
        write_oai_source(sources / "broken-xml.yml", f"{faults.url}/ok-identify/malformed")
        proc = nordcat(data, sources, "nightly")

        assert proc.returncode == 1, proc.stdout + proc.stderr
        reports = report_lines(proc.stdout)
        assert reports["demo-impactinsider"]["status"] == "ok"
        assert reports["demo-biopen-oai"]["status"] == "failed"
        assert "HTTP 500" in reports["demo-biopen-oai"]["error"]
        assert reports["broken-xml"]["status"] == "failed"
        assert "badXML" in reports["broken-xml"]["error"]
        after = documents(data)
        assert [d for d in after if "demo-biopen-oai" in d["sources"]] == oai_before


def set_url(path, url):
    data = yaml.safe_load(path.read_text())
    data["url"] = url
    path.write_text(yaml.safe_dump(data))


def write_oai_source(path, url):
    path.write_text(yaml.safe_dump({
        "name": path.stem, "title": "Malformed", "publisher": "x", "country": "NO", "kind": "oai-pmh",
        "url": url, "politeness": {"delay": 0.0, "concurrency": 1}}))


def test_a_malformed_merge_overrides_file_exits_2_naming_file_and_entry(tmp_path):
    data, sources = tmp_path / "data", tmp_path / "sources"
    data.mkdir()
    sources.mkdir()
    (data / "merge_overrides.yml").write_text('must_not_merge: [["demo-nva x", "demo-nva y"], ["only one"]]\n')
    proc = nordcat(data, sources, "build")
    assert proc.returncode == 2
    assert "merge_overrides.yml: must_not_merge[1]" in proc.stderr
