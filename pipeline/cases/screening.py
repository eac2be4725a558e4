"""What a text says is no case, though it names organisations that would cooperate: a project
inside one organisation ("et internt samarbejde", "internt prosjekt", "an internal project"),
or a partnership that did not come about, is still being negotiated or only talked of ("ett
partnerskap som inte blev av", "har inte tecknats", "forhandlingene pågår", "neuvottelut ovat
kesken", "is still being negotiated", "no agreement yet", "ovat kiinnostuneita", "inget avtal tecknat"), or a grant described as such ("er et driftstilskudd", a table row typed
"föreningsbidrag"). Applied to a case's own passage, not the whole document."""
from __future__ import annotations

import re


_INTERNAL = re.compile(
    r"\b(?:internt|interne|intern|interna|internal|sisäinen|sisäisen)\s+(?:\w+\s+)?(?:samarbejde|samarbeid|"
    r"samarbete|projekt|prosjekt|project|hanke|hanketta|cooperation)", re.IGNORECASE)
_NOT_REALISED = re.compile(
    r"inte blev av|blev aldrig av|ble ikke noe av|ble ikkje noko av|blev ikke til noget|blev aldrig til noget|"
    r"did not materiali[sz]e|never materiali[sz]ed|never came about|ei toteutunut|jäi toteutumatta|"
    r"(?:avtal|avtale|avtala|aftale|agreement|sopimus|kontrakt|contract)\w*\s+(?:\w+\s+){0,3}?"
    r"(?:har inte|har ikke|har ikkje|has not|have not|ei ole|er ikke|är inte|is not)\s+(?:\w+\s+)?"
    r"(?:tecknats|tecknat|inngått|inngåtte|indgået|signed|been signed|allekirjoitettu|solmittu|underskrevet)|"
    r"(?:förhandlingar|forhandlinger|forhandlingene|forhandlingerne|negotiations|neuvottelut)\s+(?:\w+\s+){0,2}?"
    r"(?:pågår|pågår fortfarande|fortsätter|fortsetter|fortsætter|continue|are ongoing|ovat kesken|jatkuvat)|"
    r"(?:still|are|is|currently)\s+being\s+negotiated|förhandlar fortfarande|forhandler fortsatt|"
    r"forhandler stadig|neuvottelee edelleen|under forhandling|under förhandling|"
    # no agreement yet, only talks, interest or a study: "ännu inte lett till något avtal", "Sopimuksia ei
    # vielä ole", "ovat kiinnostuneita", "on selvittänyt ... mutta päätöstä ei ole tehty", "no agreement yet"
    r"(?:ännu|ennå|endnu|enno|yet)\s+(?:inte|ikke|ikkje|not)\s+(?:\w+\s+){0,3}?(?:avtal|avtale|aftale|agreement)|"
    r"(?:inget|intet|ingen|inga|no)\s+(?:\w+\s+)?(?:avtal|avtale|aftale|agreement)\w*\s+(?:ännu|ennå|endnu|enno|yet)|"
    # no agreement signed: "inget avtal tecknat", "ingen avtale inngått", "no agreement (has been) signed"
    r"(?:inget|intet|ingen|inga|no)\s+(?:\w+\s+)?(?:avtal|avtale|aftale|agreement|kontrakt|contract)\w*\s+"
    r"(?:(?:är|er|has|have|is)\s+(?:been\s+)?)?(?:tecknat|tecknats|inngått|indgået|signed|underskrevet)\b|"
    r"(?:sopimus|sopimuksia|sopimusta)\s+ei\s+(?:vielä\s+)?(?:ole|ole vielä)|ei\s+(?:vielä\s+)?ole\s+tehty|"
    r"päätöstä ei ole tehty|ovat kiinnostuneita|on kiinnostunut|är intresserade av|er interesserte i|"
    r"er interesserede i|are interested in|beslut (?:har|är) (?:ännu )?inte fattats|no decision has been made",
    re.IGNORECASE)


# A grant described as such: "ett föreningsbidrag", "er et driftstilskudd", "on avustus", "a grant".
_GRANT = re.compile(r"^(?:\w*bidrag|\w*tilskudd|\w*tilskud|\w*tilskot|\w*avustus|grant|subsidy|\w*stipendium)$|"
                    r"\b(?:är|er|on|is|var|was)\s+(?:ett|et|eit|a|an)?\s*(?:\w+\s+)?(?:\w*bidrag|\w*tilskudd|"
                    r"\w*tilskud|\w*tilskot|\w*avustus|grant|subsidy)\b", re.IGNORECASE)


def _not_a_case(text: str) -> bool:
    return bool(_INTERNAL.search(text) or _NOT_REALISED.search(text) or _GRANT.search(text.strip()))
