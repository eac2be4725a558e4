"""What a declared table is (nordcat/tables.py generates every schema from the declarations in
nordcat/catalogue_tables.py): where it lives, its columns with their logical types, its keys."""
from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

WAREHOUSE = "warehouse"
CATALOGUE = "catalogue"
BOTH = frozenset({WAREHOUSE, CATALOGUE})

# logical type -> (DuckDB, SQLite, Arrow)
TYPES: dict[str, tuple[str, str, pa.DataType]] = {
    "text": ("VARCHAR", "TEXT", pa.string()),
    "json": ("JSON", "TEXT", pa.string()),            # JSON text (a list or an object)
    "integer": ("INTEGER", "INTEGER", pa.int32()),
    "bigint": ("BIGINT", "INTEGER", pa.int64()),
    "real": ("DOUBLE", "REAL", pa.float64()),
    "bool": ("BOOLEAN", "INTEGER", pa.bool_()),
    "timestamp": ("TIMESTAMP", "TEXT", pa.timestamp("us")),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str                       # a key of TYPES, or "records" (a list of structs of `fields`)
    description: str
    not_null: bool = False
    references: str | None = None   # SQLite foreign key, "table(column)"
    only: str | None = None         # WAREHOUSE or CATALOGUE: the column lives there alone
    derived: bool = False           # filled in the warehouse after the build's rows are inserted
    compression: str | None = None  # DuckDB's USING COMPRESSION
    added: bool = False             # added after the first release: old warehouses get it by ALTER TABLE
    fields: tuple[tuple[str, str], ...] = ()  # "records": (name, logical type) of each struct field

    def duckdb_type(self) -> str:
        if self.type == "records":
            return f"STRUCT({', '.join(f'{name} {TYPES[kind][0]}' for name, kind in self.fields)})[]"
        return TYPES[self.type][0]

    def sqlite_type(self) -> str:
        if self.type == "records":
            raise ValueError(f"{self.name}: a list of structs has no SQLite type")
        return TYPES[self.type][1]

    def arrow_type(self) -> pa.DataType:
        if self.type == "records":
            return pa.list_(pa.struct([(name, TYPES[kind][2]) for name, kind in self.fields]))
        return TYPES[self.type][2]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    lives: frozenset[str] = BOTH                    # WAREHOUSE, CATALOGUE or both
    primary_key: tuple[str, ...] = ()
    indexes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # SQLite: index name -> columns

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        assert len(set(names)) == len(names), f"{self.name}: a column declared twice"
        assert set(self.primary_key) <= set(names), f"{self.name}: primary key of undeclared columns"
        for column in self.columns:
            assert column.type == "records" or column.type in TYPES, f"{self.name}.{column.name}: type {column.type}"
            assert column.only is None or column.only in self.lives, f"{self.name}.{column.name} lives nowhere"

    def columns_in(self, place: str) -> tuple[Column, ...]:
        """The table's columns in the warehouse or in the catalogue, in order."""
        if place not in self.lives:
            raise ValueError(f"{self.name} is not a table of the {place}")
        return tuple(c for c in self.columns if c.only in (None, place))

    def column_names(self, place: str) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns_in(place))
