"""Course-drawn anatomical and mechanism diagrams: inline SVG that works in the static book.

Every diagram is an inline ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>`` (``aria-labelledby``), inside a ``<figure class="np-diagram">``. Labels are set in
the book's own font at 14-15 units in a viewBox at most :data:`MAX_WIDTH` units wide, so on a
390 px phone (about 340 px of column) they are drawn at 13 px or larger. Colours come from the colour-blind-safe
palette of :mod:`npcourse.ui.charts`, and nothing is told by colour alone: every highlighted
part also gets a pattern, a thicker or dashed outline and a text label.

Interactive diagrams use radio buttons and check boxes with CSS ``:has(:checked)`` rules
written into the figure, so they change in the built book without a kernel and without
JavaScript. The shared pain-pathway drawing (:func:`pathway`) is here because chapters 2, 4,
6, 7 and 10 redraw their content on it and chapters may not import each other.

The medical content of each drawing is cited in the chapter's Markdown caption.
"""

from __future__ import annotations

import html
import re

from npcourse import validate
from npcourse.ui import charts

__all__ = ['esc', 'text', 'box', 'line', 'defs', 'svg', 'Diagram', 'figure', 'choices', 'when',
           'pathway', 'highlight', 'tag', 'site_map', 'treatment_map']

MAX_WIDTH = 360
FONT_SIZE = 15
SMALL = 14
INK = "#111111"
BLUE, VERMILION, GREEN, PURPLE, OCHRE, GREY, VIOLET = charts.PALETTE
MUTED = "#595959"  # 7:1 on white
ALERT = "#B34700"  # a darker vermilion: white 14 px text on it has 5.5:1
TEXT_COLOURS = (INK, BLUE, PURPLE, GREEN, MUTED)  # on white or a TINT (tests check 4.5:1 on white)
DARK_FILLS = (ALERT, MUTED)  # the only fills behind white text
# Light fills behind 14 px text: all keep #111 text above 13:1.
TINT = {"blue": "#E3EFF8", "orange": "#FBE9DD", "green": "#E0F2EA", "purple": "#F3E6EF",
        "ochre": "#F5EFD9", "grey": "#EEEEEE", "violet": "#ECE8F5"}

_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def esc(text) -> str:
    return html.escape(str(text), quote=True)


# --- primitives ------------------------------------------------------------------------------

def text(x, y, label, *, size=FONT_SIZE, anchor="start", weight="normal", cls="", fill=INK,
         rotate=None) -> str:
    """A label; ``\\n`` in ``label`` starts a new line (1.2 em apart)."""
    lines = str(label).split("\n")
    rot = f' transform="rotate({rotate} {x} {y})"' if rotate is not None else ""
    c = f' class="{cls}"' if cls else ""
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if i == 0 else 1.2}em">{esc(line)}</tspan>' for i, line in enumerate(lines))
    return (f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{fill}"{c}{rot}>{spans}</text>')


def box(x, y, w, h, label="", *, fill="#FFFFFF", stroke=INK, width=1.5, rx=6, size=FONT_SIZE,
        dash=None, cls="", weight="normal") -> str:
    d = f' stroke-dasharray="{dash}"' if dash else ""
    c = f' class="{cls}"' if cls else ""
    out = (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="{fill}" stroke="{stroke}" '
           f'stroke-width="{width}"{d}{c}/>')
    if label:
        n = label.count("\n") + 1
        ty = y + h / 2 - (n - 1) * 0.6 * size + 0.35 * size
        out += text(x + w / 2, round(ty, 1), label, size=size, anchor="middle", weight=weight)
    return out


def line(points, *, stroke=INK, width=2, dash=None, arrow=None, cls="", fill="none") -> str:
    """A polyline through ``points``; ``arrow`` names a marker defined by :func:`defs`."""
    pts = " ".join(f"{x},{y}" for x, y in points)
    d = f' stroke-dasharray="{dash}"' if dash else ""
    m = f' marker-end="url(#{arrow})"' if arrow else ""
    c = f' class="{cls}"' if cls else ""
    return (f'<polyline points="{pts}" fill="{fill}" stroke="{stroke}" stroke-width="{width}" '
            f'stroke-linejoin="round" stroke-linecap="round"{d}{m}{c}/>')


def defs(uid: str) -> str:
    """Arrow markers and fill patterns, their ids prefixed by the diagram's id."""
    def arrow(name, colour):
        return (f'<marker id="{uid}-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" '
                f'markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
                f'<path d="M0,0 L10,5 L0,10 z" '
                f'fill="{colour}"/></marker>')

    def pattern(name, colour, body, size=8):
        return (f'<pattern id="{uid}-{name}" width="{size}" height="{size}" patternUnits="userSpaceOnUse">'
                f'<rect width="{size}" height="{size}" fill="#FFFFFF"/>{body.format(c=colour)}</pattern>')

    return ("<defs>" + arrow("ink", INK) + arrow("blue", BLUE) + arrow("red", VERMILION)
            + arrow("green", GREEN) + arrow("grey", MUTED) + arrow("purple", PURPLE)
            + pattern("hatch", VERMILION, '<path d="M0,8 L8,0" stroke="{c}" stroke-width="1.6"/>')
            + pattern("cross", MUTED, '<path d="M0,0 L8,8 M8,0 L0,8" stroke="{c}" stroke-width="1.2"/>')
            + pattern("dots", BLUE, '<circle cx="4" cy="4" r="1.7" fill="{c}"/>')
            + pattern("vlines", GREEN, '<path d="M4,0 L4,8" stroke="{c}" stroke-width="1.8"/>')
            + pattern("hlines", PURPLE, '<path d="M0,4 L8,4" stroke="{c}" stroke-width="1.8"/>')
            + "</defs>")


def svg(uid: str, title: str, desc: str, body: str, *, width: int = MAX_WIDTH, height: int) -> str:
    """The accessible SVG element: role img, named by <title>, described by <desc>."""
    if not isinstance(uid, str) or not _ID.match(uid):
        raise ValueError(f"uid must be lower-case letters, digits and hyphens; got {uid!r}")
    validate.number("width", width, minimum=100, maximum=MAX_WIDTH)
    validate.number("height", height, minimum=50)
    if not title or not desc:
        raise ValueError("title and desc must both be non-empty: they are the diagram's text alternative")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{uid}-title {uid}-desc" class="np-diagram-svg" '
            f'style="max-width:{round(width * 1.4)}px">'
            f'<title id="{uid}-title">{esc(title)}</title><desc id="{uid}-desc">{esc(desc)}</desc>'
            f'{defs(uid)}{body}</svg>')


BASE_CSS = (
    ".np-diagram{{margin:1em 0;}}"
    "#{u} .np-diagram-svg{{display:block;width:100%;height:auto;"
    "font-family:var(--pst-font-family-base,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif);}}"
    "#{u} fieldset{{border:0;margin:0 0 .5em;padding:0;display:flex;flex-wrap:wrap;gap:.35em;}}"
    "#{u} legend{{font-size:1rem;font-weight:600;margin-bottom:.3em;padding:0;}}"
    "#{u} .np-choice{{position:relative;}}"
    "#{u} .np-choice input{{position:absolute;opacity:0;width:1px;height:1px;}}"
    "#{u} .np-choice label{{display:inline-block;border:2px solid {blue};border-radius:4px;"
    "padding:.15em .55em;cursor:pointer;color:{ink};background:#fff;line-height:1.4;}}"
    "#{u} .np-choice input:checked+label{{background:{blue};color:#fff;}}"
    "#{u} .np-choice input:checked+label::before{{content:'\\2713\\00a0';}}"
    "#{u} .np-choice input:focus-visible+label{{outline:3px solid {ink};outline-offset:2px;}}"
    "#{u} .np-state{{margin:.4em 0 0;}}"
    "#{u} .np-when{{display:none;}}"
)


class Diagram:
    """An HTML figure that displays itself in Jupyter and in the built book."""

    def __init__(self, uid: str, html_text: str, title: str, desc: str, interactive: bool):
        self.uid, self.html, self.title, self.desc, self.interactive = uid, html_text, title, desc, interactive

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def figure(uid: str, svg_text: str, *, title: str, desc: str, controls: str = "", states: str = "",
           css: str = "") -> Diagram:
    """Wrap an SVG, its controls and its state text in a figure with scoped CSS."""
    style = BASE_CSS.format(u=uid, blue=BLUE, ink=INK) + css
    interactive = bool(controls)
    out = (f'<figure class="np-diagram" id="{uid}" data-interactive="{str(interactive).lower()}">'
           f"<style>{style}</style>{controls}{svg_text}")
    if states:
        out += f'<div class="np-state" aria-live="polite">{states}</div>'
    out += "</figure>"
    return Diagram(uid, out, title, desc, interactive)


def choices(uid: str, legend: str, options: list[tuple[str, str]], *, kind: str = "radio",
            checked: tuple[str, ...] = ()) -> str:
    """A fieldset of radio buttons or check boxes; option ids are ``{uid}-{key}``."""
    if kind not in ("radio", "checkbox"):
        raise ValueError(f"kind must be 'radio' or 'checkbox'; got {kind!r}")
    unknown = set(checked) - {k for k, _ in options}
    if unknown:
        raise ValueError(f"checked names unknown option(s) {sorted(unknown)}")
    items = "".join(
        f'<span class="np-choice"><input type="{kind}" name="{uid}-choice" id="{uid}-{k}" value="{k}"'
        f'{" checked" if k in checked else ""}><label for="{uid}-{k}">{esc(lab)}</label></span>'
        for k, lab in options)
    return f"<fieldset><legend>{esc(legend)}</legend>{items}</fieldset>"


def when(uid: str, key: str, selector: str, display: str = "inline") -> str:
    """CSS that shows ``selector`` inside the figure while option ``key`` is checked."""
    return f"#{uid}:has(#{uid}-{key}:checked) {selector}{{display:{display};}}"


# --- the shared pain-pathway drawing ---------------------------------------------------------

PATHWAY_HEIGHT = 640
# Where each site of action sits on the pathway drawing: (x, y, w, h) of its highlight.
SITE_AREAS = {
    "brain": (8, 14, 344, 152),
    "descending-pathways": (4, 178, 252, 192),
    "dorsal-horn": (146, 372, 192, 98),
    "dorsal-root-ganglion": (64, 396, 82, 48),
    "peripheral-axon": (30, 470, 140, 70),
    "peripheral-nerve-ending": (4, 576, 204, 58),
    "neuromuscular": (208, 576, 148, 58),
}
SITE_NAMES = {
    "brain": "brain (thalamus and cortex)",
    "descending-pathways": "descending pathways (brainstem to dorsal horn)",
    "dorsal-horn": "dorsal horn of the spinal cord",
    "dorsal-root-ganglion": "dorsal root ganglion",
    "peripheral-axon": "nerve trunk (axons)",
    "peripheral-nerve-ending": "nerve endings in the skin",
    "neuromuscular": "neuromuscular junction",
}


def pathway(uid: str, *, descending: bool = True) -> str:
    """The pain pathway from skin to cortex (viewBox 360 × :data:`PATHWAY_HEIGHT`), as SVG body.

    Ascending: free nerve endings → Aβ/Aδ/C fibres → dorsal root ganglion → dorsal horn laminae
    I, II and V → crossing → spinothalamic tract → thalamus → S1/S2, insula, anterior cingulate.
    Descending (purple, downward): PAG → RVM (serotonin) and locus coeruleus (noradrenaline)
    → dorsal horn.
    """
    b = []
    # brain
    b.append('<path d="M20,150 C4,90 40,22 180,20 C320,22 356,90 340,150 Z" fill="none" '
             f'stroke="{INK}" stroke-width="1.5"/>')
    b.append(text(180, 42, "Brain", anchor="middle", weight="bold"))
    b.append(box(26, 52, 98, 44, "S1 and S2\ncortex", fill=TINT["blue"], size=SMALL))
    b.append(box(131, 52, 98, 44, "Insula", fill=TINT["blue"], size=SMALL))
    b.append(box(236, 52, 98, 44, "Anterior\ncingulate", fill=TINT["blue"], size=SMALL))
    b.append(box(128, 112, 104, 30, "Thalamus", fill=TINT["blue"]))
    for x in (76, 180, 284):
        b.append(line([(180, 112), (x, 99)], stroke=BLUE, width=2, arrow=f"{uid}-blue"))
    # brainstem
    b.append(box(148, 176, 64, 190, "", fill="none", stroke=MUTED, width=1, rx=10))
    b.append(text(142, 192, "Brainstem", size=SMALL, anchor="end", fill=MUTED))
    b.append(box(134, 204, 92, 30, "PAG", fill=TINT["purple"], weight="bold"))
    b.append(box(134, 292, 92, 30, "RVM", fill=TINT["purple"], weight="bold"))
    b.append(box(10, 244, 112, 40, "Locus\ncoeruleus", fill=TINT["purple"], size=SMALL))
    if descending:
        b.append(line([(180, 234), (180, 290)], stroke=PURPLE, width=3, arrow=f"{uid}-purple"))
        b.append(line([(192, 322), (192, 384)], stroke=PURPLE, width=3, arrow=f"{uid}-purple"))
        b.append(text(198, 352, "5-HT", size=SMALL, fill=PURPLE, weight="bold"))
        b.append(line([(66, 284), (66, 350), (166, 350), (166, 384)], stroke=PURPLE, width=3,
                      dash="7 4", arrow=f"{uid}-purple"))
        b.append(text(72, 343, "NA", size=SMALL, fill=PURPLE, weight="bold"))
        b.append(line([(170, 234), (124, 256)], stroke=PURPLE, width=2, arrow=f"{uid}-purple"))
    # spinal cord and dorsal horn
    b.append('<ellipse cx="236" cy="436" rx="116" ry="58" fill="none" '
             f'stroke="{INK}" stroke-width="1.5"/>')
    b.append(text(236, 488, "Spinal cord", size=SMALL, anchor="middle", fill=MUTED))
    b.append(box(154, 388, 176, 74, "", fill="none", stroke=INK, rx=4))
    b.append(box(154, 388, 176, 20, "", fill=TINT["orange"], stroke=INK, width=1, rx=0))
    b.append(box(154, 408, 176, 22, "", fill=TINT["ochre"], stroke=INK, width=1, rx=0))
    b.append(text(160, 403, "Lamina I", size=SMALL))
    b.append(text(326, 403, "Dorsal horn", size=SMALL, anchor="end", weight="bold"))
    b.append(text(160, 424, "II (gelatinosa)", size=SMALL))
    b.append(text(160, 452, "V (WDR)", size=SMALL))
    # ascending: spinothalamic tract (crosses the midline, runs up the far side)
    b.append(line([(276, 398), (300, 470), (338, 470), (338, 150), (234, 130)], stroke=BLUE, width=3,
                  arrow=f"{uid}-blue"))
    b.append(text(328, 300, "Spinothalamic tract", size=SMALL, anchor="middle", fill=BLUE,
                  weight="bold", rotate=-90))
    # dorsal root ganglion and the three fibres
    b.append('<ellipse cx="104" cy="420" rx="34" ry="18" fill="' + TINT["ochre"] + f'" stroke="{INK}" '
             'stroke-width="1.5"/>')
    b.append(text(104, 425, "DRG", anchor="middle", weight="bold"))
    b.append(text(8, 400, "Dorsal root\nganglion", size=SMALL))
    fibres = (("Aβ", 5, None, 40), ("Aδ", 3, "8 4", 96), ("C", 2, "2 4", 152))
    for label, w, dash, x in fibres:
        b.append(line([(x, 582), (x, 540), (104, 438)], stroke=INK, width=w, dash=dash))
        b.append(text(x + 6, 572, label, size=SMALL, weight="bold"))
    b.append(line([(138, 420), (154, 416)], stroke=INK, width=3))
    b.append(text(8, 500, "Nerve", size=SMALL))
    # skin and muscle
    b.append(box(8, 582, 196, 46, "", fill=TINT["orange"], stroke=INK, rx=4))
    b.append(text(106, 620, "Skin: free nerve endings", size=SMALL, anchor="middle"))
    for x in (40, 96, 152):
        b.append(line([(x, 582), (x - 8, 598)], stroke=INK, width=1.5))
        b.append(line([(x, 582), (x + 8, 598)], stroke=INK, width=1.5))
    b.append(box(212, 582, 140, 46, "Muscle: neuro-\nmuscular junction", fill=TINT["grey"], size=SMALL))
    return "".join(b)


PATHWAY_DESC = (
    "A vertical drawing of the pain pathway. At the bottom, free nerve endings in the skin give rise "
    "to three fibre classes, thick A-beta, thinly myelinated A-delta and thin unmyelinated C fibres, "
    "which run in the nerve to their cell bodies in the dorsal root ganglion and enter the dorsal horn "
    "of the spinal cord (laminae I, II and V). Projection neurons cross the midline and ascend in the "
    "spinothalamic tract to the thalamus, which relays to the somatosensory cortex (S1 and S2), the "
    "insula and the anterior cingulate cortex. Descending arrows run from the periaqueductal grey (PAG) "
    "to the rostral ventromedial medulla (RVM), whose serotonin (5-HT) fibres, and the noradrenaline "
    "(NA) fibres of the locus coeruleus, end in the dorsal horn.")


def highlight(uid: str, slug: str, cls: str, *, contrast: bool = False) -> str:
    """A hidden overlay over a site of :data:`SITE_AREAS`, shown by the figure's CSS."""
    if slug not in SITE_AREAS:
        raise ValueError(f"slug must be one of {sorted(SITE_AREAS)}; got {slug!r}")
    x, y, w, h = SITE_AREAS[slug]
    if contrast:
        return (f'<g class="np-when {cls}"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" '
                f'fill="url(#{uid}-cross)" stroke="{MUTED}" stroke-width="3" '
                f'stroke-dasharray="8 5"/></g>')
    return (f'<g class="np-when {cls}"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" '
            f'fill="url(#{uid}-hatch)" stroke="{VERMILION}" stroke-width="4"/></g>')


def tag(x, y, label, *, cls: str, fill=ALERT, dark=True) -> str:
    """A hidden label box with white text on a dark fill (contrast above 4.5:1)."""
    w = 10 + len(label) * 8
    return (f'<g class="np-when {cls}"><rect x="{x}" y="{y}" width="{w:.0f}" height="22" rx="4" '
            f'fill="{fill}"/>' + text(x + 4, y + 16, label, size=SMALL, fill="#FFFFFF" if dark else INK,
                                      weight="bold") + "</g>")


def site_map(uid: str, *, title: str, desc: str, legend: str, items: list[dict],
             checked: str) -> Diagram:
    """The pathway with one overlay set per item; choosing an item shows where it acts.

    Each item: ``key``, ``label`` (the button), ``sites`` (slugs of :data:`SITE_AREAS`),
    ``note`` (the sentence shown when chosen) and optionally ``contrast=True`` for treatments
    with no evidence of benefit here, drawn dashed grey with a cross pattern and a warning tag.
    """
    keys = [it["key"] for it in items]
    if checked not in keys:
        raise ValueError(f"checked must be one of {keys}; got {checked!r}")
    under, over = "", ""
    css = []
    states = []
    for it in items:
        cls = f"np-on-{it['key']}"
        contrast = bool(it.get("contrast"))
        for slug in it["sites"]:
            under += highlight(uid, slug, cls, contrast=contrast)
        if contrast:
            over += tag(146, 152, "✕ no evidence of benefit", cls=cls, fill=MUTED)
        else:
            over += tag(176, 152, "✓ hatched: acts here", cls=cls)
        css.append(when(uid, it["key"], f".{cls}"))
        css.append(when(uid, it["key"], f".np-state-{it['key']}", "block"))
        where = "; ".join(SITE_NAMES[s] for s in it["sites"])
        prefix = "No evidence of benefit in neuropathic pain. " if contrast else ""
        states.append(f'<p class="np-when np-state-{it["key"]}"><strong>{esc(it["label"])}</strong>: '
                      f'{esc(prefix)}Acts at: {esc(where)}. {esc(it["note"])}</p>')
    body = under + pathway(uid) + over
    controls = choices(uid, legend, [(it["key"], it["label"]) for it in items], checked=(checked,))
    return figure(uid, svg(uid, title, desc, body, height=PATHWAY_HEIGHT), title=title, desc=desc,
                  controls=controls, states="".join(states), css="".join(css))


# --- non-drug treatments on the pathway (chapters 6 and 7) --------------------------------------

# Where each treatment is thought to act; `note` is what the chapters' sources say. The
# chapter captions cite them (TENS: Melzack & Wall 1965, Liebano 2011; SCS: Meyerson & Linderoth
# 2006; DRG stimulation: Deer 2017; nerve blocks: Hogan & Abram 1997; graded motor imagery:
# Bowering 2013; exercise: Kami 2017, Kluding 2012).
TREATMENTS = [
    {"key": "tens", "label": "TENS", "sites": ["peripheral-nerve-ending", "dorsal-horn", "descending-pathways"],
     "note": ("Skin electrodes excite large (Aβ) fibres, which in the gate-control account inhibit "
              "nociceptive transmission in the dorsal horn; animal studies add release of endogenous "
              "opioids in the spinal cord and the RVM.")},
    {"key": "scs", "label": "Spinal cord stimulation", "sites": ["dorsal-horn"],
     "note": ("Epidural leads over the back of the spinal cord; gate control inspired it, but animal "
              "work points to further spinal mechanisms (GABA, adenosine) and possibly a loop through "
              "the brain.")},
    {"key": "drg", "label": "DRG stimulation", "sites": ["dorsal-root-ganglion"],
     "note": ("A lead beside the ganglion that holds the cell bodies of one segment's sensory "
              "neurons, to focus stimulation on a small area.")},
    {"key": "block", "label": "Nerve block", "sites": ["peripheral-axon"],
     "note": ("Local anaesthetic injected next to a nerve, root or sympathetic chain blocks "
              "conduction for hours; as a test it can mislead without control blocks.")},
    {"key": "gmi", "label": "Graded motor imagery", "sites": ["brain"],
     "note": ("Left/right judgement, imagined movement and mirror therapy train the brain's "
              "representation of the painful limb (evidence mostly from CRPS and phantom limb pain).")},
    {"key": "exercise", "label": "Exercise", "sites": ["peripheral-axon", "dorsal-root-ganglion", "dorsal-horn"],
     "note": ("In animal models exercise changes cytokines, neurotrophins, transmitters and "
              "endogenous opioids in injured nerves, ganglia and dorsal horn; in people the evidence "
              "for pain relief is of very low certainty.")},
]


def treatment_map(uid: str, *, checked: str = "tens") -> Diagram:
    """Where TENS, SCS, DRG stimulation, nerve blocks, graded motor imagery and exercise act."""
    title = "Where non-drug treatments act on the pain pathway"
    desc = (PATHWAY_DESC + " Buttons above the drawing choose a treatment; the places where it is "
            "thought to act are outlined and hatched, and a sentence below says how. TENS: skin, dorsal "
            "horn and descending opioid systems. Spinal cord stimulation: the dorsal spinal cord. Dorsal "
            "root ganglion stimulation: the ganglion. Nerve block: the nerve. Graded motor imagery: the "
            "brain. Exercise: nerve, ganglion and dorsal horn in animal studies.")
    return site_map(uid, title=title, desc=desc, legend="Choose a treatment", items=TREATMENTS,
                    checked=checked)
