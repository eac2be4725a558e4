"""An OAI-PMH 2.0 endpoint that behaves like DSpace 6 (XOAI) on BI Open.

What a harvester meets here is what it meets on Brage: oai_dc and dim formats, community and
collection sets (com_11250_X / col_11250_Y), pages of 100 with a resumptionToken of the form
`prefix/from/until/set/offset`, an empty token closing a multi-page list, transient deletions
(header status="deleted"), both datestamp granularities accepted in from/until, and OAI error
elements for every misuse. noSetHierarchy is never sent: the protocol reserves it for
repositories without sets, and this one has sets (an unknown set gives noRecordsMatch, as XOAI).
"""
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qs
from xml.sax.saxutils import escape, quoteattr

from demo.server import OAI_XML, Request, Response
from demo.works import Collection, Community, Work, WorkStore, dc_fields, iso_seconds

PAGE_SIZE = 100
IDENTIFIER_PREFIX = "oai:biopen.bi.no:"
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
               "http://www.openarchives.org/OAI/2.0/oai_dc/"),
    "dim": ("http://www.dspace.org/schema/dim.xsd", "http://www.dspace.org/xmlns/dspace/dim"),
}
LIST_ARGUMENTS = {"metadataPrefix", "from", "until", "set"}
VERBS = {  # verb -> (required arguments, optional arguments)
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
}
TOKEN_VERBS = {"ListSets", "ListIdentifiers", "ListRecords"}
OAI_DC_ORDER = ["title", "creator", "contributor", "subject", "description", "date", "type",
                "identifier", "language", "relation", "rights", "format", "publisher"]


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ListQuery:
    """A list request, after validation; also what a resumptionToken carries."""
    prefix: str
    from_: str  # as sent ("" when absent); granularity kept so the token echoes it
    until: str
    set_spec: str
    offset: int = 0

    def token(self, offset: int) -> str:
        return f"{self.prefix}/{self.from_}/{self.until}/{self.set_spec}/{offset}"


class OAIRepository:
    """BI Open's OAI-PMH endpoint over a WorkStore, with mutation methods for tests."""

    def __init__(self, store: WorkStore, communities: list[Community],
                 collections: list[Collection], repository_name: str = "BI Open (demo)",
                 admin_email: str = "biopen-demo@example.org"):
        self.store = store
        self.communities = communities
        self.collections = collections
        self.repository_name = repository_name
        self.admin_email = admin_email
        self._community_of = {c.handle: c.community for c in collections}
        self._selections: OrderedDict = OrderedDict()  # (query, store version) -> works
        self._selection_lock = threading.Lock()

    # --- mutations between harvests -------------------------------------------------------

    def update(self, handle: str, **fields) -> Work:
        """Change fields of a work (Work attribute names); its datestamp becomes now."""
        return self.store.replace(handle, **fields, datestamp=_now())

    def delete(self, handle: str) -> Work:
        """Withdraw a work: from now on its header says status="deleted"."""
        return self.store.replace(handle, deleted=True, datestamp=_now())

    def purge(self, handle: str) -> Work:
        """Delete a work outright, as DSpace's transient deletes do: no header says it is gone."""
        return self.store.remove(handle)

    def add(self, work: Work) -> Work:
        """Deposit a new work, datestamped now."""
        return self.store.add(work.replaced(datestamp=_now(), deleted=False))

    # --- protocol -------------------------------------------------------------------------

    def set_specs(self, work: Work) -> list[str]:
        """Community sets first, then collection sets, as DSpace lists them in headers."""
        communities = dict.fromkeys(self._community_of[c] for c in work.collections)
        return [_set_spec("com", c) for c in communities] + [
            _set_spec("col", c) for c in work.collections]

    def respond(self, request: Request) -> Response:
        base_url = request.base_url + request.path
        args = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True) \
            if request.method == "POST" else request.query
        try:
            verb = _verb(args)
            plain = _arguments(args, verb)
            body = getattr(self, f"_{verb}")(plain, base_url)
            echo = {"verb": verb} | plain
        except OAIError as error:
            body = f'<error code="{error.code}">{escape(error.message)}</error>'
            echo = {} if error.code in ("badVerb", "badArgument") else _echo(args)
        return Response(200, _envelope(echo, base_url, body).encode("utf-8"), OAI_XML)

    def _Identify(self, args, base_url) -> str:
        works = self.store.snapshot()
        earliest = min((w.datestamp for w in works), default=_now())
        sample = works[0].handle if works else "11250/1"
        return (
            "<Identify>"
            f"<repositoryName>{escape(self.repository_name)}</repositoryName>"
            f"<baseURL>{escape(base_url)}</baseURL>"
            "<protocolVersion>2.0</protocolVersion>"
            f"<adminEmail>{escape(self.admin_email)}</adminEmail>"
            f"<earliestDatestamp>{earliest}</earliestDatestamp>"
            "<deletedRecord>transient</deletedRecord>"
            "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>"
            "<description><oai-identifier xmlns=\"http://www.openarchives.org/OAI/2.0/oai-identifier\""
            " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation="
            "\"http://www.openarchives.org/OAI/2.0/oai-identifier "
            "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd\">"
            "<scheme>oai</scheme><repositoryIdentifier>biopen.bi.no</repositoryIdentifier>"
            f"<delimiter>:</delimiter><sampleIdentifier>{IDENTIFIER_PREFIX}{sample}"
            "</sampleIdentifier></oai-identifier></description>"
            "</Identify>"
        )

    def _ListMetadataFormats(self, args, base_url) -> str:
        if "identifier" in args:
            self._work(args["identifier"])
        formats = "".join(
            f"<metadataFormat><metadataPrefix>{prefix}</metadataPrefix><schema>{schema}</schema>"
            f"<metadataNamespace>{namespace}</metadataNamespace></metadataFormat>"
            for prefix, (schema, namespace) in FORMATS.items())
        return f"<ListMetadataFormats>{formats}</ListMetadataFormats>"

    def _ListSets(self, args, base_url) -> str:
        if "resumptionToken" in args:
            raise OAIError("badResumptionToken", "The resumption token is invalid")
        sets = [(_set_spec("com", c.handle), c.name) for c in self.communities]
        sets += [(_set_spec("col", c.handle), c.name) for c in self.collections]
        return "<ListSets>" + "".join(
            f"<set><setSpec>{spec}</setSpec><setName>{escape(name)}</setName></set>"
            for spec, name in sets) + "</ListSets>"

    def _GetRecord(self, args, base_url) -> str:
        work = self._work(args["identifier"])
        prefix = _known_prefix(args["metadataPrefix"])
        return f"<GetRecord>{self._record(work, prefix)}</GetRecord>"

    def _ListIdentifiers(self, args, base_url) -> str:
        return self._list("ListIdentifiers", args, self._header)

    def _ListRecords(self, args, base_url) -> str:
        return self._list("ListRecords", args, self._record)

    def _list(self, verb: str, args: dict[str, str], render) -> str:
        query = _parse_token(args["resumptionToken"]) if "resumptionToken" in args \
            else _list_query(args)
        works = self._select(query)
        if not works and query.offset == 0:
            raise OAIError("noRecordsMatch", "No records match the request")
        if query.offset >= len(works):
            raise OAIError("badResumptionToken", "The resumption token is invalid")
        page = works[query.offset:query.offset + PAGE_SIZE]
        items = "".join(render(w, query.prefix) for w in page)
        return f"<{verb}>{items}{_token_element(query, len(works))}</{verb}>"

    def _select(self, query: ListQuery) -> list[Work]:
        """The works a list request covers, in handle order; cached per store version so paging
        through 20,000 records does not filter them again for every page."""
        key = (query.from_, query.until, query.set_spec, self.store.version)
        with self._selection_lock:
            if key in self._selections:
                return self._selections[key]
        lower = _normalise_date(query.from_, end_of_day=False)
        upper = _normalise_date(query.until, end_of_day=True)
        works = [w for w in self.store.snapshot()
                 if (not lower or w.datestamp >= lower) and (not upper or w.datestamp <= upper)
                 and (not query.set_spec or query.set_spec in self.set_specs(w))]
        with self._selection_lock:
            self._selections[key] = works
            while len(self._selections) > 16:
                self._selections.popitem(last=False)
        return works

    def _work(self, identifier: str) -> Work:
        handle = identifier.removeprefix(IDENTIFIER_PREFIX)
        work = self.store.get(handle) if identifier.startswith(IDENTIFIER_PREFIX) else None
        if work is None:
            raise OAIError("idDoesNotExist", f"No matching identifier: {identifier}")
        return work

    def _header(self, work: Work, prefix: str) -> str:
        status = ' status="deleted"' if work.deleted else ""
        specs = "".join(f"<setSpec>{s}</setSpec>" for s in self.set_specs(work))
        return (f"<header{status}><identifier>{IDENTIFIER_PREFIX}{work.handle}</identifier>"
                f"<datestamp>{work.datestamp}</datestamp>{specs}</header>")

    def _record(self, work: Work, prefix: str) -> str:
        if work.deleted:
            return f"<record>{self._header(work, prefix)}</record>"
        metadata = dim(work) if prefix == "dim" else oai_dc(work)
        return f"<record>{self._header(work, prefix)}<metadata>{metadata}</metadata></record>"


def dim(work: Work) -> str:
    """DSpace Intermediate Metadata: every dc field with its schema, element, qualifier, lang."""
    fields = []
    for key, value, lang in dc_fields(work):
        schema, element, *qualifier = key.split(".")
        attrs = f'mdschema="{schema}" element="{element}"'
        if qualifier:
            attrs += f' qualifier="{qualifier[0]}"'
        if lang:
            attrs += f' lang="{lang}"'
        fields.append(f"<dim:field {attrs}>{escape(value)}</dim:field>")
    return ('<dim:dim xmlns:dim="http://www.dspace.org/xmlns/dspace/dim" '
            'xmlns:doc="http://www.lyncode.com/xoai" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.dspace.org/xmlns/dspace/dim '
            'http://www.dspace.org/schema/dim.xsd">' + "".join(fields) + "</dim:dim>")


def oai_dc(work: Work) -> str:
    """Simple Dublin Core the way XOAI's crosswalk flattens it: authors become dc:creator,
    every date (accessioned, issued) dc:date, every identifier (handle, ISSN, ISBN, DOI)
    dc:identifier, series dc:relation, rights and their URI dc:rights."""
    grouped: dict[str, list[str]] = {element: [] for element in OAI_DC_ORDER}
    for key, value, _ in dc_fields(work):
        element = "creator" if key == "dc.contributor.author" else key.split(".")[1]
        grouped[element].append(value)
    elements = "".join(f"<dc:{element}>{escape(value)}</dc:{element}>"
                       for element in OAI_DC_ORDER for value in grouped[element])
    return ('<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:doc="http://www.lyncode.com/xoai" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ '
            'http://www.openarchives.org/OAI/2.0/oai_dc.xsd">' + elements + "</oai_dc:dc>")


def _now() -> str:
    return iso_seconds(datetime.now(timezone.utc))


def _set_spec(kind: str, handle: str) -> str:
    return f"{kind}_{handle.replace('/', '_')}"


def _verb(args: dict[str, list[str]]) -> str:
    verbs = args.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb", "Illegal OAI verb" if verbs else "No OAI verb given")
    return verbs[0]


def _arguments(args: dict[str, list[str]], verb: str) -> dict[str, str]:
    """The verb's arguments as single values; badArgument for repeats, strangers, gaps."""
    repeated = [name for name, values in args.items() if len(values) > 1]
    if repeated:
        raise OAIError("badArgument", f"Repeated argument: {', '.join(repeated)}")
    plain = {name: values[0] for name, values in args.items() if name != "verb"}
    required, optional = VERBS[verb]
    if "resumptionToken" in plain and verb in TOKEN_VERBS:
        if len(plain) > 1:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument")
        return plain
    unknown = set(plain) - required - optional
    if unknown:
        raise OAIError("badArgument", f"Illegal argument: {', '.join(sorted(unknown))}")
    missing = required - set(plain)
    if missing:
        raise OAIError("badArgument", f"Missing argument: {', '.join(sorted(missing))}")
    return plain


def _known_prefix(prefix: str) -> str:
    if prefix not in FORMATS:
        raise OAIError("cannotDisseminateFormat", f"Unknown metadata format: {prefix}")
    return prefix


def _granularity(value: str) -> str:
    """'day' or 'seconds'; badArgument for anything that is not a valid OAI datestamp."""
    for pattern, name in (("%Y-%m-%d", "day"), ("%Y-%m-%dT%H:%M:%SZ", "seconds")):
        try:
            if datetime.strptime(value, pattern).strftime(pattern) == value:
                return name
        except ValueError:
            continue
    raise OAIError("badArgument", f"Illegal date: {value}")


def _list_query(args: dict[str, str]) -> ListQuery:
    prefix = _known_prefix(args["metadataPrefix"])
    from_, until = args.get("from", ""), args.get("until", "")
    granularities = {_granularity(v) for v in (from_, until) if v}
    if len(granularities) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity")
    if from_ and until and _normalise_date(from_, False) > _normalise_date(until, True):
        raise OAIError("badArgument", "from is after until")
    return ListQuery(prefix, from_, until, args.get("set", ""))


def _parse_token(token: str) -> ListQuery:
    parts = token.split("/")
    try:
        prefix, from_, until, set_spec, offset = parts
        query = _list_query({"metadataPrefix": prefix, "from": from_, "until": until})
    except (ValueError, OAIError):
        raise OAIError("badResumptionToken", "The resumption token is invalid") from None
    if not offset.isdigit() or int(offset) == 0 or int(offset) % PAGE_SIZE:
        raise OAIError("badResumptionToken", "The resumption token is invalid")
    return ListQuery(query.prefix, query.from_, query.until, set_spec, int(offset))


def _normalise_date(value: str, end_of_day: bool) -> str:
    """A from/until value in seconds granularity, so datestamps compare as strings."""
    if not value or "T" in value:
        return value
    return value + ("T23:59:59Z" if end_of_day else "T00:00:00Z")


def _token_element(query: ListQuery, total: int) -> str:
    """A token for the next page; an empty one on the last page of a multi-page list."""
    attrs = f'completeListSize="{total}" cursor="{query.offset}"'
    if query.offset + PAGE_SIZE < total:
        return f"<resumptionToken {attrs}>{query.token(query.offset + PAGE_SIZE)}</resumptionToken>"
    return f"<resumptionToken {attrs}/>" if query.offset else ""


def _echo(args: dict[str, list[str]]) -> dict[str, str]:
    return {name: values[0] for name, values in args.items()}


def _envelope(echo: dict[str, str], base_url: str, body: str) -> str:
    attrs = "".join(f" {name}={quoteattr(value)}" for name, value in echo.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ '
        'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">'
        f"<responseDate>{_now()}</responseDate>"
        f"<request{attrs}>{escape(base_url)}</request>{body}</OAI-PMH>"
    )
