"""Sphinx extension for the course book (listed in _config.yml under extra_extensions).

1. Drops the sphinx-thebe scripts when thebe is off (``launch_buttons.thebe: false``).
   Jupyter Book always loads sphinx-thebe, and it registers its inline configuration once
   per read phase, so pages declared ``const THEBE_JS_URL`` twice — a JavaScript error on
   every page. The course uses Binder, Colab, JupyterHub and JupyterLite instead.
2. Student edition (``NPCOURSE_EDITION=student``): solution blocks are removed from the page
   sources offered for download (sphinx-exercise's ``hide_solutions`` removes them from the
   pages and the search index).
3. Offline build (``NPCOURSE_OFFLINE=1``, set by ``make book OFFLINE=1``): every script
   the pages would fetch from a CDN is copied from ``node_modules`` (installed by ``npm ci``
   from the pinned package-lock.json) into ``_static/vendor`` and the pages point there.
4. "Try it in your browser": jupyterlite-sphinx builds a JupyterLite site into ``lite/``.
   Before it runs, the chapters and exercises are copied with an install cell and a wheel of
   this package is built (see :mod:`npcourse_book.authoring.lite`), each build variant in its own
   folders beside its HTML; those pages get a JupyterLite entry in the launch menu (next to
   Binder and Colab) and a link under their title. jupyterlite-sphinx's web-font stylesheet
   (for its own directives, which the book does not use) is dropped: it is a request to a
   font CDN on every page.
5. Glossary links: each chapter links every glossary term at its first use
   (rules in :mod:`npcourse_book.termlinks`).
6. Repository: the repository icon and the Binder/Colab/JupyterHub buttons point at the
   repository set with ``make book REPOSITORY=...`` (``NPCOURSE_REPOSITORY``); with none set
   they are left out (see :mod:`npcourse_book.repository`).
7. Reading order: "Next" at the end of a chapter leads to its practice page (exercises/NN-…),
   and the practice page leads back to its chapter and on to the next chapter, instead of the
   table of contents' order (all chapters, then all practice pages). Search ranks solution
   pages below everything else (``search_scorer.js``); the student edition has none.
8. MathJax only where the text has maths, and never before the page is parsed (issue 17):
   Jupyter Book puts MathJax (about 2 MB) and its configuration on every page. They are taken
   out of every page; a page with maths instead carries a ``<meta name="np-mathjax">`` with the
   script's address and configuration, and course.js loads MathJax after DOMContentLoaded.
   That also ends jupyterquiz's race with MathJax (it read ``MathJax.version`` from the bare
   configuration object on slow connections, see course.js ``mathJaxLoader``).
9. Lighter pages on phones (issue 17): the head's script files are deferred, the theme's Font
   Awesome script is dropped (its CSS draws the icons from web fonts), the glossary's A-Z bar
   is written at build time (charts: see npcourse.ui.charts.static_html and course.js).
10. Less before the first paint (issue 17, :mod:`npcourse_book.pageassets`): one stylesheet,
   trimmed to the rules the book can use, instead of eleven; jupyterquiz's library and each
   page's questions are files of their own (cached, out of the page's HTML).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from html import escape as html_escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from npcourse.facts import data
from npcourse_book import pageassets, repository, termlinks

logger = logging.getLogger(__name__)

OFFLINE_ENV = "NPCOURSE_OFFLINE"
LITE_DIR = "lite"  # where jupyterlite-sphinx writes the JupyterLite site inside the HTML
# Notebooks offered in JupyterLite: chapters (book/NN-slug) and exercises. Solutions are not
# (they have Binder and Colab), so no edition can ship them inside the lite site.
LITE_DOCS = re.compile(r"^(book/\d\d-[\w-]+|exercises/[\w-]+)$")
TRY_TEXT = "Try it in your browser"
EDITION_ENV = "NPCOURSE_EDITION"
# A MyST solution block: ```{solution} ... ``` (also with ::: fences).
SOLUTION_BLOCK = re.compile(r"^(```+|:::+)\{solution\}.*?^\1[ \t]*$\n?", re.M | re.S)

# (source under node_modules, target under _static/vendor, files to skip)
VENDOR_TREES = [
    ("vega/build/vega.min.js", "vega.min.js"),
    ("vega-lite/build/vega-lite.min.js", "vega-lite.min.js"),
    ("vega-embed/build/vega-embed.min.js", "vega-embed.min.js"),
    ("requirejs/require.js", "require.js"),
    ("@jupyter-widgets/html-manager/dist", "@jupyter-widgets/html-manager/dist"),
    ("mathjax/es5", "mathjax"),
]
SKIP = re.compile(r"\.map$|/sre/|/output/chtml")

# CDN URLs that appear in executed notebook outputs (Altair's HTML renderer and
# jupyterquiz), mapped to their vendored copies. A CDN URL not listed here fails the build.
ALTAIR_URL = re.compile(r"https://cdn\.jsdelivr\.net/npm/(vega-lite|vega-embed|vega-lib|vega)(?:@[\w.]+)?\?noext")
ALTAIR_TARGET = {"vega": "vega.min.js", "vega-lib": "vega.min.js",
                 "vega-lite": "vega-lite.min.js", "vega-embed": "vega-embed.min.js"}
MATHJAX_URL = re.compile(r"https://cdn\.jsdelivr\.net/npm/mathjax@3/es5/([\w-]+\.js)")
CDN_HOSTS = re.compile(r"https?://(cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|"
                       r"fonts\.googleapis\.com|fonts\.gstatic\.com)/[^\s\"'<>)]*")


# The widget manager bundle defines three named require.js modules and finds its icon fonts
# at "<folder of its module>/html-manager/dist/". By default that folder is beside the page
# (404s); this require.js configuration, set before require.js loads, places the modules
# in _static/vendor/@jupyter-widgets/ where the vendored dist folder really is.
WIDGET_CONFIG = (
    "(function () { var root = new URL(document.documentElement.dataset.content_root + "
    "'_static/vendor/@jupyter-widgets/', document.baseURI).href; "
    "window.require = {paths: {'@jupyter-widgets/base': root + 'base', "
    "'@jupyter-widgets/controls': root + 'controls', "
    "'@jupyter-widgets/html-manager': root + 'html-manager'}}; })();"
)
WIDGET_DIST = "@jupyter-widgets/html-manager/dist"


def offline() -> bool:
    return os.environ.get(OFFLINE_ENV) == "1"


def student_edition() -> bool:
    return os.environ.get(EDITION_ENV) == "student"


def strip_solutions(text: str) -> str:
    """Remove every {solution} block from MyST Markdown."""
    return SOLUTION_BLOCK.sub("", text)


def strip_solutions_from_sources(outdir: Path) -> None:
    """The page sources offered for download must not carry solutions either."""
    for src in (outdir / "_sources").rglob("*"):
        if src.suffix == ".ipynb":
            nb = json.loads(src.read_text(encoding="utf-8"))
            for cell in nb.get("cells", []):
                if cell.get("cell_type") == "markdown":
                    text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                    cell["source"] = strip_solutions(text)
            src.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
        elif src.suffix in (".md", ".txt"):
            src.write_text(strip_solutions(src.read_text(encoding="utf-8")), encoding="utf-8")


def drop_external_css(app: Sphinx, pagename, templatename, context, doctree) -> None:
    context["css_files"] = [c for c in context.get("css_files", []) if "fonts.googleapis.com" not in str(c)]


def drop_thebe(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if (app.config.html_theme_options.get("launch_buttons") or {}).get("thebe"):
        return
    scripts = context.get("script_files", [])
    context["script_files"] = [
        s for s in scripts
        if "sphinx-thebe" not in str(s) and "THEBE_JS_URL" not in getattr(s, "attributes", {}).get("body", "")
    ]
    context["css_files"] = [c for c in context.get("css_files", []) if "sphinx-thebe" not in str(c)]


def use_local_assets(app: Sphinx, config) -> None:
    """Point the widget manager, require.js and MathJax at the vendored copies."""
    config.nb_ipywidgets_js = {"vendor/require.js": {}, f"vendor/{WIDGET_DIST}/embed-amd.js": {}}
    config.mathjax_path = "vendor/mathjax/tex-svg.js"


def copy_vendor(app: Sphinx) -> None:
    modules = Path(app.confdir) / "node_modules"
    target = Path(app.outdir) / "_static" / "vendor"
    for source, dest in VENDOR_TREES:
        src = modules / source
        if not src.exists():
            raise ExtensionError(f"offline build: {src} is missing; run `npm ci` "
                                 "(make book OFFLINE=1 does this)")
        out = target / dest
        if src.is_dir():
            for f in src.rglob("*"):
                rel = f.relative_to(src).as_posix()
                if f.is_file() and not SKIP.search("/" + rel):
                    (out / rel).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(f, out / rel)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, out)


def rewrite_page(text: str, prefix: str) -> str:
    """Replace the known CDN URLs in one page by paths under ``prefix``_static/vendor/."""
    text = ALTAIR_URL.sub(lambda m: f"{prefix}_static/vendor/{ALTAIR_TARGET[m.group(1)]}?noext", text)
    return MATHJAX_URL.sub(lambda m: f"{prefix}_static/vendor/mathjax/{m.group(1)}", text)


# docutils marks citation lists role="list" and entries role="doc-biblioentry" (deprecated);
# the back-links inside break the list role (axe: aria-required-children). Plain markup is
# announced correctly without them.
ARIA_FIXES = [
    (re.compile(r'(<div )role="list" (class="citation-list")'), r"\1\2"),
    (re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"'), r"\1"),
]


# pydata-sphinx-theme loads Sphinx's search tools and the whole search index (about 330 KB,
# render-blocking, in <head>) on every page, for its search-as-you-type box; the course's search
# box opens search.html instead (search_as_you_type is off), so only search.html needs them.
SEARCH_ASSETS = re.compile(r'[ \t]*<script src="(?:\.\./)*(?:_static/searchtools\.js|_static/language_data\.js|'
                           r'searchindex\.js)"></script>\n?')


def drop_search_assets(text: str) -> str:
    return SEARCH_ASSETS.sub("", text)


# search.html: the theme's template writes searchtools.js, language_data.js and the 440 KB
# searchindex.js as plain <script src> in <head>, after the page's other script files, so the
# page painted nothing until all of them had arrived and run (Lighthouse 88, issue 17). All of
# them get ``defer`` (``defer_scripts`` leaves this page's list alone so the two sets change
# together): they keep their order and still run before DOMContentLoaded, which is what
# searchtools.js waits for (``_ready(Search.init)``) before it reads the query.
HEAD_SCRIPT = re.compile(r'<script (?![^>]*\b(?:defer|async)\b)([^>]*\bsrc="[^"]+"[^>]*)></script>')


def defer_search_page(text: str) -> str:
    head = pageassets.HEAD.search(text)
    if not head:
        return text
    deferred = HEAD_SCRIPT.sub(r"<script defer \1></script>", head.group(0))
    return text[:head.start()] + deferred + text[head.end():]


# pydata-sphinx-theme's Font Awesome script (1.4 MB, evaluated on every page) only redraws the
# theme's icons as inline SVG; the theme's stylesheet already draws the same icons from Font
# Awesome's web fonts (served from _static/vendor/fontawesome), so the pages keep their icons
# without it (issue 17).
FONTAWESOME_JS = re.compile(r'[ \t]*<script defer src="(?:\.\./)*_static/scripts/fontawesome\.js[^"]*"></script>\n?')


def drop_fontawesome_js(text: str) -> str:
    return FONTAWESOME_JS.sub("", text)


# The theme preloads its two script files at high priority in <head>, although they run deferred
# from the end of <body>: on a slow link they share the bandwidth with the stylesheet the first
# paint waits for (issue 17). Without the hint they are still fetched as soon as the parser
# meets their <script defer> tags.
THEME_PRELOAD = re.compile(r'[ \t]*<link rel="preload" as="script" href="[^"]*_static/scripts/'
                           r'(?:bootstrap|pydata-sphinx-theme)\.js[^"]*" />\n?')


def drop_theme_preloads(text: str) -> str:
    return THEME_PRELOAD.sub("", text)


# The glossary's A-Z bar and filter, written into the page at build time (course.js wires the
# filter): inserted by the script after first paint, it pushed the whole list down (layout
# shift 0.15 on a phone).
GLOSSARY_LIST = re.compile(r'<dl class="[^"]*\bglossary\b[^"]*">')
GLOSSARY_TERM = re.compile(r'<dt id="([^"]+)">(.*?)<a class="headerlink"', re.S)


def glossary_tools(text: str) -> str:
    """The glossary page with its A-Z bar and filter box before the term list."""
    found = GLOSSARY_LIST.search(text)
    if not found or "np-glossary-tools" in text:
        return text
    first_of: dict[str, str] = {}
    for term_id, term in GLOSSARY_TERM.findall(text[found.start():]):
        initial = re.sub(r"<[^>]+>", "", term).strip()[:1].upper()
        first_of.setdefault(initial if "A" <= initial <= "Z" else "#", term_id)
    items = []
    for letter in "#ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if letter in first_of:
            name = "Terms starting with a symbol or number" if letter == "#" else f"Terms starting with {letter}"
            items.append(f'<li><a href="#{first_of[letter]}" aria-label="{name}">{letter}</a></li>')
        elif letter != "#":
            items.append(f'<li><span aria-hidden="true">{letter}</span></li>')
    tools = ('<div class="np-glossary-tools"><nav aria-label="Glossary letters"><ul class="np-az">'
             f'{"".join(items)}</ul></nav><label>Filter terms <input type="search" class="np-glossary-filter" '
             'placeholder="e.g. allodynia, NNT, sensitisation"></label>'
             '<span class="np-glossary-count" aria-live="polite"></span></div>')
    return text[:found.start()] + tools + text[found.start():]


def fix_markup(text: str) -> str:
    for pattern, repl in ARIA_FIXES:
        text = pattern.sub(repl, text)
    return text


def built_pages(outdir: Path):
    """The book's own pages (not its static files, nor the JupyterLite app)."""
    for page in outdir.rglob("*.html"):
        parts = page.relative_to(outdir).parts
        if "_static" not in parts and parts[0] != LITE_DIR:
            yield page


# The course's extension of jupyterquiz (npcourse/ui/assets/quiz.js: second tries, progress
# kept in the browser) is loaded on every page, so the chapter list and the landing page can
# show the progress too, not only the pages with quizzes.
QUIZ_JS = "npcourse-quiz.js"


def write_quiz_js(outdir: Path) -> None:
    """Write the quiz extension that every page loads as ``_static/npcourse-quiz.js``."""
    from npcourse.ui import quiz

    (outdir / "_static").mkdir(parents=True, exist_ok=True)
    (outdir / "_static" / QUIZ_JS).write_text(quiz.extension_js(), encoding="utf-8")


def quiz_js_first(app: Sphinx) -> None:
    """Written before the pages, so that Sphinx gives their link a ``?v=`` checksum (a reader's
    browser then fetches a changed extension instead of its cached copy)."""
    if app.builder.format == "html":
        write_quiz_js(Path(app.outdir))


def finish_pages(app: Sphinx, exception) -> None:
    """Accessibility fixes on every page, then (offline build) the vendoring."""
    if exception is not None:
        return
    from npcourse.ui import quiz

    outdir = Path(app.outdir)  # the quiz extension is already there (quiz_js_first)
    if offline():
        copy_vendor(app)
    if student_edition():
        strip_solutions_from_sources(outdir)
    quizzes = pageassets.Quizzes(outdir, quiz.extension_js())
    pages = {}
    for page in built_pages(outdir):
        text = page.read_text(encoding="utf-8")
        new = glossary_tools(drop_theme_preloads(drop_fontawesome_js(fix_markup(text))))
        if page.relative_to(outdir).as_posix() == "search.html":
            new = defer_search_page(new)
        elif not search_as_you_type(app):
            new = drop_search_assets(new)
        if offline():
            new = rewrite_page(new, "../" * (len(page.relative_to(outdir).parts) - 1))
            check_no_cdn(page.relative_to(outdir), new)
        pages[page] = (text, quizzes.apply(page, new))  # quiz data out of the page (issue 17)
    # One trimmed stylesheet instead of eleven (issue 17): the trim needs every page's classes.
    styles = pageassets.Styles(outdir, {page: new for page, (_, new) in pages.items()})
    for page, (text, new) in pages.items():
        new = styles.apply(page, new)
        if new != text:
            page.write_text(new, encoding="utf-8")
    styles.finish()


def search_as_you_type(app: Sphinx) -> bool:
    return bool(app.config.html_theme_options.get("search_as_you_type"))


def check_no_cdn(name, text: str) -> None:
    """Warn (an error under -W) about any CDN URL the offline rewrite did not cover."""
    for m in CDN_HOSTS.finditer(text):
        # Thebe's URL only loads when a thebe button is pressed; thebe is off.
        if "thebe" not in m.group(0):
            logger.warning(f"offline build: {name} still refers to {m.group(0)}")


# --- JupyterLite ------------------------------------------------------------------------

def lite_folders(app: Sphinx) -> tuple[Path, Path]:
    """(lite-dir, lite-content) beside this build's HTML, so variants never share them."""
    build = Path(app.outdir).parent
    return build / "lite-dir", build / "lite-content"


def configure_lite(app: Sphinx, config) -> None:
    """Point jupyterlite-sphinx at this build's folders (runs before its own config-inited)."""
    lite_dir, content = lite_folders(app)
    config.jupyterlite_dir = str(lite_dir)
    config.jupyterlite_content_dir = str(content)


def lite_docnames(app: Sphinx) -> list[str]:
    return sorted(d for d in app.env.found_docs if LITE_DOCS.match(d))


def lite_url(pagename: str, docname: str) -> str:
    """Relative URL from page ``pagename`` to ``docname`` opened in JupyterLab (lite)."""
    return "../" * pagename.count("/") + f"{LITE_DIR}/lab/index.html?path={docname}.ipynb"


def prepare_lite(app: Sphinx, exception) -> None:
    """Notebook copies, wheel and configuration for the ``jupyter lite build`` that follows."""
    if exception is not None or app.builder.format != "html":
        return
    from npcourse_book.authoring import lite

    lite_dir, content = lite_folders(app)
    docs = lite_docnames(app)
    wheel = lite.prepare(Path(app.srcdir), docs, lite_dir, content,
                         strip_solutions if student_edition() else None)
    logger.info(f"[npcourse] JupyterLite: {len(docs)} notebooks, {wheel.name}")


def add_lite_links(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """A launch-menu entry and a link under the title on every page offered in JupyterLite."""
    if not LITE_DOCS.match(pagename) or "body" not in context:
        return
    url = lite_url(pagename, pagename)
    entry = {"type": "link", "text": "JupyterLite", "url": url,
             "tooltip": f"{TRY_TEXT}: Python runs in this browser, nothing to install",
             "icon": "_static/images/logo_jupyterlite.svg"}
    buttons = context.setdefault("header_buttons", [])
    group = next((g for g in buttons if g.get("label") == "launch-buttons"), None)
    if group is None:
        # No repository set: sphinx-book-theme made no launch menu; JupyterLite still has one.
        group = {"type": "group", "tooltip": "Launch interactive content", "icon": "fas fa-rocket",
                 "buttons": [], "label": "launch-buttons"}
        buttons.append(group)
    group["buttons"].insert(0, entry)
    others = repository.launchers(app.config.html_theme_options)
    elsewhere = (f" {' and '.join(others)} {'are' if len(others) > 1 else 'is'} in the "
                 '<i class="fas fa-rocket" aria-hidden="true"></i> launch menu.') if others else ""
    link = (f'<p class="np-try-lite"><a class="np-try-lite-link" href="{url}">{TRY_TEXT}</a> '
            "— JupyterLite, no installation: run the first cell, which installs the course "
            f"package (needs an internet connection the first time).{elsewhere}</p>")
    # Right under the page title, before the first paragraph.
    context["body"] = re.sub(r"(</h1>)", lambda m: m.group(1) + "\n" + link, context["body"], count=1)


# --- reading order and search ------------------------------------------------------------

CHAPTER_DOC = re.compile(r"^book/(\d\d)-[\w-]+$")
PRACTICE_DOC = re.compile(r"^exercises/(\d\d)-[\w-]+$")
SEARCH_SCORER = Path(__file__).with_name("search_scorer.js")


def practice_of(docname: str, found: set[str]) -> str | None:
    """exercises/NN-slug for chapter book/NN-slug, if the book has it."""
    if CHAPTER_DOC.match(docname):
        practice = "exercises/" + docname.removeprefix("book/")
        return practice if practice in found else None
    return None


def chapter_after(number: str, found: set[str]) -> str | None:
    """The chapter numbered one more than ``number`` (book/NN-slug), if any."""
    nxt = f"{int(number) + 1:02d}-"
    return next((d for d in sorted(found) if d.startswith("book/" + nxt)), None)


def reading_order(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Chapter → its practice → next chapter, in the Previous/Next links at the foot of a page."""
    found = set(app.env.found_docs)

    def link(docname: str, prefix: str = "") -> dict:
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        return {"link": app.builder.get_relative_uri(pagename, docname),
                "title": prefix + html_escape(title)}

    practice = practice_of(pagename, found)
    if practice:
        context["next"] = link(practice, "Practice: ")
        return
    m = PRACTICE_DOC.match(pagename)
    if m:
        chapter = "book/" + pagename.removeprefix("exercises/")
        if chapter in found:
            context["prev"] = link(chapter)
        following = chapter_after(m.group(1), found)
        if following:
            context["next"] = link(following)


def use_search_scorer(app: Sphinx, config) -> None:
    """Rank solution pages below chapters in search (the student edition has no solutions)."""
    if not config.html_search_scorer:
        config.html_search_scorer = str(SEARCH_SCORER)


# --- MathJax only where needed ------------------------------------------------------------

MATHJAX_META = "np-mathjax"


def is_mathjax(script, app: Sphinx) -> bool:
    """Sphinx's MathJax script or its inline ``window.MathJax = ...`` configuration."""
    filename = str(getattr(script, "filename", script) or "")
    body = getattr(script, "attributes", {}).get("body", "") or ""
    return (bool(filename) and (filename == app.config.mathjax_path or "mathjax" in filename.lower())
            or body.startswith("window.MathJax ="))


def page_needs_maths(app: Sphinx, pagename: str) -> bool:
    """Whether the page's own text has maths. (The math domain's ``has_equations`` also counts
    every page in the page's toctree, so the landing page loaded MathJax for the whole book.)"""
    return bool(app.env.get_domain("math").data["has_equations"].get(pagename, False))


def defer_mathjax(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Take MathJax off every page; pages with maths get a meta tag course.js loads it from."""
    scripts = context.get("script_files", [])
    if not any(is_mathjax(s, app) for s in scripts):
        return
    context["script_files"] = [s for s in scripts if not is_mathjax(s, app)]
    if not page_needs_maths(app, pagename):
        return
    src = app.config.mathjax_path
    if "://" not in src and not src.startswith("/"):
        src = "_static/" + src  # course.js resolves it against the page's content root
    config = json.dumps(app.config.mathjax3_config or {})
    context["metatags"] = context.get("metatags", "") + (
        f'\n<meta name="{MATHJAX_META}" content="{html_escape(src)}" '
        f'data-config="{html_escape(config)}">')


# --- scripts after parsing ------------------------------------------------------------------

def defer_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Every script file in <head> loads without holding up the first paint (issue 17).

    Sphinx and the extensions add about ten plain <script src> tags to <head>; on a slow phone
    each one stops the parser until it has arrived and run. ``defer`` keeps their order and runs
    them before DOMContentLoaded, which is all they wait for; the inline snippets among them
    only set variables the files read later. Nothing in the body calls into them while parsing.
    """
    from sphinx.builders.html._assets import _JavaScript

    if pagename == "search":
        return  # its template adds searchtools.js etc. undeferred; defer_search_page defers all of them
    scripts = []
    for s in context.get("script_files", []):
        attrs = dict(getattr(s, "attributes", {}) or {})
        filename = getattr(s, "filename", None)
        if (isinstance(s, _JavaScript) and filename and "body" not in attrs
                and "async" not in attrs and "defer" not in attrs):
            s = _JavaScript(filename, priority=s.priority, **attrs, defer="defer")
        scripts.append(s)
    context["script_files"] = scripts


# --- glossary links ---------------------------------------------------------------------

def link_glossary_terms(app: Sphinx, doctree) -> None:
    """Link the first use of each glossary term on a chapter page (see npcourse_book.termlinks)."""
    docname = app.env.docname
    chapter = termlinks.chapter_number(docname)
    if chapter is None:
        return
    matcher = termlinks.matcher_for(data.records("glossary", "terms"), chapter)
    result = termlinks.link_first_uses(doctree, matcher, docname)
    # The glossary data is part of every chapter's input: a new term must re-read them.
    app.env.note_dependency(str(data.data_dir() / "glossary.yml"))
    plain = f": {', '.join(result.unlinked)}" if result.unlinked else ""
    logger.info(f"glossary links: {docname}: {len(result.linked) + len(result.authored)} terms "
                f"linked at first use ({len(result.linked)} added, {len(result.authored)} authored); "
                f"{len(result.unlinked)} later authored links made plain{plain}")


# --- repository -------------------------------------------------------------------------

def apply_repository(app: Sphinx, config) -> None:
    """Repository icon and launch buttons from the one repository setting, or none at all."""
    try:
        repo = repository.from_env()
    except ValueError as err:
        raise ExtensionError(str(err)) from err
    config.html_theme_options = repository.theme_options(config.html_theme_options, repo)
    buttons = repository.launchers(config.html_theme_options)
    logger.info(f"[npcourse] repository: {repo.url + ' @ ' + repo.branch if repo else 'none set'}; "
                f"launch buttons: {', '.join(buttons) or 'JupyterLite only'}")


def lock_lite_build(app: Sphinx, exception) -> None:
    """Hold _build/.jupyterlite-build.lock through jupyterlite-sphinx's `jupyter lite build`.

    The test suite builds the default, offline and student books side by side (tests/conftest.py),
    and two JupyterLite builds at once fail (exit status 3); the rest of the builds may overlap.
    The lock is released by :func:`unlock_lite_build`, or when the build's process ends.
    """
    import fcntl

    path = Path(app.srcdir) / "_build" / ".jupyterlite-build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    app._npcourse_lite_lock = open(path, "w")  # noqa: SIM115 (held across two event handlers)
    fcntl.flock(app._npcourse_lite_lock, fcntl.LOCK_EX)


def unlock_lite_build(app: Sphinx, exception) -> None:
    lock = getattr(app, "_npcourse_lite_lock", None)
    if lock is not None:
        lock.close()  # closing the file releases the lock
        app._npcourse_lite_lock = None


def setup(app: Sphinx) -> dict:
    # Before sphinx-book-theme reads the repository options (builder-inited).
    app.connect("config-inited", apply_repository)
    app.connect("html-page-context", drop_thebe)
    app.connect("html-page-context", drop_external_css)
    # After sphinx-book-theme has built its launch menu (priority 501).
    app.connect("html-page-context", add_lite_links, priority=510)
    # Before jupyterlite-sphinx's handlers (default priority 500) of the same events.
    app.connect("config-inited", configure_lite, priority=400)
    app.connect("build-finished", prepare_lite, priority=400)
    # Around jupyterlite-sphinx's own build (priority 500): one JupyterLite build at a time.
    app.connect("build-finished", lock_lite_build, priority=450)
    app.connect("build-finished", unlock_lite_build, priority=550)
    app.connect("doctree-read", link_glossary_terms)
    app.connect("html-page-context", reading_order)
    # After sphinx.ext.mathjax has added its scripts (default priority 500).
    app.connect("html-page-context", defer_mathjax, priority=600)
    app.connect("html-page-context", defer_scripts, priority=700)
    app.connect("config-inited", use_search_scorer)
    # After the theme has rewritten pygments.css (build-finished, default priority): it goes in the bundle.
    app.connect("build-finished", finish_pages, priority=900)
    app.connect("builder-inited", quiz_js_first)
    app.add_js_file(QUIZ_JS)
    if offline():
        app.add_js_file(None, body=WIDGET_CONFIG, priority=100)
        app.connect("config-inited", use_local_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
