"""Lay out filings: ``NAME.docx`` with docxtpl and ``NAME.pdf`` with WeasyPrint from ``NAME.html``.

A filing's wording is built once, as a content object (a dataclass or a mapping); its
templates only lay it out. Templates are looked up per file: first in the user's folder
(``build --templates DIR``), then in the built-in ``evidence_kit/templates/``. A bank may
thus replace one filing's DOCX and keep every other template.

Public functions:

* :func:`render_filings` — validate every template against its context, then write each
  filing's DOCX and PDF (all PDFs laid out in one WeasyPrint pass, each filing a named page
  whose page numbers restart at 1, and written as one PDF that is cut into a file per filing,
  so that each font is subset once for the whole set);
* :func:`render_filing` — the same for one filing;
* :func:`check_printable` — every text of a context can be drawn by an installed font.

Errors, all raised before any file is written (except the last):

* a template that is missing, has a syntax error or names a variable (or attribute) the
  context lacks → :class:`TemplateError` (exit 6) naming the template file and line (in a
  DOCX template, the line is the paragraph's number, counting table-cell paragraphs);
* a character that no installed font has → :class:`RenderFailed` (exit 7) naming the
  character and the context field (a blank box is never printed);
* anything WeasyPrint logs as a warning or error → :class:`RenderFailed` (exit 7).

Both engines render with autoescaping on and ``StrictUndefined``: a name holding ``&``,
``<`` or ``{{ }}`` prints literally and never corrupts the DOCX XML.

Given ``created`` (a build's ``SOURCE_DATE_EPOCH`` as a date-time), every date a file
carries derives from it — the DOCX core properties and zip entry times, the PDF's
creation and modification dates — so that the same inputs give byte-identical files.
"""

from __future__ import annotations

import dataclasses
import io
import traceback
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from evidence_kit.bundle.htmlpdf import TEMPLATES, Part, lay_out_html, write_parts
from evidence_kit.case.text import describe, unprintable
from evidence_kit.errors import CannotWrite, RenderFailed, TemplateError, describe_os_error
from evidence_kit.i18n import _

FILINGS_CSS = "filings.css"
"""The stylesheet shared by every filing's HTML template."""
FILINGS_DOCUMENT = "filings_document.html"
"""The HTML page the filings' fragments are laid out in (one section per filing)."""
DOCX_CREATOR = "evidence-kit"
ZIP_TIME_FLOOR = (1980, 1, 1, 0, 0, 0)
"""A zip entry cannot be dated earlier."""
APP_PROPERTIES = "docProps/app.xml"
"""The DOCX part holding the document's statistics, its page count among them."""
EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
COMPILED_TEMPLATES = 256
"""Compiled DOCX template parts a process keeps (each filing's body, headers, footers and properties), so that a
second build in the same process (``batch``, the benchmark) does not compile its templates again."""


@dataclass(frozen=True)
class Templates:
    """Where templates are found: the user's folder first, per file, then the built-in one."""

    user: Path | None = None

    def path(self, filename: str) -> Path:
        """The template file to use for ``filename`` (exit 6 when neither folder has it)."""
        for folder in self.folders:
            candidate = folder / filename
            if candidate.is_file():
                return candidate
        raise TemplateError(_("no template {name}", name=filename),
                            file=str(self.user / filename if self.user else filename),
                            hint=_("add it to the templates folder, or remove the filing from the build"))

    @property
    def folders(self) -> tuple[Path, ...]:
        return (self.user, TEMPLATES) if self.user is not None else (TEMPLATES,)

    @property
    def html(self) -> Any:
        """The Jinja environment for HTML templates (autoescape, StrictUndefined, per-file fallback).

        One per set of folders in a process: a template is compiled once and compiled again
        only when its file changed.
        """
        return _html_environment(self.folders)


@lru_cache(maxsize=16)
def _html_environment(folders: tuple[Path, ...]) -> Any:
    import jinja2

    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f)) for f in folders])
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=1)
def _docx_environment() -> Any:
    """The Jinja environment docxtpl renders with: autoescape, StrictUndefined, compiled parts kept.

    docxtpl compiles each XML part of a template with ``from_string`` on every render; the
    same part text (the same template) gives the same compiled template, so it is kept.
    """
    import jinja2

    class KeepingCompiled(jinja2.Environment):
        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if isinstance(source, str) and globals is None and template_class is None:
                return compiled(source)
            return super().from_string(source, globals, template_class)

    environment = KeepingCompiled(autoescape=True, undefined=jinja2.StrictUndefined)

    @lru_cache(maxsize=COMPILED_TEMPLATES)
    def compiled(source: str) -> Any:
        return jinja2.Environment.from_string(environment, source)

    return environment


@dataclass(frozen=True)
class Filing:
    """One document to render: its template name (``payment_order``), content and PDF title."""

    name: str
    context: Any
    title: str = ""
    template: str = ""
    """The template's name when it differs from the file's (two complaints from ``complaint``)."""

    @property
    def template_name(self) -> str:
        return self.template or self.name


@dataclass(frozen=True)
class RenderedFiling:
    name: str
    docx: Path
    pdf: Path
    pages: int
    """Pages of the PDF."""


def render_filing(name: str, context: Any, out: Path, templates: Templates | None = None,
                  *, title: str = "", created: datetime | None = None, page_counts: bool = False) -> RenderedFiling:
    """Render one filing into ``out/NAME.docx`` and ``out/NAME.pdf``."""
    return render_filings([Filing(name, context, title)], out, templates, created=created, page_counts=page_counts)[0]


def render_filings(filings: Sequence[Filing], out: Path, templates: Templates | None = None,
                   *, created: datetime | None = None, page_counts: bool = False) -> list[RenderedFiling]:
    """Render every filing into ``out``: nothing is written unless every template renders.

    ``created`` dates the files (see the module's docstring); without it the DOCX keeps its
    template's core properties and the zip entries are dated now.

    ``page_counts``: each DOCX states its PDF's page count (``docProps/app.xml`` ``<Pages>``,
    what Word shows under 属性 until it lays the file out again) — for templates laid out on
    the PDF's measures, as the filings' are (docs/filings.md, Page counts). Otherwise a DOCX
    states none: the count a template carries is that of the template itself.
    """
    templates = templates or Templates()
    for filing in filings:
        check_printable(filing.name, filing.context)
    documents = [_render_docx(templates, f.template_name, as_mapping(f.context), f.title, created) for f in filings]
    html = _filings_html(templates, filings)
    # One layout for all filings; each section is a named page whose first page restarts the page counter.
    laid_out = lay_out_html(html, what=", ".join(f"{f.name}.pdf" for f in filings), roots=templates.folders)
    starts = [*_section_starts(laid_out, filings), len(laid_out.pages)]
    parts = [Part(range(starts[n], starts[n + 1]), f.title) for n, f in enumerate(filings)]
    # One PDF written for all filings (each font subset once), then cut into a file per filing.
    pdfs = write_parts(laid_out, parts, what=", ".join(f"{f.name}.pdf" for f in filings), created=created)
    # Each DOCX states its PDF twin's page count (same content, same page and type metrics).
    finished = [_finished_docx(templates, f.name, document, len(part.pages) if page_counts else None, created)
                for f, document, part in zip(filings, documents, parts, strict=True)]
    return [_write(out, f.name, document, pdf, len(part.pages))
            for f, document, pdf, part in zip(filings, finished, pdfs, parts, strict=True)]


def as_mapping(context: Any) -> dict[str, Any]:
    """A content object's top-level fields as template variables (nested objects stay objects)."""
    if dataclasses.is_dataclass(context) and not isinstance(context, type):
        return {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
    if isinstance(context, Mapping):
        return dict(context)
    raise TypeError(f"a filing's context must be a dataclass or a mapping, not {type(context).__name__}")


# --------------------------------------------------------------------------- printable text


def check_printable(name: str, context: Any) -> None:
    """Every character of every text in ``context`` is in an installed font (else exit 7, naming it)."""
    for field, text in texts_of(context):
        missing = unprintable(text)
        if missing:
            shown = ", ".join(describe(c) for c in missing[:3])
            raise RenderFailed(_("{name}: no installed font can print {characters} in {field}", name=name,
                                 characters=shown, field=field), file=f"{name}.pdf", column=field,
                               hint=_("write the character as on the Chinese ID card or in the contract, or install "
                                      "a font that has it"))


def texts_of(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string inside a content object, with its field path (``debtors[0].name``)."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from texts_of(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from texts_of(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from texts_of(item, f"{path}[{index}]")


def with_texts(value: Any, change: Callable[[str], str]) -> Any:
    """A copy of a content object with ``change`` applied to every string inside it (as :func:`texts_of` finds them).

    Used at the rendering boundary, e.g. to redact a filing for the collector profile
    without touching how its wording is built.
    """
    if isinstance(value, str):
        return change(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: with_texts(getattr(value, f.name), change) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changed)
    if isinstance(value, Mapping):
        return {key: with_texts(item, change) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(with_texts(item, change) for item in value)
    if isinstance(value, list):
        return [with_texts(item, change) for item in value]
    return value


# --------------------------------------------------------------------------- DOCX


def _render_docx(templates: Templates, name: str, context: dict[str, Any], title: str = "",
                 created: datetime | None = None) -> bytes:
    """The rendered DOCX, in memory; template errors become exit 6 naming file and paragraph."""
    import jinja2
    from docx.opc.exceptions import OpcError
    from docxtpl import DocxTemplate

    path = templates.path(f"{name}.docx")
    try:
        document = DocxTemplate(str(path))
        document.render(context, jinja_env=_docx_environment(), autoescape=True)
        if created is not None:
            _date_core_properties(document.docx.core_properties, title, created)
        buffer = io.BytesIO()
        document.save(buffer)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, path, "<template>", unit="paragraph") from exc
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, OpcError) as exc:  # not a DOCX (zip/XML) file
        raise TemplateError(_("the DOCX template cannot be read ({why})", why=exc), file=str(path),
                            hint=_("save it again from Word as a .docx document")) from exc
    return buffer.getvalue()


def _finished_docx(templates: Templates, name: str, data: bytes, pages: int | None,
                   created: datetime | None) -> bytes:
    try:
        return finished_docx(data, pages, created)
    except ValueError as exc:  # the template's docProps/app.xml is not XML
        raise TemplateError(_("the DOCX template cannot be read ({why})", why=exc), file=str(templates.path(f"{name}.docx")),
                            hint=_("save it again from Word as a .docx document")) from exc


def _date_core_properties(properties: Any, title: str, created: datetime) -> None:
    """The DOCX's own dates (Word shows them under 属性) are the build's moment; its author is the tool."""
    moment = created.astimezone(UTC).replace(tzinfo=None) if created.tzinfo else created
    properties.created = properties.modified = moment
    properties.author = properties.last_modified_by = DOCX_CREATOR
    properties.revision = 1
    if title:
        properties.title = title


def finished_docx(data: bytes, pages: int | None, created: datetime | None = None) -> bytes:
    """The saved DOCX ``data`` stating ``pages`` pages (None: none), each zip entry dated ``created`` (else as it was).

    The page count goes into ``docProps/app.xml`` (``<Pages>``, added when the template's
    properties lack it); a template without that part stays without it. Entries keep their
    order and compression.
    """
    stamp = max(created.timetuple()[:6], ZIP_TIME_FLOOR) if created is not None else None
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp or entry.date_time)
            info.compress_type = entry.compress_type
            info.external_attr = entry.external_attr
            content = source.read(entry)
            target.writestr(info, with_page_count(content, pages) if entry.filename == APP_PROPERTIES else content)
    return out.getvalue()


def with_page_count(app_xml: bytes, pages: int | None) -> bytes:
    """``docProps/app.xml`` with its ``<Pages>`` set to ``pages``, or without one (None)."""
    from lxml import etree

    try:
        root = etree.fromstring(app_xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"{APP_PROPERTIES}: {exc}") from exc
    element = root.find(f"{{{EXTENDED_PROPERTIES}}}Pages")
    if pages is None:
        if element is not None:
            root.remove(element)
    else:
        if element is None:
            element = etree.SubElement(root, f"{{{EXTENDED_PROPERTIES}}}Pages")
        element.text = str(pages)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


# --------------------------------------------------------------------------- PDF


def _filings_html(templates: Templates, filings: Sequence[Filing]) -> str:
    """One HTML document with a section per filing, rendered from each ``NAME.html`` fragment."""
    sections = [{"anchor": _anchor(f.name), "name": f.name,
                 "content": _render_html(templates, f"{f.template_name}.html", as_mapping(f.context))}
                for f in filings]
    css = _render_html(templates, FILINGS_CSS, {})
    return _render_html(templates, FILINGS_DOCUMENT, {"sections": sections, "css": css,
                                                      "title": filings[0].title if len(filings) == 1 else ""})


def _render_html(templates: Templates, filename: str, context: Mapping[str, Any]) -> str:
    import jinja2

    path = templates.path(filename)
    try:
        return str(templates.html.get_template(filename).render(**context))
    except jinja2.TemplateError as exc:
        raise _template_error(exc, path, str(path), unit="line") from exc


def _anchor(name: str) -> str:
    return f"filing-{name}"


def _section_starts(laid_out: Any, filings: Sequence[Filing]) -> list[int]:
    found: dict[str, int] = {}
    for index, page in enumerate(laid_out.pages):
        for anchor in page.anchors:
            found.setdefault(anchor, index)
    missing = [f.name for f in filings if _anchor(f.name) not in found]
    if missing:
        raise TemplateError(_("{document} laid out no section for {names}", document=FILINGS_DOCUMENT,
                              names=", ".join(missing)),
                            file=FILINGS_DOCUMENT, hint=_("each section needs id=\"{{ section.anchor }}\""))
    return [found[_anchor(f.name)] for f in filings]


# --------------------------------------------------------------------------- errors and writing


def _template_error(exc: Exception, path: Path, source_name: str, *, unit: str) -> TemplateError:
    """A template error naming the file and the line (paragraph, for a DOCX) where it happened."""
    import jinja2

    line = getattr(exc, "lineno", None)
    filename = getattr(exc, "filename", None)
    if line is None:
        filename, line = _frame_in_template(exc, source_name)
    if filename and filename != source_name and not filename.startswith("<"):
        path = Path(filename)  # an included template
    if line is not None and unit == "paragraph":
        line = max(line - 1, 1)  # docxtpl starts every paragraph on a new line, after the body's opening
    syntax = isinstance(exc, jinja2.TemplateSyntaxError)
    message = getattr(exc, "message", None) or str(exc)
    if line is None:
        text = (_("template syntax error: {message}", message=message) if syntax
                else _("template error: {message}", message=message))
    elif unit == "paragraph":
        text = (_("template syntax error in paragraph {line}: {message}", line=line, message=message) if syntax
                else _("template error in paragraph {line}: {message}", line=line, message=message))
    else:
        text = (_("template syntax error in line {line}: {message}", line=line, message=message) if syntax
                else _("template error in line {line}: {message}", line=line, message=message))
    return TemplateError(text, file=str(path), row=line,
                         hint=_("fix the template, or give the variable a name the filing provides "
                                "(docs/filings.md lists them)"))


def _frame_in_template(exc: BaseException, source_name: str) -> tuple[str | None, int | None]:
    """Jinja rewrites tracebacks to template lines: the innermost template frame is where it failed."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename == source_name or not f.filename.endswith(".py")]
    return (frames[-1].filename, frames[-1].lineno) if frames else (None, None)


def _write(out: Path, name: str, docx: bytes, pdf: bytes, pages: int) -> RenderedFiling:
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{name}.docx").write_bytes(docx)
        (out / f"{name}.pdf").write_bytes(pdf)
    except OSError as exc:
        raise CannotWrite(_("cannot write {name}.docx/.pdf ({why})", name=name, why=describe_os_error(exc)),
                          file=str(out), hint=_("check that the output folder is writable and the disk is not full")
                          ) from exc
    return RenderedFiling(name, out / f"{name}.docx", out / f"{name}.pdf", pages)
