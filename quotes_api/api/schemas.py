"""marshmallow schemas of every request and answer; the OpenAPI document is generated from them.

Answers are dumped through these schemas, so a field the service adds later does not leak
into the API until it is declared here. Records follow docs/contracts.md.
"""
from __future__ import annotations

import functools

import marshmallow as ma
from marshmallow import fields, validate

from ..cite import STYLES as CITE_STYLES
from ..service import FACET_NAMES, INTERVALS, SORTS

FORMATS = ("json", "csv", "ndjson", "text")
ATTRIBUTION_METHODS = ("explicit", "pronoun", "surname", "description", "continuation", "section", "none")


def _str(description: str, **kw) -> fields.String:
    return fields.String(metadata={"description": description}, **kw)


def _nullable_str(description: str = "") -> fields.String:
    return fields.String(allow_none=True, metadata={"description": description} if description else {})


# --- answers -----------------------------------------------------------------------------

class Answer(ma.Schema):
    """The base of every answer schema: it dumps by keeping the declared fields, recursively.

    The service hands over plain JSON types already, so that is all a dump has to do, while
    marshmallow's own dump formats every value of every field one by one, which costs as much as
    the search itself on a page of 20 records. (The schemas here declare neither ``data_key``
    nor ``attribute``, which this dump would ignore.)
    """

    def dump(self, obj, *, many=None):
        project = _projection(type(self))
        return [project(o) for o in obj] if (self.many if many is None else many) else project(obj)


def _field_projection(field: fields.Field):
    """How a value of ``field`` is projected, or None when it is kept as it is (not a schema, nor a list of one)."""
    if isinstance(field, fields.Nested):
        nested = _projection(field.nested)
        if field.many:
            return lambda value: value if value is None else [nested(v) for v in value]
        return lambda value: value if value is None else nested(value)
    if isinstance(field, fields.List):
        item = _field_projection(field.inner)
        if item is None:
            return None
        return lambda value: value if value is None else [item(v) for v in value]
    return None


@functools.cache
def _projection(schema: type[ma.Schema]):
    names = list(schema._declared_fields)
    nested = [(name, project) for name, field in schema._declared_fields.items()
              if (project := _field_projection(field)) is not None]

    def project(obj):
        out = {name: obj[name] for name in names if name in obj}  # in the schema's order
        for name, project_value in nested:
            if name in out:
                out[name] = project_value(out[name])
        return out
    return project


# --- records -----------------------------------------------------------------------------

class PartSchema(Answer):
    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": "Offset of the part in the article text."})
    end = fields.Integer(required=True)


class SpeakerRefSchema(Answer):
    id = _nullable_str("Speaker id, for /v1/speakers/{id}; null for an anonymous speaker.")
    name = _nullable_str("Null for an anonymous speaker, who then has a description.")
    aliases = fields.List(fields.String())
    role = _nullable_str("Title or office, e.g. Sgt.")
    description = _nullable_str("How the article describes the speaker.")


class OutletRefSchema(Answer):
    id = _nullable_str()
    name = fields.String(required=True, metadata={"description": "To whom the words were given."})


class AttributionSchema(Answer):
    # Extraction learns new methods over time: the list is documentation, not a closed enum.
    method = fields.String(required=True, metadata={"description": "How the speaker was found, e.g. "
                                                                   + ", ".join(ATTRIBUTION_METHODS) + "."})
    confidence = fields.Float(required=True, metadata={"description": "0 to 1."})
    evidence = _nullable_str("The words of the article the attribution rests on.")
    outlet_method = _nullable_str()


class ThemeRefSchema(Answer):
    name = fields.String(required=True)
    matched = fields.List(fields.String(), metadata={"description": "The words that placed the quotation here."})


class SourceSchema(Answer):
    article_id = fields.String(required=True)
    publication = _nullable_str()
    title = _nullable_str()
    published = _nullable_str("ISO 8601 date.")
    url = _nullable_str()
    start = fields.Integer()
    end = fields.Integer()
    parts = fields.List(fields.List(fields.Integer()), metadata={"description": "[start, end] of each part."})


class QuoteSchema(Answer):
    id = fields.String(required=True, metadata={"example": "q_1a2b3c4d5e6f7a8b"})
    text = fields.String(required=True)
    parts = fields.List(fields.Nested(PartSchema))
    kind = fields.String(metadata={"description": "full, or partial (a few words quoted inside a sentence)."})
    speaker = fields.Nested(SpeakerRefSchema, allow_none=True)
    outlet = fields.Nested(OutletRefSchema, allow_none=True)
    context = _nullable_str("The sentences around the quotation.")
    attribution = fields.Nested(AttributionSchema)
    themes = fields.List(fields.Nested(ThemeRefSchema))
    sources = fields.List(fields.Nested(SourceSchema), metadata={"description": "Every place it was printed."})


class HitSchema(QuoteSchema):
    score = fields.Float(allow_none=True, metadata={"description": "Relevance; null when sorted by date."})
    highlight = fields.String(metadata={"description": "The text with matched words in <b> marks, HTML-escaped."})


# --- envelopes ---------------------------------------------------------------------------

class LinksSchema(Answer):
    self = fields.String(required=True)
    next = _nullable_str("The next page, or null on the last one.")
    prev = _nullable_str("The previous page, or null on the first one.")


class PageSchema(Answer):
    """The envelope of every paged list: subclasses set ``results``."""

    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True, metadata={"description": "Results per page, after the cap."})
    per_page_capped = fields.Boolean(metadata={
        "description": "True when the per_page asked for was lowered to MAX_PER_PAGE."})
    links = fields.Nested(LinksSchema, required=True)


_COUNTS = fields.Dict(keys=fields.String(), values=fields.Integer())


class FacetsSchema(Answer):
    speaker = _COUNTS
    outlet = _COUNTS
    theme = _COUNTS
    publication = _COUNTS
    month = _COUNTS


class ToleranceSchema(Answer):
    prefix = _nullable_str("The last word of q, also matched as the start of longer words (search-as-you-type).")
    typos = fields.Boolean(metadata={"description": "True when nothing matched q exactly, and words of 5 or more "
                                                    "letters were matched with a typo (two from 9 letters)."})


class SearchResultSchema(PageSchema):
    took_ms = fields.Float(required=True)
    total_relation = fields.String(validate=validate.OneOf(["eq", "gte"]), metadata={
        "description": "eq: total is exact; gte: a search of filters alone matched more than EXACT_TOTAL_LIMIT "
                       "quotations and total is a lower bound (the page is still the first of all matches)."})
    facets_sampled = fields.Boolean(metadata={
        "description": "True when facets count the first EXACT_TOTAL_LIMIT matches, not all of them."})
    expansions_capped = fields.Boolean(metadata={
        "description": "True when a prefix or fuzzy word matched more than MAX_EXPANSIONS words and only the "
                       "most frequent were searched."})
    tolerance = fields.Nested(ToleranceSchema, allow_none=True, metadata={
        "description": "How forgivingly q was matched; null with fuzzy=false (exact) or fuzzy=true (every word)."})
    results = fields.List(fields.Nested(HitSchema), required=True)
    facets = fields.Nested(FacetsSchema, allow_none=True,
                           metadata={"description": "Counts per value; null when facets=false."})
    suggestion = _nullable_str("A corrected query when the words look misspelt.")


class QuoteListSchema(Answer):
    results = fields.List(fields.Nested(QuoteSchema), required=True)


class SpeakerSchema(Answer):
    id = fields.String(required=True)
    name = _nullable_str()
    aliases = fields.List(fields.String())
    role = _nullable_str()
    description = _nullable_str()
    quotations = fields.Integer(metadata={"description": "How many quotations are attributed to this speaker."})
    by_outlet = _COUNTS


class SpeakerPageSchema(PageSchema):
    results = fields.List(fields.Nested(SpeakerSchema), required=True)


class QuotePageSchema(PageSchema):
    results = fields.List(fields.Nested(QuoteSchema), required=True)


class OutletSchema(Answer):
    id = _nullable_str()
    name = fields.String(required=True)
    quotations = fields.Integer()


class ThemeSchema(Answer):
    name = fields.String(required=True)
    label = _nullable_str("The theme's name for people.")
    description = _nullable_str()
    terms = fields.List(fields.String())
    quotations = fields.Integer()


class OutletListSchema(Answer):
    results = fields.List(fields.Nested(OutletSchema), required=True)


class ThemeListSchema(Answer):
    results = fields.List(fields.Nested(ThemeSchema), required=True)


class ArticleSummarySchema(Answer):
    id = fields.String(required=True)
    title = _nullable_str()
    publication = _nullable_str()
    published = _nullable_str()
    url = _nullable_str()
    byline = _nullable_str()
    quotations = fields.Integer(metadata={"description": "How many quotations were found in it."})


class ArticlePageSchema(PageSchema):
    results = fields.List(fields.Nested(ArticleSummarySchema), required=True)


class ArticleSchema(ArticleSummarySchema):
    text = fields.String()
    quotations = fields.List(fields.Nested(QuoteSchema))


class IngestErrorSchema(Answer):
    status = fields.Integer(required=True, metadata={
        "description": "The status this article alone would have had: 422 unreadable, 500 our failure (logged)."})
    detail = fields.String(required=True, metadata={"description": "What went wrong, for a person."})


class IngestedSchema(Answer):
    record = fields.Integer(metadata={"description": "Position of the article in a body of several (from 0)."})
    article_id = fields.String(required=True, allow_none=True, metadata={
        "description": "Null only for a record that could not be read as far as its id."})
    status = fields.String(required=True, validate=validate.OneOf(("new", "unchanged", "replaced", "failed")),
                           metadata={"description": "new, unchanged, replaced, or failed (see error)."})
    quotations = fields.List(fields.Nested(QuoteSchema))
    error = fields.Nested(IngestErrorSchema, metadata={"description": "Why the article failed; only then."})


class IngestResultSchema(Answer):
    results = fields.List(fields.Nested(IngestedSchema), required=True,
                          metadata={"description": "One entry per article in the body (a JSON array gives several)."})


class DeletedSchema(Answer):
    article_id = fields.String(required=True)
    removed_quotations = fields.List(fields.String(), metadata={"description": "Quotations left without a source."})


class PeriodSchema(Answer):
    period = fields.String(required=True, metadata={"example": "2019-02"})
    count = fields.Integer(required=True)


class TimelineSchema(Answer):
    interval = fields.String(required=True)
    results = fields.List(fields.Nested(PeriodSchema), required=True)


class HealthSchema(Answer):
    status = fields.String(required=True, metadata={"example": "ok"})
    generation = fields.Raw(required=True, metadata={"description": "Changes with every committed write."})
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    last_modified = _nullable_str("When the index last changed (ISO 8601).")


class OEmbedSchema(Answer):
    """An oEmbed 1.0 response of type rich (https://oembed.com/, section 2.3.4)."""

    type = fields.String(required=True, metadata={"example": "rich"})
    version = fields.String(required=True, metadata={"example": "1.0"})
    title = fields.String()
    author_name = fields.String()
    provider_name = fields.String()
    provider_url = fields.String()
    cache_age = fields.Integer()
    html = fields.String(required=True)
    width = fields.Integer(required=True)
    height = fields.Integer(required=True)


# --- requests ----------------------------------------------------------------------------

class FormatArgs(ma.Schema):
    format = fields.String(validate=validate.OneOf(FORMATS), metadata={
        "description": "json (default), csv, ndjson or text; the Accept header works too."})


@functools.cache
def offering(schema: type[ma.Schema], formats: tuple[str, ...]) -> type[ma.Schema]:
    """``schema`` whose ``format`` parameter documents only ``formats``, those its resource answers in.

    Any of FORMATS still validates, so that a format the resource lacks is its 406, not a 400.
    """
    listed = [f for f in formats if f in FORMATS]
    field = fields.String(validate=validate.OneOf(FORMATS), metadata={
        "enum": listed, "description": f"{', '.join(listed[:-1])} or {listed[-1]} (json by default); the Accept "
                                       "header works too."})
    return type(schema.__name__, (schema,), {"format": field})


MAX_PAGE = 10_000


class PageArgs(ma.Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE), metadata={
        "description": "Page number; search results deeper than this follow the cursor of the next link."})
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1), metadata={
        "description": "Results per page; larger values are lowered to MAX_PER_PAGE (100 by default)."})


# The search filters, beside q, that /v1/quotes and /v1/timeline pass on to the service.
FILTERS = ("speaker", "outlet", "theme", "publication", "kind", "since", "until", "min_confidence")


def _any_of(description: str, **kw) -> fields.List:
    """A filter that takes several values, any of which matches (speaker=a&speaker=b)."""
    return fields.List(fields.String(**kw), metadata={"description": description + " Repeat it for any of several."})


# A date as the filters take it: a year, a month or a day (or nothing). An impossible day such as
# 2019-02-30 has this form and is refused by the search (400) with what to change.
_PARTIAL_DATE = validate.Regexp(r"^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$",
                                error="Not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")


class FilterArgs(ma.Schema):
    q = _str("The query language: words, \"a phrase\", speaker:name, -word, OR.", load_default="")
    speaker = _any_of("Speaker name.")
    outlet = _any_of("Outlet the words were given to.")
    theme = _any_of("Theme name (see /v1/themes).")
    publication = _any_of("Publication that printed the article.")
    kind = _any_of("full, or partial (a few words quoted inside a sentence).",
                   validate=validate.OneOf(("full", "partial")))
    since = _str("Earliest publication date, YYYY, YYYY-MM or YYYY-MM-DD (empty: no limit).", validate=_PARTIAL_DATE)
    until = _str("Latest publication date, YYYY, YYYY-MM or YYYY-MM-DD (empty: no limit).", validate=_PARTIAL_DATE)
    min_confidence = fields.Float(validate=validate.Range(min=0, max=1), metadata={
        "description": "Only attributions at least this sure (0 to 1)."})
    fuzzy = fields.Boolean(load_default=None, allow_none=True, metadata={"description": (
        "Unset (the default): the last word of q also matches as a prefix (search-as-you-type) and, when "
        "nothing matches, words of 5 or more letters match with a typo; the answer's tolerance says what "
        "applied. false: words match exactly. true: every word matches one or two letters away.")})


_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


class FacetNames(fields.String):
    """true, false, or the facets to count, separated by commas."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        names = [n.strip() for n in text.split(",") if n.strip()]
        unknown = [n for n in names if n not in FACET_NAMES]
        if unknown or not names:
            raise ma.ValidationError(f"Facets are {', '.join(FACET_NAMES)} (or true, false).")
        return names


class FacetQuery(fields.String):
    """``facet:words``: only the values of that facet with words starting so."""

    def _deserialize(self, value, attr, data, **kwargs):
        name, sep, words = super()._deserialize(value, attr, data, **kwargs).partition(":")
        if not sep or name.strip() not in FACET_NAMES or not words.strip():
            raise ma.ValidationError(f"Write facet:words, with a facet among {', '.join(FACET_NAMES)}.")
        return {name.strip(): words.strip()}


class FieldNames(fields.String):
    """Field names of a search hit, separated by commas."""

    def _deserialize(self, value, attr, data, **kwargs):
        names = [n.strip() for n in super()._deserialize(value, attr, data, **kwargs).split(",") if n.strip()]
        unknown = [n for n in names if n not in HitSchema._declared_fields]
        if unknown or not names:
            raise ma.ValidationError(f"Fields of a result are {', '.join(HitSchema._declared_fields)}.")
        return names


class SearchArgs(FilterArgs, PageArgs, FormatArgs):
    sort = fields.String(load_default="relevance", validate=validate.OneOf(SORTS))
    facets = FacetNames(load_default=True, metadata={"description": (
        "Count results per facet: true (all), false, or some of " + ", ".join(FACET_NAMES) + " (comma-separated).")})
    facet_limit = fields.Integer(validate=validate.Range(min=1), metadata={
        "description": "Values listed per facet (default FACET_LIMIT, at most MAX_FACET_LIMIT)."})
    facet_query = FacetQuery(metadata={"description": (
        "facet:words, e.g. speaker:gonz: list only that facet's values with words starting so.")})
    highlight_pre = _str("What goes before a matched word in highlight (default <b>).", load_default="<b>")
    highlight_post = _str("What goes after a matched word in highlight (default </b>).", load_default="</b>")
    crop = fields.Integer(validate=validate.Range(min=1), metadata={
        "description": "Longest highlight, in characters, cut around the first match (default HIGHLIGHT_CHARS)."})

    cursor = _str("Opaque position from a next/prev link; replaces page for deep paging.")
    download = fields.Boolean(load_default=False, metadata={
        "description": "With format=csv or ndjson: send the export as an attachment (Content-Disposition)."})
    # Declared last: from here on, "fields" in this class body is this field, not marshmallow's module.
    fields = FieldNames(metadata={"description": "The fields of each result to return, e.g. id,text,speaker "
                                                 "(JSON and NDJSON; all by default)."})


class TimelineArgs(FilterArgs, FormatArgs):
    interval = fields.String(load_default="month", validate=validate.OneOf(INTERVALS))


class SpeakerArgs(PageArgs, FormatArgs):
    q = _str("Part of a name; case, accents and small misspellings are forgiven.")


class ListArgs(PageArgs, FormatArgs):
    pass


class SimilarArgs(FormatArgs):
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))


class CiteArgs(ma.Schema):
    style = fields.String(load_default="text", validate=validate.OneOf(CITE_STYLES))


class OEmbedArgs(ma.Schema):
    url = fields.String(required=True, metadata={"description": "The URL of a quotation page of this server."})
    maxwidth = fields.Integer(validate=validate.Range(min=1))
    maxheight = fields.Integer(validate=validate.Range(min=1))
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "xml")),
                           metadata={"description": "Only json is offered: xml answers 501, as oEmbed says."})


class ArticleMetaArgs(ma.Schema):
    """Metadata for a plain-text or HTML body, which cannot carry it itself."""

    title = _str("Headline.")
    publication = _str("Publication that printed the article.")
    published = _str("Publication date, YYYY-MM-DD.")
    url = _str("Where the article was published.")
    byline = _str("Author(s).")
