"""extract_cases: a document's blocks through the rules, then merged across blocks."""
from __future__ import annotations

from pipeline.cases.blocks import _Block, _blocks
from pipeline.cases.drafts import LANGUAGES, _Context, _Draft
from pipeline.cases.labelled import _bullet_item, _heading_list, _labelled_block
from pipeline.cases.merging import _assign_example_models, _merged
from pipeline.cases.model import Case
from pipeline.cases.prose import _case_like_heading, _prose, _remember_municipality


def extract_cases(text: str, *, language: str, title: str | None = None) -> list[Case]:
    """The partnership cases the text describes, in text order."""
    context = _Context(LANGUAGES.get(language, language), title or "")
    drafts: list[_Draft] = []
    for block in _blocks(text or ""):
        drafts += _block_drafts(block, context)
    drafts = _merged(drafts)
    _assign_example_models(drafts, text or "")
    return [draft.case(context.language) for draft in drafts if draft.partners]


def _block_drafts(block: _Block, context: _Context) -> list[_Draft]:
    """The cases of one block, by the first rule that finds any."""
    for rule in (_labelled_block, _heading_list, _bullet_item, _prose):
        drafts = rule(block, context)
        if drafts:
            _remember_municipality(block.body, context)
            return drafts
    _remember_municipality(block.body, context)
    heading = _case_like_heading(block)
    return [_Draft(heading, block.body, [], "section")] if heading else []
