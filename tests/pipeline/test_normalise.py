"""pipeline.normalise: examples from real Nordic records, then properties over arbitrary text."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import ean
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn

from pipeline import normalise as norm


@pytest.mark.parametrize(("raw", "expected"), [
    ("Midttun, Atle", "Midttun, Atle"),
    ("Atle Midttun", "Midttun, Atle"),
    ("MIDTTUN, Atle", "Midttun, Atle"),
    ("ÅSE ØSTBY", "Østby, Åse"),
    ("McDonald, Ann", "McDonald, Ann"),
    ("Midttun, A.", "Midttun, A."),
    ("Ludwig van Beethoven", "van Beethoven, Ludwig"),
    ("Anne-Lise de la Cruz", "de la Cruz, Anne-Lise"),
    ("Carl af Ekström", "af Ekström, Carl"),
    ("Prof. dr. philos. Atle Midttun", "Midttun, Atle"),
    ("Dr. Atle Midttun, PhD", "Midttun, Atle"),
    ("professor Kari Nordmann", "Nordmann, Kari"),
    ("Midttun,Atle", "Midttun, Atle"),
    ("  Dirdal ,  Tore ", "Dirdal, Tore"),
    ("Gautesen", "Gautesen"),
    ("SINTEF", "SINTEF"),
    ("Bærum kommune", "Bærum kommune"),
    ("Vestland fylkeskommune", "Vestland fylkeskommune"),
    ("Fagforbundet", "Fagforbundet"),
    ("Equinor ASA", "Equinor ASA"),
    ("Impact Insider A/S", "Impact Insider A/S"),
    ("Helsingin yliopisto, soveltavan biologian laitos", "Helsingin yliopisto, soveltavan biologian laitos"),
    ("Institutt for samfunnsforskning", "Institutt for samfunnsforskning"),
    ("Dr.", None),
    ("   ", None),
])
def test_person_name(raw, expected):
    assert norm.person_name(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Bærum kommune", True),
    ("Göteborgs universitet", True),
    ("Statistisk sentralbyrå", True),
    ("Ernst & Young", True),
    ("Nordic Council of Ministers", True),
    ("Midttun, Atle", False),
    ("Aas, Kari", False),
    ("Ab Karlsson", False),
])
def test_is_organisation(raw, expected):
    assert norm.is_organisation(raw) is expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("2005", "2005"),
    ("2005-03", "2005-03"),
    ("2005-3", "2005-03"),
    ("2005-03-14", "2005-03-14"),
    ("2008-11-27T13:39:13Z", "2008-11-27"),
    ("2020-12-07 16:46:42", "2020-12-07"),
    ("27.11.2008", "2008-11-27"),
    ("7.1.2019", "2019-01-07"),
    ("22. november 2010", "2010-11-22"),
    ("Mandag den 22. november 2010", "2010-11-22"),
    ("22 november 2010", "2010-11-22"),
    ("22. marraskuuta 2010", "2010-11-22"),
    ("22. nóvember 2010", "2010-11-22"),
    ("3. desember 2019", "2019-12-03"),
    ("14. maj 2019", "2019-05-14"),
    ("November 22, 2010", "2010-11-22"),
    ("mars 2019", "2019-03"),
    ("Mon, 22 Nov 2010 10:00:00 +0000", "2010-11-22"),
    ("Tue, 03 Jun 2008 23:05:30 -0700", "2008-06-03"),
    ("1499", None),
    ("2101", None),
    ("2005-02-30", None),
    ("31.02.2005", None),
    ("2005-13", None),
    ("sometime in spring", None),
    ("", None),
])
def test_iso_date(raw, expected):
    assert norm.iso_date(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("2005", 2005), ("2008-11-27", 2008), ("27.11.2008", 2008), ("n.d.", None), (None, None),
])
def test_year(raw, expected):
    assert norm.year(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("nor", "nor"), ("no", "nor"), ("nb", "nob"), ("nob", "nob"), ("nn", "nno"), ("nno", "nno"),
    ("da", "dan"), ("dan", "dan"), ("sv", "swe"), ("swe", "swe"), ("fi", "fin"), ("fin", "fin"),
    ("en", "eng"), ("eng", "eng"), ("is", "isl"), ("isl", "isl"), ("de", "deu"), ("fr", "fra"),
    ("en_US", "eng"), ("nb_NO", "nob"), ("nb-NO", "nob"), ("EN", "eng"),
    ("Norwegian", "nor"), ("norsk", "nor"), ("bokmål", "nob"), ("Norsk (bokmål)", "nob"),
    ("nynorsk", "nno"), ("dansk", "dan"), ("svenska", "swe"), ("suomi", "fin"),
    ("English", "eng"), ("engelsk", "eng"), ("íslenska", "isl"),
    ("*", None), ("xx", None), ("", None),
])
def test_language_code(raw, expected):
    assert norm.language_code(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("0803-2610", "0803-2610"),
    ("ISSN 0803-2610 (print)", "0803-2610"),
    ("urn:issn:08032610", "0803-2610"),
    ("0803 2610", "0803-2610"),
    ("2049-3630", "2049-3630"),
    ("0803-2611", None),
    ("10.1088/1742-6596/551/1/012031", None),
    ("http://hdl.handle.net/11250/94194", None),
    ("ISBN 978-82-7042-123-7", None),
])
def test_issn(raw, expected):
    assert norm.issn(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("ISBN 978-82-7042-123-7", "9788270421237"),
    ("9788270421237 (pdf)", "9788270421237"),
    ("82-7042-123-5", "9788270421237"),
    ("0-8044-2957-X", "9780804429573"),
    ("urn:isbn:978-0-306-40615-7", "9780306406157"),
    ("1234567890123", None),
    ("978-82-7042-123-8", None),
    ("0803-2610", None),
])
def test_isbn13(raw, expected):
    assert norm.isbn13(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("10.1088/1742-6596/551/1/012031", "10.1088/1742-6596/551/1/012031"),
    ("https://doi.org/10.34416/svc.00029", "10.34416/svc.00029"),
    ("http://dx.doi.org/https://doi.org/10.34416/svc.00029", "10.34416/svc.00029"),
    ("doi:10.1000/XYZ.", "10.1000/xyz"),
    ("(see 10.1016/0301-0082(94)90059-0)", "10.1016/0301-0082(94)90059-0"),
    ("https://doi.org/10.1000%2F182", "10.1000/182"),
    ("http://hdl.handle.net/11250/94194", None),
    ("10.1000", None),
])
def test_doi(raw, expected):
    assert norm.doi(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("http://hdl.handle.net/11250/94194", "11250/94194"),
    ("https://hdl.handle.net/11250/2712283", "11250/2712283"),
    ("hdl:11250/94194", "11250/94194"),
    ("https://biopen.bi.no/bi-xmlui/handle/11250/94194", "11250/94194"),
    ("https://biopen.bi.no/bi-xmlui/bitstream/handle/11250/94194/2005-06.pdf?sequence=1", "11250/94194"),
    ("http://hdl.handle.net/1975/7634", "1975/7634"),
    ("https://hdl.handle.net/10.1000/182", None),
    ("https://doi.org/10.34416/svc.00029", None),
    ("11250/94194", None),
])
def test_handle(raw, expected):
    assert norm.handle(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("  https://www.duo.uio.no/handle/10852/1  ", "https://www.duo.uio.no/handle/10852/1"),
    ("http://impactinsider.dk/", "http://impactinsider.dk/"),
    ("ftp://example.org/a.pdf", None),
    ("www.fagforbundet.no", None),
    ("/bitstream/handle/11250/94194/file.pdf", None),
    ("http://", None),
    ("http://[::1", None),
    ("https://a.no/x y", None),
])
def test_url(raw, expected):
    assert norm.url(raw) == expected


@pytest.mark.parametrize(("values", "expected"), [
    (["Research Report;06/2005"], ("Research Report", "06/2005")),
    (["Research Report ; 06/2005"], ("Research Report", "06/2005")),
    (["Research Report", "06/2005"], ("Research Report", "06/2005")),
    (["NIBR-rapport;2019:3"], ("NIBR-rapport", "2019:3")),
    (["Serietittel;99"], ("Serietittel", "99")),
    (["Julkaisuja / Helsingin yliopisto, soveltavan biologian laitos", "34"],
     ("Julkaisuja / Helsingin yliopisto, soveltavan biologian laitos", "34")),
    (["TemaNord", "nr. 12"], ("TemaNord", "nr. 12")),
    (["Rapport 2019:12"], ("Rapport 2019:12", None)),
    (["Sanitation Value Chain 5:1"], ("Sanitation Value Chain 5:1", None)),
    (["Research Report", "Working papers"], ("Research Report", None)),
    (["Research Report;"], ("Research Report", None)),
    ([], (None, None)),
    (["  "], (None, None)),
])
def test_series(values, expected):
    assert norm.series(values) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("  Offentlig-private   partnerskap\n", "Offentlig-private partnerskap"),
    ("\t", None),
    # entities, also escaped twice or three times (a repository's XML of already escaped text)
    ("Forskning &amp; utvikling", "Forskning & utvikling"),
    ("Forskning &amp;amp; utvikling", "Forskning & utvikling"),
    ("Forskning &amp;amp;amp; utvikling", "Forskning & utvikling"),
    ("Samarbeid i B&#230;rum og &#xC5;s", "Samarbeid i Bærum og Ås"),
    ("Sm&aring; kommuner", "Små kommuner"),
    # stray markup, also escaped; text that only looks like it stays
    ("Partnerskap i <i>kommunene</i>", "Partnerskap i kommunene"),
    ("H<sub>2</sub>O og &lt;b&gt;energi&lt;/b&gt;", "H2O og energi"),
    ("Linje<br/>to", "Linje to"),
    ("p < 0.05 og q > 1", "p < 0.05 og q > 1"),
    ("R&D i AT&T, &copy 2005", "R&D i AT&T, &copy 2005"),
    # invisible characters: soft hyphen, zero-width space, BOM
    ("samar\u00adbeid\u200b i \ufeffkommunen\u00a0Bergen", "samarbeid i kommunen Bergen"),
])
def test_clean_text(raw, expected):
    assert norm.clean_text(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Dette er hovedtittelen.", "Dette er hovedtittelen"),
    ("  Partnerskap   i kommunene . ", "Partnerskap i kommunene ."),
    ("Og så videre...", "Og så videre..."),
    ("Hva nå?", "Hva nå?"),
    ("Rapport.", "Rapport"),
    (" \n", None),
])
def test_clean_title(raw, expected):
    assert norm.clean_title(raw) == expected


# --- properties -------------------------------------------------------------------------------

STRING_FUNCTIONS = [norm.clean_text, norm.clean_title, norm.person_name, norm.is_organisation,
                    norm.iso_date, norm.year, norm.language_code, norm.issn, norm.isbn13,
                    norm.doi, norm.handle, norm.url]

# Pieces of real values, so that generated strings reach the interesting branches.
FRAGMENTS = st.sampled_from([
    "Midttun", "Atle", "MIDTTUN", "van", "de", "la", "Dr.", "prof.", "dr. philos.", "PhD", ",",
    "kommune", "AS", "A/S", "&", "2005", "-03", "-14", "T13:39:13Z", "27.11.2008", "22.",
    "november", "marraskuuta", "Mon,", "Nov", "nb_NO", "bokmål", "ISSN", "0803-2610",
    "978-82-7042-123-7", "82-7042-123-5", "doi:", "10.1000/182", "https://", "hdl.handle.net/",
    "11250/94194", ";", "06/2005", ".", "...", " ", "\n", "ß", "Ǆ", "İ", "١٢", "\x00",
])
REALISTIC = st.lists(FRAGMENTS, max_size=8).map(" ".join) | st.lists(FRAGMENTS, max_size=8).map("".join)
ANY_TEXT = st.text() | REALISTIC


@pytest.mark.parametrize("function", STRING_FUNCTIONS, ids=lambda f: f.__name__)
@given(raw=ANY_TEXT)
def test_never_raises_on_any_text(function, raw):
    function(raw)


@given(values=st.lists(ANY_TEXT, max_size=4))
def test_series_never_raises(values):
    name, number = norm.series(values)
    assert name is None or name == norm.clean_text(name)
    assert number is None or number == norm.clean_text(number)


@pytest.mark.parametrize("function", [norm.person_name, norm.iso_date, norm.language_code,
                                      norm.clean_text, norm.clean_title, norm.doi],
                         ids=lambda f: f.__name__)
@settings(max_examples=300)
@given(raw=ANY_TEXT)
def test_idempotent_on_own_output(function, raw):
    once = function(raw)
    if once is not None:
        assert function(once) == once


@settings(max_examples=300)
@given(raw=ANY_TEXT)
def test_iso_date_is_iso_within_year_range(raw):
    date = norm.iso_date(raw)
    if date is not None:
        assert len(date) in (4, 7, 10) and date.isascii()
        assert norm.YEAR_MIN <= norm.year(date) <= norm.YEAR_MAX


@settings(max_examples=300)
@given(raw=ANY_TEXT)
def test_issn_is_always_valid(raw):
    value = norm.issn(raw)
    if value is not None:
        assert stdnum_issn.is_valid(value) and len(value) == 9 and value[4] == "-"


@settings(max_examples=300)
@given(raw=ANY_TEXT)
def test_isbn13_is_always_valid(raw):
    value = norm.isbn13(raw)
    if value is not None:
        assert stdnum_isbn.is_valid(value) and len(value) == 13 and value.isdigit()


@given(digits=st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_every_valid_issn_is_found_in_prefixed_text(digits):
    check = stdnum_issn.calc_check_digit(digits)
    assert norm.issn(f"ISSN {digits[:4]}-{digits[4:]}{check} (online)") == f"{digits[:4]}-{digits[4:]}{check}"


@given(digits=st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_isbn10_becomes_its_isbn13(digits):
    isbn13 = "978" + digits + ean.calc_check_digit("978" + digits)
    assert norm.isbn13(f"ISBN {stdnum_isbn.to_isbn10(isbn13)}") == isbn13
