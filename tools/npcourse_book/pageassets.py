"""What a page loads before its first paint (issue 17), applied to the built HTML.

1. Stylesheets. Sphinx, the theme and the extensions put eleven ``<link rel="stylesheet">``
   tags in every page's ``<head>`` (about 550 KB, the theme's pydata-sphinx-theme.css alone
   397 KB, and theme.css ``@import``\\ s basic.css: a second round trip); a phone on a slow
   link shows nothing until every one has arrived. Instead each page links one bundle,
   ``_static/npcourse-styles-<hash>.css``: the same sheets joined in the same order
   (``url()``\\ s rewritten for the bundle's place, ``@import`` followed), keeping only the
   rules that can apply to this book (:class:`Sheet`): a rule goes only if every one of its
   selectors names a class or id that appears in no built page and in none of the scripts in
   ``_static`` outside ``vendor/`` (they add classes such as ``show`` or ``np-preview`` as a
   reader uses the page).
   At-rules (``@font-face``, ``@keyframes``) and selectors of elements or attributes stay. The
   bundle stays render-blocking, so the first paint is the finished page (no flash, no layout
   shift), and it is cached across pages. Small sheets are kept whole.

2. Quiz data. jupyterquiz puts each quiz's questions and, with a page's first quiz, its whole
   script library (about 37 KB) inline in the page, and npcourse.ui.quiz adds the course's
   extension (about 14 KB, which every page also loads as ``_static/npcourse-quiz.js``). The
   library becomes one shared file, ``_static/npcourse-jupyterquiz.js``, the questions of a page
   one script under ``_static/quizzes/`` (a script, so it loads from ``file://`` too); each
   quiz's place keeps a one-line script that draws it there with jupyterquiz's own
   ``show_questions``, so quizzes are drawn as the page is parsed, as before. The inline copy
   of the extension is dropped. Pages whose quiz scripts do not have jupyterquiz's known shape
   (the self-test, which combines its scripts) are left as they are.

3. Icon fonts. The theme draws its icons (menu, search, theme switch, download, launch) from
   Font Awesome's web fonts, and a page's first paint needs them: the solid font alone is
   157 KB of woff2 (with ``font-display: block``), the largest file on the way to the first
   paint. Each ``@font-face`` of the bundle that points at a large woff2 gets a subset of that
   font holding only the characters the bundle's own strings name (every ``content:`` and
   ``--pst-icon-*`` value, so every icon the stylesheet can draw: about 30), written as
   ``_static/npcourse-icons-<font>-<hash>.woff2`` (a few KB), with ``font-display: swap``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import tinycss2
from fontTools import subset as font_subset
from fontTools.ttLib import TTFont

STATIC = "_static"
BUNDLE_PREFIX = "npcourse-styles-"
QUIZ_LIBRARY = "npcourse-jupyterquiz.js"
QUIZ_DIR = "quizzes"


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


# --- stylesheets --------------------------------------------------------------------------

HEAD = re.compile(r"<head>.*?</head>", re.S)
LINK = re.compile(r"[ \t]*<link\b[^>]*>\n?")
HREF = re.compile(r'\bhref="([^"]+)"')
CSS_URL = re.compile(r"""url\(\s*(["']?)(?![a-zA-Z][\w+.-]*:|/|#)([^"')]+?)\1\s*\)""")
IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)["']?\s*\)?\s*;""")
KEEP_WHOLE = 20_000  # bytes: smaller sheets (the course's own among them) are not filtered
NAME = re.compile(r"[A-Za-z_][\w-]*")


def is_stylesheet(tag: str) -> bool:
    return bool(re.search(r'\brel="stylesheet"', tag)) and "media=" not in tag


def local_path(href: str, page: Path, outdir: Path) -> Path | None:
    """The built file a page's relative ``href`` points at, or None (external, or missing)."""
    if "://" in href or href.startswith(("/", "data:")):
        return None
    path = (page.parent / href.split("?", 1)[0].split("#", 1)[0]).resolve()
    try:
        path.relative_to(outdir.resolve())
    except ValueError:
        return None
    return path if path.is_file() else None


def rebase_urls(css: str, source: Path, target_dir: Path) -> str:
    """``url()``\\ s of ``css`` (read from ``source``) rewritten to work from ``target_dir``."""
    def fix(m: re.Match) -> str:
        target = (source.parent / m.group(2)).resolve()
        return f'url("{Path(os.path.relpath(target, target_dir)).as_posix()}")'
    return CSS_URL.sub(fix, css)


def read_css(path: Path, target_dir: Path, seen: set | None = None) -> str:
    """A stylesheet's text with its ``@import``\\ s inlined and its URLs rebased to ``target_dir``."""
    seen = set() if seen is None else seen
    if path in seen:
        return ""
    seen.add(path)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'@charset\s+"[^"]*"\s*;', "", text)

    def inline(m: re.Match) -> str:
        target = (path.parent / m.group(1)).resolve()
        return read_css(target, target_dir, seen) if target.is_file() else m.group(0)
    return rebase_urls(IMPORT.sub(inline, text), path, target_dir)


def selector_names(prelude) -> list[tuple[set, set]]:
    """For each selector of a rule's prelude, the (classes, ids) it requires outside functions."""
    out, classes, ids = [], set(), set()
    tokens = list(prelude)
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.type == "literal" and tok.value == ",":
            out.append((classes, ids))
            classes, ids = set(), set()
        elif tok.type == "literal" and tok.value == "." and nxt is not None and nxt.type == "ident":
            classes.add(nxt.value)
        elif tok.type == "hash" and tok.is_identifier:
            ids.add(tok.value)
    out.append((classes, ids))
    return out


class Sheet:
    """A stylesheet's rules, each with the names its selectors require."""

    def __init__(self, css: str):
        self.rules = self._parse(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))

    def _parse(self, rules):
        out = []
        for rule in rules:
            if rule.type == "qualified-rule":
                out.append(("rule", rule.serialize(), selector_names(rule.prelude)))
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "layer",
                                                                        "container") and rule.content:
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                head = "@" + rule.at_keyword + tinycss2.serialize(rule.prelude)
                out.append(("group", head, self._parse(inner)))
            elif rule.type == "at-rule":
                out.append(("keep", rule.serialize(), None))
        return out

    def used(self, names: set) -> str:
        """The rules any of whose selectors needs only ``names`` (classes and ids alike)."""
        return "\n".join(self._select(self.rules, names))

    def _select(self, rules, names):
        for kind, text, extra in rules:
            if kind == "keep":
                yield text
            elif kind == "rule":
                if any(c <= names and i <= names for c, i in extra):
                    yield text
            else:
                inner = "\n".join(self._select(extra, names))
                if inner:
                    yield text + "{" + inner + "}"


CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
ID_ATTR = re.compile(r'\bid="([^"]*)"')


def page_names(html: str) -> set:
    names = {c for m in CLASS_ATTR.finditer(html) for c in m.group(1).split()}
    return names | {m.group(1) for m in ID_ATTR.finditer(html)}


def script_names(static: Path) -> set:
    """Every name-like word in the book's and the theme's scripts under ``static``. Not in the
    vendored libraries (``vendor/``: MathJax, Vega, the widget manager): they bring their own
    styles, and their vocabulary would keep hundreds of unrelated rules."""
    names: set = set()
    for js in static.rglob("*.js"):
        if not js.relative_to(static).as_posix().startswith("vendor/"):
            names |= set(NAME.findall(js.read_text(encoding="utf-8", errors="replace")))
    return names


FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
FONT_WOFF2 = re.compile(r"""url\(\s*["']?([^"')]+\.woff2)["']?\s*\)""")
FONT_SRC = re.compile(r"\bsrc\s*:[^;}]*")
FONT_DISPLAY = re.compile(r"\bfont-display\s*:\s*[\w-]+")
FONT_WHOLE = 20_000  # bytes: smaller fonts are left whole
ICONS_PREFIX = "npcourse-icons-"


def css_strings(css: str) -> set[str]:
    """Every character inside a string anywhere in ``css`` (escapes decoded)."""
    chars: set[str] = set()

    def walk(tokens) -> None:
        for tok in tokens or ():
            if tok.type == "string":
                chars.update(tok.value)
            for part in ("prelude", "content", "arguments"):
                inner = getattr(tok, part, None)
                if isinstance(inner, list):
                    walk(inner)
    walk(tinycss2.parse_stylesheet(css, skip_comments=True))
    return chars


# Name records that say what a font is called (family, unique id, full name, PostScript name,
# typographic family). Font Awesome Free's fonts are licensed under the SIL OFL 1.1 with the
# Reserved Font Name "Font Awesome", and a subset is a Modified Version, which may not carry a
# reserved name: the subset gets its own name. Copyright, trademark and licence records stay.
FONT_NAME_IDS = (1, 3, 4, 6, 16)


def rename_subset(font: TTFont, family: str) -> None:
    """Give ``font`` (a subset) the family name ``family`` in every record that names it."""
    if not isinstance(family, str) or not re.fullmatch(r"[A-Za-z0-9 -]+", family):
        raise ValueError(f"family must be letters, digits, spaces and hyphens, got {family!r}")
    postscript = family.replace(" ", "-")
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID in (3, 6):
            record.string = postscript


class IconFonts:
    """Large web fonts of a bundle cut down to the characters the bundle can draw with them."""

    def __init__(self, static: Path):
        self.static = static
        self.made: dict[tuple, str] = {}

    def subset_font(self, source: Path, chars: set[str]) -> str:
        """File name (in ``static``) of ``source`` subset to ``chars``."""
        font = TTFont(source)
        wanted = sorted({ord(c) for c in chars} & set(font.getBestCmap()))
        key = (source, tuple(wanted))
        if key not in self.made:
            options = font_subset.Options()
            options.flavor = "woff2"
            options.name_IDs = ["*"]  # keep the copyright and licence records
            options.notdef_outline = True
            subsetter = font_subset.Subsetter(options)
            subsetter.populate(unicodes=wanted)
            subsetter.subset(font)
            rename_subset(font, f"npcourse icons {source.stem}")
            tag = hashlib.sha256(source.read_bytes() + repr(wanted).encode()).hexdigest()[:10]
            name = f"{ICONS_PREFIX}{source.stem}-{tag}.woff2"
            font_subset.save_font(font, self.static / name, options)
            self.made[key] = name
        return self.made[key]

    def apply(self, css: str) -> str:
        """``css`` (a bundle in ``static``) with each large woff2 ``@font-face`` on a subset."""
        chars = css_strings(css)

        def face(m: re.Match) -> str:
            rule = m.group(0)
            woff2 = FONT_WOFF2.search(rule)
            source = (self.static / woff2.group(1)).resolve() if woff2 else None
            if source is None or not source.is_file() or source.stat().st_size < FONT_WHOLE:
                return rule
            name = self.subset_font(source, chars)
            rule = FONT_SRC.sub(lambda _: f'src:url("{name}") format("woff2")', rule, count=1)
            if FONT_DISPLAY.search(rule):
                return FONT_DISPLAY.sub("font-display:swap", rule, count=1)
            return rule[:-1] + ";font-display:swap}"
        return FONT_FACE.sub(face, css)

    def clean(self) -> None:
        """Remove subsets an earlier build wrote that no bundle uses now."""
        used = set(self.made.values())
        for old in self.static.glob(f"{ICONS_PREFIX}*.woff2"):
            if old.name not in used:
                old.unlink()


class Styles:
    """One render-blocking bundle per set of stylesheets, trimmed to the rules the book can use.

    A bundle is named after the sheets it joins (not their content, which the ``?v=`` carries),
    so a page an incremental build left alone still points at a bundle this build rewrote;
    ``npcourse-styles.json`` lists every bundle's sheets for that."""

    MANIFEST = "npcourse-styles.json"

    def __init__(self, outdir: Path, pages: dict[Path, str]):
        self.outdir = outdir
        self.static = outdir / STATIC
        manifest = self.static / self.MANIFEST
        self.known = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
        self.names = script_names(self.static).union(*(page_names(t) for t in pages.values()))
        self.bundles: dict[tuple, tuple[str, str]] = {}
        self.fonts = IconFonts(self.static)

    def bundle(self, sheets: tuple[str, ...]) -> tuple[str, str]:
        """(file name, content hash) of the bundle of ``sheets`` (paths in the build)."""
        if sheets not in self.bundles:
            parts = []
            for rel in sheets:
                css = read_css(self.outdir / rel, self.static)
                parts.append(css if len(css) < KEEP_WHOLE else Sheet(css).used(self.names))
            css = self.fonts.apply("\n".join(parts))
            name = f"{BUNDLE_PREFIX}{short_hash(' '.join(sheets))}.css"
            (self.static / name).write_text(css, encoding="utf-8")
            self.bundles[sheets] = (name, short_hash(css))
            self.known[name] = list(sheets)
        return self.bundles[sheets]

    def finish(self) -> None:
        """Rewrite the bundles of pages this build did not touch, and save the list."""
        for sheets in list(self.known.values()):
            if all((self.outdir / p).is_file() for p in sheets):
                self.bundle(tuple(sheets))
        self.fonts.clean()
        (self.static / self.MANIFEST).write_text(json.dumps(self.known, indent=1), encoding="utf-8")

    def apply(self, page: Path, html: str) -> str:
        head = HEAD.search(html)
        if not head:
            return html
        links = [m for m in LINK.finditer(html, head.start(), head.end()) if is_stylesheet(m.group(0))]
        if len(links) == 1 and BUNDLE_PREFIX in links[0].group(0):
            return html  # done by an earlier build (the bundle is rewritten by finish)
        hrefs = [HREF.search(m.group(0)) for m in links]
        paths = [local_path(h.group(1), page, self.outdir) if h else None for h in hrefs]
        if not links or any(p is None for p in paths):
            return html  # an external or missing sheet: leave the page as it is
        root = self.outdir.resolve()
        name, version = self.bundle(tuple(p.relative_to(root).as_posix() for p in paths))
        prefix = "../" * (len(page.relative_to(self.outdir).parts) - 1)
        tag = f'    <link rel="stylesheet" href="{prefix}{STATIC}/{name}?v={version}" />\n'
        out = html[:links[0].start()] + tag
        pos = links[0].end()
        for m in links[1:]:
            out += html[pos:m.start()]
            pos = m.end()
        return out + html[pos:]


# --- quiz data ----------------------------------------------------------------------------

QUIZ_SCRIPT = re.compile(
    r'<script type="application/javascript">var questions(?P<id>[A-Za-z]+)=(?P<data>\[.*?\]);\n\n'
    r"if \(typeof Question === 'undefined'\) \{\n(?P<lib>.*?)"
    r"/\*\n \* Handle asynchrony issues when re-running quizzes.*?\n\{\n  try_show\(\);\n\}\n\}\n</script>",
    re.S)

QUIZ_DATA = """/* This page's quiz questions (npcourse_book.pageassets): each quiz's place in the page
   calls npcourseQuiz with its box's id, and jupyterquiz's show_questions draws it there. */
(function () {
  var quizzes = %s;
  window.npcourseQuiz = function (id) {
    var box = document.getElementById(id);
    if (box && quizzes[id] && !box.querySelector(".Quiz")) { show_questions(quizzes[id], box); }
  };
})();
"""


def draw_call(qid: str) -> str:
    return f'<script>npcourseQuiz("{qid}");</script>'


class Quizzes:
    """Moves jupyterquiz's library and each page's questions out of the pages."""

    def __init__(self, outdir: Path, extension_js: str):
        self.outdir = outdir
        self.static = outdir / STATIC
        self.library: str | None = None
        self.extension = extension_js.strip()

    def apply(self, page: Path, html: str) -> str:
        found = list(QUIZ_SCRIPT.finditer(html))
        if not found:
            return html
        library = found[0]["lib"]
        if not library.strip() or any(m["lib"].strip() for m in found[1:]):
            return html  # not the shape npcourse.ui.quiz writes: library with the first quiz only
        if self.library is None:
            self.library = library
            (self.static / QUIZ_LIBRARY).write_text(
                "if (typeof Question === 'undefined') {\n" + library + "}\n", encoding="utf-8")
        elif library != self.library:
            return html
        quizzes = {m["id"]: json.loads(m["data"]) for m in found}
        if any(f'<div id="{qid}"' not in html for qid in quizzes):
            return html
        rel = page.relative_to(self.outdir).with_suffix(".js").as_posix()
        data = QUIZ_DATA % json.dumps(quizzes, ensure_ascii=False).replace("<", "\\u003c")
        target = self.static / QUIZ_DIR / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data, encoding="utf-8")
        prefix = "../" * (len(page.relative_to(self.outdir).parts) - 1)
        lib_v = short_hash(self.library)
        tags = (f'<script src="{prefix}{STATIC}/{QUIZ_LIBRARY}?v={lib_v}"></script>'
                f'<script src="{prefix}{STATIC}/{QUIZ_DIR}/{rel}?v={short_hash(data)}"></script>')
        out, pos = html[:found[0].start()] + tags + draw_call(found[0]["id"]), found[0].end()
        for m in found[1:]:
            out += html[pos:m.start()] + draw_call(m["id"])
            pos = m.end()
        out += html[pos:]
        # The inline copy of the course's extension: every page loads _static/npcourse-quiz.js.
        inline = re.compile(r'<script type="application/javascript">\s*' + re.escape(self.extension)
                            + r"\s*</script>")
        return inline.sub("", out, count=1)
