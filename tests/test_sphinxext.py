"""The course's Sphinx extension: offline URL rewriting and ARIA fixes (unit level)."""

from npcourse_book import sphinxext


def test_altair_cdn_urls_point_at_vendored_copies():
    page = ('"vega": "https://cdn.jsdelivr.net/npm/vega@6?noext", '
            '"vega-lite": "https://cdn.jsdelivr.net/npm/vega-lite@6.4.1?noext", '
            '"vega-embed": "https://cdn.jsdelivr.net/npm/vega-embed@7?noext", '
            '"vega-lib": "https://cdn.jsdelivr.net/npm/vega-lib?noext"')
    out = sphinxext.rewrite_page(page, "../")
    assert "cdn.jsdelivr" not in out
    assert '"vega": "../_static/vendor/vega.min.js?noext"' in out
    assert '"vega-lite": "../_static/vendor/vega-lite.min.js?noext"' in out
    assert '"vega-embed": "../_static/vendor/vega-embed.min.js?noext"' in out


def test_mathjax_fallback_url_is_rewritten():
    out = sphinxext.rewrite_page("src = 'https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js'", "")
    assert out == "src = '_static/vendor/mathjax/tex-svg.js'"


def test_unknown_cdn_urls_are_reported(monkeypatch):
    warnings = []
    monkeypatch.setattr(sphinxext.logger, "warning", warnings.append)
    sphinxext.check_no_cdn("p.html", '<script src="https://unpkg.com/some-lib@1/x.js">')
    sphinxext.check_no_cdn("p.html", 'const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"')
    assert len(warnings) == 1 and "some-lib" in warnings[0]


def test_citation_roles_are_removed():
    html = ('<div role="list" class="citation-list">\n'
            '<div class="citation" id="id3" role="doc-biblioentry">')
    out = sphinxext.fix_markup(html)
    assert 'role="list"' not in out and "doc-biblioentry" not in out
    assert '<div class="citation-list">' in out and '<div class="citation" id="id3">' in out


def test_solution_blocks_are_stripped_from_sources():
    md = ("Before\n\n```{exercise}\n:label: ex1\nQ?\n```\n\n"
          "```{solution} ex1\n:class: dropdown\nThe secret answer.\n```\n\nAfter\n"
          ":::{solution} ex2\nAnother secret.\n:::\nEnd\n")
    out = sphinxext.strip_solutions(md)
    assert "secret" not in out
    assert "Q?" in out and "Before" in out and "After" in out and "End" in out
