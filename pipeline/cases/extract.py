"""extract_cases: a document's tables and blocks through the rules, then merged across blocks."""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.cases.blocks import _Block, _blocks
from pipeline.cases.drafts import LANGUAGES, _Context, _Draft
from pipeline.cases.fields import _first_model
from pipeline.cases.frontmatter import _makers
from pipeline.cases.labelled import _bullet_item, _heading_list, _labelled_block
from pipeline.cases.merging import _assign_example_models, _merged
from pipeline.cases.model import Case
from pipeline.cases.names import _explicit_name, _marked_name, _name_in_title
from pipeline.cases.partners import _partner_key
from pipeline.cases.pointer import locate
from pipeline.cases.prose import _case_like_heading, _first_municipality, _prose, _prose_partners, _remember_municipality
from pipeline.cases.tables import _tables
from pipeline.places import Place, find_places


def extract_cases(text: str, *, language: str, title: str | None = None, pages: str | None = None) -> list[Case]:
    """The partnership cases the text describes, in text order, each with a pointer to where it is
    told. pages: how the text lays out its pages, "lines" (a PDF's) or "paragraphs" (a transcript's)."""
    document = text or ""
    if pages == "lines":  # a page is at least a paragraph: the rules read paragraphs apart by blank lines
        text = "\n\n".join(document.split("\n"))
    context = _Context(LANGUAGES.get(language, language), title or "", makers=_makers(text or ""))
    drafts, rest = _tables(text or "")
    quiet: list[_Block] = []  # blocks without a case of their own
    for block in _blocks(rest):
        found = _block_drafts(block, context)
        drafts += found
        if not found and not block.generic:
            quiet.append(block)
    for draft in drafts:
        draft.name = _marked_name(draft.name, draft.text, document)
    drafts = _merged(drafts)
    _assign_example_models(drafts, text or "")
    cases = [draft for draft in drafts if draft.partners]
    if len(cases) == 1:
        _add_stated_roles(cases[0], quiet, context)
        if not cases[0].name:  # the one case of a news item, a record, an interview
            own = " ".join([cases[0].text, *cases[0].extra_text])
            cases[0].name = _name_in_title(title or "", own) or _explicit_name(text or "")
    framing = _first_model(title or "")  # "Tripartite cooperation in ...: three cases" frames them all
    for draft in cases:
        if framing:
            draft.fields.setdefault("document_model", framing)
    found = [draft.case(context.language) for draft in cases]
    home = _home_municipality(title or "", document)
    if home:  # a municipality's page of its partnerships: a case that names no place is the municipality's
        found = [case if case.places else replace(case, places=[home.name], place_codes=[f"{home.country}:{home.code}"])
                 for case in found]
    return _with_pointers(found, cases, document, pages)


_AS_ORGANISATION = re.compile(r"\b(?:kommune|kommun|kunta|kaupunki|stad|herad|municipality|city\s+of)\b",
                              re.IGNORECASE)


def _home_municipality(title: str, text: str) -> Place | None:
    """The municipality whose page or paper this is: the only one the title and the text's first
    line name, named as an organisation there ("Aarhus Kommune" at the top of its web page). Not
    a cover with more places on it (the author's town beside the seminar's)."""
    head = f"{title}\n{text.lstrip().partition(chr(10))[0][:200]}"
    places = {(p.country, p.code): p for p in find_places(head) if p.kind == "municipality"}
    return next(iter(places.values())) if len(places) == 1 and _AS_ORGANISATION.search(head) else None


def _with_pointers(found: list[Case], drafts: list[_Draft], text: str, pages: str | None) -> list[Case]:
    pointed, after = [], 0
    for case, draft in zip(found, drafts):
        pointer = locate(text, draft.text, pages=pages, after=after)
        after = pointer.offset if pointer.offset is not None else after
        pointed.append(replace(case, passage=pointer.passage, page=pointer.page))
    return pointed


def _block_drafts(block: _Block, context: _Context) -> list[_Draft]:
    """The cases of one block, by the first rule that finds any."""
    if block.generic:
        return []
    context.last_municipality = _first_municipality(block.body) or context.last_municipality
    for rule in (_labelled_block, _heading_list, _bullet_item, _prose):
        drafts = rule(block, context)
        if drafts:
            _remember_municipality(block.body, context)
            return drafts
    _remember_municipality(block.body, context)
    heading = _case_like_heading(block)
    return [_Draft(heading, block.body, [], "section")] if heading else []


def _add_stated_roles(draft: _Draft, blocks: list[_Block], context: _Context) -> None:
    """A document about one case (a news item, a council paper) goes on about it in paragraphs of
    their own: an organisation they say pays for, hosts or owns it is its partner too."""
    known = {_partner_key(p.name): i for i, p in enumerate(draft.partners)}
    for block in blocks:
        for partner in _prose_partners(block.body, context, need_trigger=False):
            key = _partner_key(partner.name)
            if not partner.role or partner.sector == "unknown":
                continue
            if key in known:  # "Turun kaupungin vapaa-aikatoimiala maksaa vuokran": the role of a partner
                old = draft.partners[known[key]]
                draft.partners[known[key]] = old if old.role else replace(old, role=partner.role)
                continue
            known[key] = len(draft.partners)
            draft.partners.append(partner)
            draft.extra_text.append(block.body)
