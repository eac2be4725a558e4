"""A partner's role where the sentence states it: owner (eier, ejer, äger, omistaa, owns, leads,
"har ansvaret for"), host (vertskommune, vært for, värd, isäntä, hosts, "stiller lokaler til
rådighed", "provides the premises", "X:n tiloissa") or funder (finansierer, betaler, rahoittaa,
maksaa, funds, pays, grants). The organisation is the verb's subject before it ("Bodø kommune
leder prosjektet", also with a few lower-case words or a second subject between: "A og B
betaler") or its agent after a passive or a Finnish verb-first clause ("eies av X", "Hanketta
johtaa X", "finansieras av A och av B"). When a sentence states several, owner > host > funder."""
from __future__ import annotations

import re
from typing import Protocol


class _Span(Protocol):
    start: int
    end: int


ROLE_ORDER = ("owner", "host", "funder")
# Up to six lower-case words between the subject and its verb ("deltar i partnerskapet och upplåter"),
_GAP = r"^(?::n|n)?,?\s*(?:(?-i:[a-zæøåäöé])[\w-]*\s+){0,6}?"  # not over a comma: the next clause's
_AFTER = (
    ("host", re.compile(
        _GAP + r"(?:er|blir|är|blir|is|becomes|toimii|var|was|fungerer som|on)\s+(?:\w+\s+){0,2}?"
        r"(?:vertskommune|vertskap|vert|vært|værtskommune|värd|värdkommun|vastuukunta|isäntä\w*|host)\b"
        r"|" + _GAP + r"(?:upplåter|stiller|stillar|provides|hosts|låner ut|lånar ut|tarjoaa|huser|huserer)\s+"
        r"(?:\w+\s+){0,4}?(?:lokaler|lokale|lokal|lokalet|lokalene|premises|the workshop|tilat|tiloja|bygningen|"
        r"bygget|huset|lägenhet|\w+lokaler|\w+lokale|\w+lokal)\b"
        r"|^(?::n|n)?\s+tiloissa\b", re.IGNORECASE)),
    ("owner", re.compile(
        _GAP + r"(?:eier|eig|ejer|äger|omistaa|owns|leder|leiar|leads|johtaa|styrer|driver|driv|runs|ledet|ledede|"
        r"ledde|eide|ejede|ägde|omisti|johti|owned|led)\s+"
        r"(?:(?:og|och|and|ja)\s+\w+\s+)?(?:\w+\s+){0,1}?(?:prosjektet|projektet|prosjekte|hankkeen|hanketta|"
        r"the project|tiltaket|verksamheten|indsatsen|satsningen|the initiative|styregruppen|the \w+ bank|"
        r"(?-i:[A-ZÆØÅÄÖ]\w+))\b"
        r"|" + _GAP + r"(?:har|has|vastaa|ansvarar)\s+(?:det\s+)?(?:overordnede\s+|hovedansvaret\s+|huvudansvaret\s+|"
        r"the\s+overall\s+)?(?:ansvaret\s+|ansvar\s+|responsibility\s+)?(?:(?:for|för)\s+(?:tiltaket|prosjektet|"
        r"projektet|the project|verksamheten|satsningen|indsatsen)|hankkeesta)\b", re.IGNORECASE)),
    ("funder", re.compile(
        _GAP + r"(?:finansierer|finansierar|finansiere|finansierede|finansierte|medfinansierer|"
        r"betaler|betalar|betalte|bekostar|rahoittaa|rahoitti|maksaa|funds|funded|pays|paid|co-financed|"
        r"co-funds|has funded|har finansieret|har finansiert|delfinansierar|løyvde|har løyvd|bidrar med \d|"
        r"bidrager med \d|on myöntänyt|myönsi|har beviljat|beviljade|har bevilget|bevilgede|har innvilget|"
        r"has granted|granted)\b", re.IGNORECASE)),
)
# Before the organisation: "eies av X", "Projektet leds av X", "Hanketta johtaa X".
_BEFORE = (
    ("owner", re.compile(r"(?:eid av|eigd av|eies av|ejet af|ejes af|ägs av|owned by|leds av|ledes av|ledet af|"
                         r"ledes af|led by|johtaa|omistaa|drives af|drivs av|drives av|run by)\s+$", re.IGNORECASE)),
    ("host", re.compile(r"(?:hosted by|i lokalene til|i lokalerne hos|i lokalerna hos|housed by|holder til hos|"
                        r"holder til i|held hus hos|huses av|housed at|hosted at|ligger hos|är placerad hos)\s+$",
                        re.IGNORECASE)),
    ("funder", re.compile(r"(?:funded by|financed by|co-financed by|finansiert av|finansieret af|finansierad av|"
                          r"delfinansierats av|finansierats av|finansieras av|finansieres av|finansieres af|"
                          r"rahoittaa|rahoittavat|maksaa|betalas av|betales av|betales af|paid by)"
                          r"(?:\s+(?:och|og|and|ja)\s+av)?\s+$", re.IGNORECASE)),
)
# "finansieras av Vinnova och av Region X": the second agent of the verb shares the role
_COORDINATED = re.compile(r"(?:[A-ZÆØÅÄÖ][\w&/-]*\s+){1,5}(?:och|og|and|ja|samt|,)\s+(?:av\s+|af\s+|by\s+)?$")
# "Askøy og Øygarden betaler": a second subject before the verb
_SECOND_SUBJECT = re.compile(r"^\s+(?:og|och|and|ja|samt)\s+(?:[A-ZÆØÅÄÖ][\w&/-]*\s+){1,4}")


def _role(sentence: str, org: _Span) -> str | None:
    """The first role the sentence states for the organisation, owner before host before funder."""
    after = sentence[org.end:org.end + 160]
    second = _SECOND_SUBJECT.match(after)
    found = {role for role, pattern in _AFTER if pattern.search(after)
             or second and pattern.search(after[second.end() - 1:])}
    before = sentence[max(0, org.start - 80):org.start]
    coordinated = _COORDINATED.search(before)
    found |= {role for role, pattern in _BEFORE if pattern.search(before[-40:])
              or coordinated and pattern.search(before[:coordinated.start()][-40:])}
    return next((role for role in ROLE_ORDER if role in found), None)


# A partner named by its kind: "Föreningen äger verksamheten", "The company provides the workshop",
# "holder til i frivilligsentralens lokaler" (the one partner of that kind in the case).
_KIND_NOUNS = {  # firms first: "bolaget" is a firm, not a "-lag" association
    "private": r"bolag|företag|selskap|selskab|virksomhed|virksomhet|bedrift|firma|yhtiö|yritys|company|firm",
    "civil_society": r"forening|förening|association|yhdistys|\w{3,}lag|klubb|klub|frivilligsentral|stiftelse|"
                     r"säätiö|church|kirke",
}
_PREMISES = re.compile(r"\bi\s+(?P<kind>\w+?)(?:ens|ets|s|n)\s+(?:lokaler|lokale|lokal|klubbstuga|klubbstugan|"
                       r"klubbhus\w*|kolonihaver|bygning|premises|tiloissa)\b", re.IGNORECASE)


def _kind_roles(sentence: str) -> list[tuple[str, str, str]]:
    """(sector, kind word, role) for a partner the sentence names by its kind."""
    found = []
    # a clause's subject: the sentence's first word, or the first after ", og" / ", while" ...
    for subject in re.finditer(r"(?:^|[,;]\s+(?:og|och|and|ja|mens|medan|while|men|but)\s+)(?:the\s+)?(\w+)",
                               sentence, re.IGNORECASE):
        sector = _kind_sector(subject.group(1))
        role = _role(sentence, _At(subject.start(1), subject.end(1))) if sector else None
        if role:
            found.append((sector, subject.group(1), role))
    for premises in _PREMISES.finditer(sentence):
        sector = _kind_sector(premises.group("kind"))
        if sector:
            found.append((sector, premises.group("kind"), "host"))
    return found


def _kind_sector(word: str) -> str | None:
    """"Föreningen", "frivilligsentral(ens)", "Idrottsföreningen": the kind of partner a noun names."""
    return next((sector for sector, words in _KIND_NOUNS.items()
                 if re.fullmatch(rf"\w*(?:{words})(?:en|et|n)?", word, re.IGNORECASE)), None)


class _At:
    def __init__(self, start: int, end: int):
        self.start, self.end = start, end
