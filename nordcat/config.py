"""The operator's config file, validated strictly as the source files are (an unknown key is an
error, so a typo never silently leaves a nightly without its alert):

    on_failure:                    # when a nightly ends unhealthy (nordcat/alerts.py)
      command: ./notify.sh         # a shell command: the run's summary JSON on stdin
      webhook: https://hooks.example.org/nordcat   # the same JSON POSTed here

Where it is: `--config PATH`, else env NORDCAT_CONFIG, else DATA/nordcat.yml. The default file may
be absent (no settings); a file named explicitly must exist.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import Field, HttpUrl, ValidationError, model_validator

from nordcat.sources import _describe, _Strict

DEFAULT_NAME = "nordcat.yml"


class ConfigError(Exception):
    """A config file that cannot be used; the message names the file and the field."""


class OnFailure(_Strict):
    command: str | None = Field(None, min_length=1, description="shell command, the summary JSON on its stdin")
    webhook: HttpUrl | None = Field(None, description="http(s) URL the summary JSON is POSTed to")

    @model_validator(mode="after")
    def _names_a_hook(self) -> OnFailure:
        if not (self.command or self.webhook):
            raise ValueError("on_failure needs a command, a webhook or both")
        return self


class Settings(_Strict):
    on_failure: OnFailure | None = None


def config_path(named: Path | None, data_dir: Path) -> tuple[Path, bool]:
    """The config file to read, and whether it was named (a named file must exist)."""
    return (named, True) if named else (data_dir / DEFAULT_NAME, False)


def load_config(named: Path | None, data_dir: Path) -> Settings:
    path, explicit = config_path(named, data_dir)
    if not path.is_file():
        if explicit:
            raise ConfigError(f"{path}: field '(file)': no such config file")
        return Settings()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:  # an empty file: no settings
        return Settings()
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: field '(file)': expected a mapping of settings")
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path)) from exc
