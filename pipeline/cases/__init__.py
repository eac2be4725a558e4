"""Partnership cases in a document's text, found by rules over its structure.

A case is a concrete cooperation the text describes: its name, its partners (with sector and
role), places, period, cooperation model (pipeline/data/cooperation_models.yml), target group
and outcome statements. No statistical model: grey literature lays cases out in a few ways, and
each way has a rule (`method` on the case says which one found it):

  labelled-block  a slide or report section with a "Partnere:" / "Parter:" / "Kumppanit:" label;
                  the block's heading names the case, further labels give period, target group,
                  model and results.
  heading-list    a list of "Case name: Partner/Partner og Partner description" items (the
                  "which cases are in the catalogue" slide of a deck).
  bullet          a bullet item "Name (2012–2016). Partners: ..." or "Name: A; B; C".
  section         a report section whose heading is a name and whose text names at least two
                  organisations and says they cooperate (a verb or a model term).
  sentence-pattern a paragraph without such a heading: "X samarbeider med Y og Z om ...",
                  "in partnership with", "eid av", "yhdessä ... kanssa".

Organisations are capitalised phrases; their sector comes from a gazetteer of known ones
(pipeline/data/organisations.yml), their legal form (AS, A/S, AB, Oy) or a word of their name
(kommune, skole, forening, fond). Slides that repeat a case under its own heading are merged
into it, and a model named with examples ("Den strategisk integrerede model ... Fx. Nykredit")
goes to the cases those examples name.

The text is "nordcat.text": a transcript has one line a page, pages apart; reports and news
keep their line breaks.

How extract_cases runs, module by module:

  1. blocks          the text as blocks: slides, report sections, bullet items, paragraphs,
                     each with its heading.
  2. labelled, prose the rules above, tried on each block in that order (labelled-block,
                     heading-list, bullet; then section / sentence-pattern); the first rule that
                     finds a case wins. They build drafts (drafts), whose partners come from
                     organisations (names), sectors (their sector), partners (lists, one
                     partner per name) and municipalities (places, "kommunen").
  3. merging         across blocks: repeat slides merged, models given by example.
  4. drafts, fields  each draft with partners becomes a Case: model, period, outcomes,
                     description, confidence, and places from pipeline/places.py.

model holds Case and Partner, text the folding and sentence splitting every step shares,
reference the data files (loaded once), extract the loop that ties the steps together.
"""
from pipeline.cases.drafts import ISO639_3, LANGUAGES
from pipeline.cases.extract import extract_cases
from pipeline.cases.fields import MAX_DESCRIPTION, METHOD_CONFIDENCE, find_models
from pipeline.cases.model import SECTORS, Case, Partner
from pipeline.cases.reference import DATA
from pipeline.cases.text import normalised_name

__all__ = ["DATA", "ISO639_3", "LANGUAGES", "MAX_DESCRIPTION", "METHOD_CONFIDENCE", "SECTORS", "Case", "Partner",
           "extract_cases", "find_models", "normalised_name"]
