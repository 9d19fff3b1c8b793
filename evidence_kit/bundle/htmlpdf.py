"""HTML → PDF for the pages the bundle lays out itself (cover, 证据目录, tables, placeholders).

WeasyPrint logs a missing font or image instead of raising; here its logger is captured
during a render and any warning or error becomes :class:`RenderFailed`. Its URL fetcher
may read nothing but the package's own templates folder (and ``data:`` URLs): no network,
no file of the case reaches the layout engine by a URL.

Several sections can be rendered as one document (one embedded font subset for all of
them, one layout pass); each section's first page is found from its anchor. Documents
laid out separately can still be written as one PDF (:func:`write_documents`), and all
layouts of a process share one font configuration, so each font is loaded once.
WeasyPrint subsets every font again for every PDF it writes (≈ 50 ms for each face of
Noto Serif CJK): parts of a document that must be files of their own (the filings) are
therefore written as one PDF and cut apart with pikepdf (:func:`write_parts`).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from evidence_kit.errors import MissingDependency, RenderFailed, TemplateError
from evidence_kit.i18n import _

TEMPLATES = Path(__file__).parent.parent / "templates"
BODY_FONT = "Noto Serif CJK SC"


@dataclass(frozen=True)
class Section:
    """One part of a rendered document: a template fragment and its context."""

    anchor: str
    template: str
    context: Mapping[str, Any]
    landscape: bool = False


class LaidOutDocument:
    """A document laid out by WeasyPrint: its pages are counted; the PDF is written on demand."""

    def __init__(self, document: Any, what: str, starts: dict[str, int]) -> None:
        self.document = document
        self.what = what
        self.starts = starts
        """0-based first page of each section, by anchor."""

    @property
    def page_count(self) -> int:
        return len(self.document.pages)

    def pages_of(self, anchor: str) -> range:
        """The 0-based page indices of one section."""
        start = self.starts[anchor]
        later = sorted(s for s in self.starts.values() if s > start)
        return range(start, later[0] if later else self.page_count)

    def write_pdf(self) -> bytes:
        return write_documents([self])


def write_documents(documents: Sequence[LaidOutDocument]) -> bytes:
    """One PDF holding the pages of the laid-out documents in order (fonts subset once)."""
    if not documents:
        raise ValueError("nothing to write")
    pages = [page for laid_out in documents for page in laid_out.document.pages]
    combined = documents[0].document if len(documents) == 1 else documents[0].document.copy(pages)
    with _captured(_joined([d.what for d in documents])):
        return bytes(combined.write_pdf())


def _joined(names: Sequence[str]) -> str:
    """"the cover and the index": what several documents are, in the current language."""
    joined = names[0]
    for name in names[1:]:
        joined = _("{first} and {second}", first=joined, second=name)
    return joined


@lru_cache(maxsize=1)
def _jinja() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, context: Mapping[str, Any]) -> str:
    import jinja2

    try:
        return str(_jinja().get_template(name).render(**context))
    except jinja2.TemplateError as exc:
        raise TemplateError(_("template {name} failed: {why}", name=name, why=exc), file=f"templates/{name}",
                            hint=_("this is a bug in the tool's template; report it")) from exc


def document_html(sections: Sequence[Section], *, title: str) -> str:
    """One HTML document holding the sections in order, each starting on a new page."""
    body = "\n".join(
        render_template("section.html", {
            "anchor": s.anchor, "landscape": s.landscape, "content": render_template(s.template, s.context),
        })
        for s in sections
    )
    return render_template("document.html", {"title": title, "body": body, "css": render_template("bundle.css", {})})


def lay_out_sections(sections: Sequence[Section], *, title: str, what: str) -> LaidOutDocument:
    """Lay the sections out as one document and say where each one starts (no PDF written yet)."""
    if not sections:
        raise ValueError("nothing to render")
    document = _render(document_html(sections, title=title), what=what)
    starts: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, index)
    missing = [s.anchor for s in sections if s.anchor not in starts]
    if missing:
        raise RenderFailed(_("{what}: sections {sections} were not laid out", what=what, sections=", ".join(missing)),
                           file=what, hint=_("this is a bug in the tool's template; report it"))
    return LaidOutDocument(document, what, starts)


def _render(html: str, *, what: str) -> Any:
    return lay_out_html(html, what=what)


def lay_out_html(html: str, *, what: str, roots: Sequence[Path] = (TEMPLATES,)) -> Any:
    """Lay out a whole HTML document (a WeasyPrint ``Document``); relative URLs resolve in ``roots[0]``.

    Only ``data:`` URLs and files under ``roots`` may be fetched; anything WeasyPrint
    logs as a warning or an error raises :class:`RenderFailed` naming ``what``.
    """
    ensure_body_font()
    weasyprint = import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    try:
        with _captured(what):
            return weasyprint.HTML(string=html, base_url=str(roots[0]), url_fetcher=_local_fetcher(roots)).render(
                font_config=_font_config())
    except FatalURLFetchingError as exc:
        raise RenderFailed(f"{what}: {exc}", file=what,
                           hint=_("a template may only use files of the templates folders (or data: URLs)")) from exc


@dataclass(frozen=True)
class Part:
    """Some pages of a laid-out document, to be a PDF of their own with this title."""

    pages: range
    title: str = ""


def write_parts(document: Any, parts: Sequence[Part], *, what: str, created: datetime | None = None) -> list[bytes]:
    """A PDF for each part of a laid-out document, all from one WeasyPrint write.

    The pages of every part are written as one PDF (each font is subset once, for the glyphs
    of all parts) and cut into the parts with pikepdf. Each part keeps the shared font
    subsets, the document's language and producer, its own title, the dates (``created``,
    the build's moment, when given) and the named destinations and bookmarks that point into
    its pages; its file identifier is a hash of its content, so equal inputs give equal bytes.
    A single part is the written PDF itself, titled. WeasyPrint errors raise :class:`RenderFailed`.
    """
    wanted = [index for part in parts for index in part.pages]
    whole = document if wanted == list(range(len(document.pages))) else document.copy(
        [document.pages[i] for i in wanted])
    if len(parts) == 1 and parts[0].title:
        whole.metadata.title = parts[0].title
    if created is not None:
        whole.metadata.created = whole.metadata.modified = created.isoformat(timespec="seconds")
    with _captured(what):
        written = bytes(whole.write_pdf())
    if len(parts) == 1:
        return [written]
    import pikepdf

    with pikepdf.open(BytesIO(written)) as source:
        cut, first = [], 0
        for part in parts:
            cut.append(_cut(source, range(first, first + len(part.pages)), part.title))
            first += len(part.pages)
    return cut


def _cut(source: Any, pages: range, title: str) -> bytes:
    """Pages of the PDF ``source`` as a PDF of their own (see :func:`write_parts`)."""
    import pikepdf

    with pikepdf.new() as part:
        part.pages.extend(source.pages[i] for i in pages)
        moved = {source.pages[i].objgen: n for n, i in enumerate(pages)}
        for key, value in source.docinfo.items():
            part.docinfo[key] = value
        if title:
            part.docinfo["/Title"] = pikepdf.String(title)
        if "/Lang" in source.Root:
            part.Root.Lang = source.Root.Lang
        _move_destinations(source, part, moved)
        _move_outline(source, part, moved)
        out = BytesIO()
        part.save(out, min_version=source.pdf_version, compress_streams=True,
                  object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return out.getvalue()


def _move_destinations(source: Any, part: Any, moved: dict[tuple[int, int], int]) -> None:
    """The named destinations (HTML ids) on the part's pages, pointing at its own page objects."""
    import pikepdf

    names = source.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    kept = {}
    for name, target in pikepdf.NameTree(names.Dests).items():
        if isinstance(target, pikepdf.Array) and len(target) and target[0].objgen in moved:
            kept[name] = pikepdf.Array([part.pages[moved[target[0].objgen]].obj, *list(target)[1:]])
    if kept:
        tree = pikepdf.NameTree.new(part)
        for name, target in sorted(kept.items()):
            tree[name] = target
        part.Root.Names = pikepdf.Dictionary(Dests=tree.obj)


def _move_outline(source: Any, part: Any, moved: dict[tuple[int, int], int]) -> None:
    """The bookmarks on the part's pages (a bookmark whose parent is elsewhere moves up a level)."""
    if "/Outlines" not in source.Root:
        return
    with source.open_outline() as outline:
        items = _outline_items(outline.root, moved)
    if items:
        with part.open_outline() as outline:
            outline.root.extend(items)


def _outline_items(items: Sequence[Any], moved: dict[tuple[int, int], int]) -> list[Any]:
    import pikepdf

    kept = []
    for item in items:
        children = _outline_items(item.children, moved)
        target = item.destination
        if isinstance(target, pikepdf.Array) and len(target) >= 4 and target[0].objgen in moved:
            copy = pikepdf.OutlineItem(str(item.title), moved[target[0].objgen], pikepdf.PageLocation.XYZ,
                                       left=float(target[2]), top=float(target[3]))
            copy.is_closed = item.is_closed
            copy.children.extend(children)
            kept.append(copy)
        else:
            kept.extend(children)
    return kept


@lru_cache(maxsize=1)
def import_weasyprint() -> Any:
    """Import WeasyPrint, its native libraries found through the linker cache only.

    WeasyPrint tries several names for each library; cffi looks each name up with
    ``ctypes.util.find_library``, which for every name the linker cache does not know also
    runs the compiler and the linker (≈ 8 ms of CPU each, ≈ 0.15 s in all, before WeasyPrint
    reaches the name that loads). During the import those lookups consult the linker cache
    (``ldconfig -p``) alone; should WeasyPrint then miss a library, it is imported again
    with the usual lookups.
    """
    import ctypes.util
    import io
    import sys
    from contextlib import redirect_stdout

    usual = ctypes.util.find_library
    linker_cache = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if linker_cache is None or "weasyprint" in sys.modules:
        import weasyprint

        return weasyprint
    ctypes.util.find_library = linker_cache
    try:
        with redirect_stdout(io.StringIO()):  # WeasyPrint prints its installation help before failing
            import weasyprint
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = usual
        import weasyprint
    finally:
        ctypes.util.find_library = usual
    return weasyprint


@lru_cache(maxsize=1)
def _font_config() -> Any:
    """One WeasyPrint font configuration for every layout of the process."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@contextmanager
def _captured(what: str) -> Iterator[None]:
    """Turn what WeasyPrint logs as a warning or an error into :class:`RenderFailed`."""
    records: list[logging.LogRecord] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("weasyprint")
    handler = _Collect(level=logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if records:
        messages = "; ".join(r.getMessage() for r in records[:5])
        raise RenderFailed(_("{what}: the layout engine reported: {messages}", what=what, messages=messages), file=what,
                           hint=_("check that the Noto CJK fonts are installed; otherwise report this as a bug"))


def _local_fetcher(roots: Sequence[Path] = (TEMPLATES,)) -> Any:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Fetches ``data:`` URLs and files of the templates folders; refuses anything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or _is_template_file(url, roots):
                return super().fetch(url, headers)
            raise FatalURLFetchingError(_("refused to fetch {url}: only the templates folders may be read", url=url))

    return LocalOnlyFetcher(allowed_protocols={"file", "data"})


def _is_template_file(url: str, roots: Sequence[Path] = (TEMPLATES,)) -> bool:
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme != "file":
        return False
    path = Path(unquote(parsed.path)).resolve()
    return any(path.is_relative_to(root.resolve()) for root in roots)


@lru_cache(maxsize=1)
def ensure_body_font() -> None:
    """Fail early (exit 11) when fontconfig does not know the CJK body font."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise MissingDependency(_("fontconfig (fc-list) is not installed"), file="fc-list",
                                hint=_("install fontconfig and fonts-noto-cjk"))
    found = subprocess.run([fc_list, f":family={BODY_FONT}", "family"], capture_output=True, text=True, check=False)
    if BODY_FONT not in found.stdout:
        raise MissingDependency(_("the font {font} is not installed", font=BODY_FONT), file=BODY_FONT,
                                hint=_("install the Noto CJK fonts (Debian: apt-get install fonts-noto-cjk)"))
