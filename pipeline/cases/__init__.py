"""Partnership cases in a document's text, found by rules over its structure.

A case is a concrete cooperation the text describes: its name, its partners (with sector and
role), places, period, cooperation model (pipeline/data/cooperation_models.yml), target group
and outcome statements. No statistical model: grey literature lays cases out in a few ways, and
each way has a rule (`method` on the case says which one found it):

  table           a table of cases (cells between "|" or tabs, fixed-width columns with a wrapped
                  row, or one cell per line) whose header has a partners column; one case a row.
  labelled-block  a slide or report section with a "Partnere:" / "Parter:" / "Kumppanit:" /
                  "Hvem:" label; the block's heading names the case, further labels give period,
                  target group, model, funding and results.
  heading-list    a list of "Case name: Partner/Partner og Partner description" items (the
                  "which cases are in the catalogue" slide of a deck).
  bullet          a bullet item "Name (2012–2016). Partners: ..." or "Name: A; B; C".
  section         a numbered case ("CASE 2", "Eksempel 1:", "Esimerkki 3", a 3.1 sub-section, over
                  all its paragraphs) or a section whose heading is a name, whose text names at
                  least two organisations.
  sentence-pattern a paragraph without such a heading: "X samarbeider med Y og Z om ...", "in
                  partnership with", "eid av", "yhdessä ... kanssa", or one that names its
                  project ("Sommarlyftet är ett samarbete mellan ...", "prosjektet X"); a paragraph
                  telling two cases is split where the second is introduced.

Names come from the heading, cleaned of numbering and places ("Skärgårdsjobb, Helsingborg"), from a
slide's opening words, or from the running text (names: "prosjektet X", "Et andet eksempel er
X", "X, ett partnerskap mellan", "X er et samarbeid"); a descriptive heading gives way to such a
name, and a document's only case may take its name from the title.

Organisations are capitalised phrases; their sector comes from a gazetteer of known ones
(pipeline/data/organisations.yml), their legal form (AS, A/S, AB, Oy) or a word of their name
(kommune, skole, forening, fond), or a kind noun before them ("the association X"). Partners are
organisations: never the document's makers (author, consultancy, commissioner, funder of the
report: frontmatter), nor national background bodies (KS, SKR, Kuntaliitto) unless the case
gives them a role; a municipality's unit is the municipality. What the text says is no case (an
internal project, a partnership not realised or still negotiated, a grant) is left out
(screening). Slides that repeat a case are merged into it, as is a passage about the same
partners, and a model named with examples ("Den strategisk integrerede model ... Fx. Nykredit")
goes to the cases those examples name.

The text is "nordcat.text": a transcript has one line a page, pages apart; reports and news
keep their line breaks.

How extract_cases runs, module by module:

  1. frontmatter     the organisations that made the document (never partners in prose).
  2. tables          case tables, a draft a row; the rest of the text goes on.
  3. blocks          the text as blocks: slides, report sections (a numbered case with all its
                     paragraphs), bullet items, paragraphs, each with its heading.
  4. labelled, prose the rules above, tried on each block in that order (labelled-block,
                     heading-list, bullet; then section / sentence-pattern); the first rule that
                     finds a case wins. They build drafts (drafts), named by names (phrases),
                     whose partners come from organisations (names), sectors (their sector),
                     partners (lists, one partner per name), roles (owner / host / funder) and
                     municipalities (places, "kommunen"); screening drops what is no case.
  5. merging         across blocks: repeat slides and passages merged, models given by example;
                     a document's one case takes the roles its other paragraphs state.
  6. drafts, fields  each draft with partners becomes a Case: model, period, outcomes,
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
