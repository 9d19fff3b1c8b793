"""Volumes for e-filing portals: a bundle cut into files of at most N MB.

Court upload portals cap the size of one file. With a volume limit the plan is cut into
volumes before the index is laid out (:func:`evidence_kit.bundle.plan.assign_volumes`, from
each page's estimated size), so that the 证据目录 prints each exhibit's volume; the bundle is
assembled, stamped and read back whole (page numbers run on across volumes: "第 N 页 共 T 页"
counts the whole bundle), then copied into ``bundle-1.pdf`` … ``bundle-K.pdf``, each with its
own bookmarks and page labels, and each volume is read back: its size, its page count and
the stamps on its first and last pages. The whole file is then removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from evidence_kit import __version__
from evidence_kit.bundle.fileid import save_with_content_id
from evidence_kit.bundle.plan import BundlePlan, Volume, volume_name
from evidence_kit.bundle.stamp import STAMP_RE, StampReader
from evidence_kit.i18n import _
from evidence_kit.problems import Location, Problem, error

MIN_VOLUME_MB = 1.0
"""The smallest volume limit accepted (``--max-volume-mb``, case.yaml ``bundle.max_volume_mb``)."""
MB = 1024 * 1024
VOLUME_MARGIN = 0.94
"""Share of the limit the estimated page sizes may fill: the estimate leaves out what the writer adds."""
VOLUME_OVERHEAD = 320 * 1024
"""Bytes kept free in every volume for what its pages share (fonts of the tool's own pages, stamp font)."""
OWN_PAGE_BYTES = 40 * 1024
"""Estimated size of a page the tool lays out itself (cover, index, tables, placeholders)."""


def volume_capacity(max_volume_mb: float) -> int:
    """Estimated bytes of pages one volume may hold under a limit of ``max_volume_mb``."""
    return int(max_volume_mb * MB * VOLUME_MARGIN) - VOLUME_OVERHEAD


def volume_file(no: int) -> str:
    return f"bundle-{no}.pdf"


def page_bytes(page_list: Sequence[pikepdf.Page], pages: range) -> list[int]:
    """Estimated size of each page: the streams and objects it reaches, each counted on its first page."""
    seen: set[tuple[int, int]] = set()
    sizes = []
    for index in pages:
        size = 0
        stack: list[pikepdf.Object] = [page_list[index].obj]
        while stack:
            obj = stack.pop()
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
            if isinstance(obj, pikepdf.Stream):
                size += _length(obj) + 120
            elif obj.is_indirect:
                size += 60
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                stack += [v for k, v in obj.items() if k not in ("/Parent", "/P") and _container(v)]
            elif isinstance(obj, pikepdf.Array):
                stack += [v for v in obj if _container(v)]
        sizes.append(size)
    return sizes


def _length(stream: pikepdf.Object) -> int:
    try:
        return int(stream.get(Name.Length, 0))
    except (TypeError, ValueError):
        return len(stream.read_raw_bytes())


def _container(value: object) -> bool:
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream))


# --------------------------------------------------------------------------- writing the volumes


def write_volumes(whole: Path, plan: BundlePlan, title: str) -> list[str]:
    """Copy the saved, verified bundle into one file per volume beside it; returns their names."""
    names = []
    with pikepdf.open(whole) as source:
        pages = list(source.pages)
        numbers = {page.obj.objgen: n for n, page in enumerate(pages, start=1)}
        _point_links_across_volumes(pages, numbers, plan)
        for volume in plan.volumes:
            path = whole.with_name(volume_file(volume.no))
            _write_volume(source, pages, volume, plan, title, path)
            names.append(path.name)
    return names


def _point_links_across_volumes(pages: list[pikepdf.Page], numbers: dict[tuple[int, int], int],
                                plan: BundlePlan) -> None:
    """Index links to a page in another volume open that volume's file at that page (GoToR)."""
    for number in range(plan.index_first_page, plan.index_first_page + plan.index_pages):
        for annot in pages[number - 1].obj.get(Name.Annots, Array()):
            dest = annot.get(Name.Dest)
            target = numbers.get(dest[0].objgen) if isinstance(dest, Array) and len(dest) else None
            if target is None or plan.volume_of(target) == plan.volume_of(number):
                continue
            volume = plan.volumes[plan.volume_of(target) - 1]
            del annot[Name.Dest]
            annot.A = Dictionary(S=Name.GoToR, F=pikepdf.String(volume_file(volume.no)),
                                 D=Array([target - volume.first_page, Name.XYZ, None, None, None]), NewWindow=False)


def _write_volume(source: pikepdf.Pdf, pages: list[pikepdf.Page], volume: Volume, plan: BundlePlan, title: str,
                  path: Path) -> None:
    with pikepdf.new() as out:
        kids = []
        for number in range(volume.first_page, volume.last_page + 1):
            page = out.copy_foreign(pages[number - 1].obj)
            page.Parent = out.Root.Pages
            kids.append(page)
        out.Root.Pages.Kids = Array(kids)
        out.Root.Pages.Count = len(kids)
        if Name.OCProperties in source.Root:
            out.Root.OCProperties = out.copy_foreign(source.Root.OCProperties)
        _outline(out, volume, plan)
        labels = {m.page: m.label for m in plan.marks() if volume.first_page <= m.page <= volume.last_page}
        out.Root.PageLabels = Dictionary(Nums=Array(
            [x for page, label in sorted(labels.items()) for x in (page - volume.first_page, Dictionary(P=pikepdf.String(label)))]))
        out.Root.PageMode = Name.UseOutlines
        out.docinfo[Name.Title] = pikepdf.String(f"{title}（{volume.name}）")
        out.docinfo[Name.Creator] = pikepdf.String(f"evidence-kit {__version__}")
        # the file identifier is a hash of the content: equal inputs give equal bytes (a rebuild compares volumes
        # byte for byte)
        save_with_content_id(out, path)


def _outline(out: pikepdf.Pdf, volume: Volume, plan: BundlePlan) -> None:
    """Bookmarks of one volume: the index (volume 1), each exhibit with pages here (第N册 when it is cut)."""
    with out.open_outline() as outline:
        if volume.no == 1:
            outline.root.append(pikepdf.OutlineItem("证据目录", plan.index_first_page - 1))
        for exhibit in plan.exhibits:
            first, last = max(exhibit.first_page, volume.first_page), min(exhibit.last_page, volume.last_page)
            if first > last:
                continue
            cut = len(plan.volumes_of(exhibit)) > 1
            title = f"{exhibit.bookmark}（{volume.name}）" if cut else exhibit.bookmark
            outline.root.append(pikepdf.OutlineItem(title, first - volume.first_page))


# --------------------------------------------------------------------------- reading the volumes back


def verify_volumes(folder: Path, plan: BundlePlan, max_volume_mb: float) -> list[Problem]:
    """Each volume: within the limit, the planned pages, its first and last pages stamped with their bundle numbers."""
    problems: list[Problem] = []
    reader = StampReader()
    for volume in plan.volumes:
        name = volume_file(volume.no)
        path = folder / name
        size = path.stat().st_size
        if size > max_volume_mb * MB:
            shown, limit = format(size / MB, ".2f"), format(max_volume_mb, "g")
            problems.append(error("volume_size", _("{file} is {size} MB, over the limit of {limit} MB", file=name,
                                                   size=shown, limit=limit),
                                  Location(name), _("report this; a slightly lower --max-volume-mb leaves more margin")))
        with pikepdf.open(path) as pdf:
            expected = volume.last_page - volume.first_page + 1
            if len(pdf.pages) != expected:
                problems.append(error("page_count", _("{file} has {pages} pages, the plan {expected}", file=name,
                                                      pages=len(pdf.pages), expected=expected), Location(name)))
                continue
            for local, number in ((1, volume.first_page), (expected, volume.last_page)):
                found = STAMP_RE.match(reader.read(pdf.pages[local - 1]) or "")
                if found is None or int(found.group("page")) != number or int(found.group("total")) != plan.total_pages:
                    problems.append(error("stamp_mismatch",
                                          _("{file} page {page} is not stamped as bundle page {number} of {total}",
                                            file=name, page=local, number=number, total=plan.total_pages),
                                          Location(name, local)))
    return problems


def volume_entries(folder: Path, plan: BundlePlan) -> list[dict[str, object]]:
    """The manifest's ``volumes``: path, first_page, last_page, bytes."""
    return [{"path": volume_file(v.no), "first_page": v.first_page, "last_page": v.last_page,
             "bytes": (folder / volume_file(v.no)).stat().st_size} for v in plan.volumes]


def volume_notes(plan: BundlePlan) -> list[dict[str, object]]:
    """report.json: each volume's file, name and pages."""
    return [{"path": volume_file(v.no), "name": volume_name(v.no), "first_page": v.first_page,
             "last_page": v.last_page} for v in plan.volumes]
