"""OAI-PMH metadata formats mapped to the dc-dict: the registry of mappers by metadataPrefix,
the order of preference among them, and the mapping of one payload.

One module per format family, each a pure function of the payload element:

    oai_dc, qdc                         dublin_core.py
    dim, Simple Archive Format          dim.py
    xoai                                xoai.py
    kk (and kk:file links in qdc)       kk.py
    mods, swepub_mods, mods_swepub      mods.py
    ddf-mxd (Pure)                      ddf_mxd.py

A prefix nordcat does not know (e.g. "mets") is mapped by the payload's root element instead
(`mapper_for_root`).
"""
from __future__ import annotations

import logging
from typing import Callable

from lxml import etree

from crawlers.parsers.oai.envelope import OAI_NS, OAIError
from crawlers.parsers.oai.formats.ddf_mxd import MXD_NS_BASE, ddf_mxd
from crawlers.parsers.oai.formats.dim import DIM_FIELD, DIM_NS, dim
from crawlers.parsers.oai.formats.dublin_core import oai_dc, qdc
from crawlers.parsers.oai.formats.kk import KK_NS, kk
from crawlers.parsers.oai.formats.mods import MODS_NS, mods
from crawlers.parsers.oai.formats.xoai import XOAI_NS, xoai
from crawlers.parsers.oai.tree import Metadata, elements

log = logging.getLogger(__name__)

# best first: DSpace (dim keeps every qualifier), Finnish DSpace (kk), DiVA (MODS), Pure
# (ddf-mxd, richer than its MODS)
PREFERRED_PREFIXES = ["dim", "xoai", "qdc", "kk", "swepub_mods", "ddf-mxd", "mods", "oai_dc"]

MAPPERS: dict[str, Callable[[etree._Element], Metadata]] = {
    "oai_dc": oai_dc, "dim": dim, "xoai": xoai, "qdc": qdc, "kk": kk,
    "mods": mods, "swepub_mods": mods, "mods_swepub": mods, "ddf-mxd": ddf_mxd,
}


def choose_prefix(offered: list[str], forced: str | None = None) -> str:
    """The richest offered format nordcat maps (PREFERRED_PREFIXES), or `forced` if offered.

    Raises OAIError("cannotDisseminateFormat") when nothing usable is offered: harvesting a
    format nordcat cannot map would give records without metadata.
    """
    if forced is not None:
        if forced in offered:
            return forced
        raise OAIError("cannotDisseminateFormat", f"{forced!r} is not offered (offered: {offered})")
    for prefix in PREFERRED_PREFIXES:
        if prefix in offered:
            return prefix
    raise OAIError("cannotDisseminateFormat", f"none of {PREFERRED_PREFIXES} offered: {offered}")


def to_dc(metadata_element: etree._Element, prefix: str) -> Metadata:
    """The dc-dict of one metadata payload, by the format family of `prefix`.

    `metadata_element` may be the OAI <metadata> wrapper or the payload inside it. A prefix
    nordcat does not know (e.g. "mets") is mapped by the payload's root element instead.
    """
    payload = _unwrap(metadata_element)
    mapper = MAPPERS.get(prefix) or mapper_for_root(payload)
    if mapper is None:
        log.warning("no dc mapping for prefix %r with root <%s>", prefix, payload.tag)
        return {}
    return mapper(payload)


def _unwrap(element: etree._Element) -> etree._Element:
    if element.tag in (f"{{{OAI_NS}}}metadata", "metadata"):
        return next(elements(element), element)
    return element


def mapper_for_root(payload: etree._Element) -> Callable[[etree._Element], Metadata] | None:
    """The mapper for a payload by its root element; a METS wrapper by what it wraps."""
    namespace, _, name = payload.tag.rpartition("}")
    namespace = namespace.lstrip("{")
    if namespace == DIM_NS or name == "dublin_core":
        return dim
    if namespace == XOAI_NS:
        return xoai
    if namespace == KK_NS:
        return kk
    if namespace == MODS_NS or name == "mods":
        return mods
    if namespace.startswith(MXD_NS_BASE) or name == "ddf_doc":
        return ddf_mxd
    if name == "dc":
        return oai_dc
    if name == "qualifieddc":
        return qdc
    if name.lower() == "mets":
        wraps_dim = next(payload.iter(DIM_FIELD), None) is not None
        return dim if wraps_dim else mods
    return None
