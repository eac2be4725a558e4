"""nordcat's shared core: what every layer may use and what uses no layer.

- `sources`: the source model and the registry of source files;
- `records`: the raw record every spider yields and the warehouse stores (one shape, encoded once);
- `dc`: the keys of the dc-dict that records carry (DSpace's Dublin Core plus nordcat's own);
- `urls`: canonical URLs, shared by the crawl and the build;
- `text`: the Nordic text analysis shared by search, topics and places;
- `tables`: the one declaration of the warehouse's curated tables and the published catalogue;
- `cli`: the `nordcat` command, the one module that knows every layer (and the demo).

The layers: crawlers -> warehouse; pipeline -> warehouse; publish -> warehouse; each may use
this core. tests/core/test_layers.py holds them to it.
"""
