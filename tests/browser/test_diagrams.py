"""The course's diagrams in the offline book, in Chromium, without a kernel.

Every chapter page shows its diagrams (at least one; chapters 2-4 at least two), each named by
its <title> and <desc> and followed by its caption; at 390 px every diagram fits its column,
nothing is drawn outside its viewBox, and labels are drawn at 13 px or larger; every control of
an interactive diagram changes what the drawing shows. The chapter pages are checked during the page
walk's visits (tests/browser/test_pages.py: test_diagrams_named_captioned_fitting_and_interactive),
which open the same pages at the same widths; this module holds the check and its own probe.
"""

from __future__ import annotations

# Per diagram: name, caption text after it, size on screen, smallest label in px, and drawn
# content that falls outside the viewBox (the SVG would clip it).
MEASURE = """() => [...document.querySelectorAll('figure.np-diagram')].map(fig => {
  const svg = fig.querySelector('svg');
  const vb = svg.viewBox.baseVal;
  const box = svg.getBoundingClientRect();
  const scale = box.width / vb.width;
  const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
  const name = ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' | ');
  let px = 99, outside = [];
  svg.querySelectorAll('text').forEach(t => {
    if (!t.getClientRects().length) return;  // hidden state
    px = Math.min(px, parseFloat(t.getAttribute('font-size')) * scale);
    const r = t.getBoundingClientRect();
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
      outside.push(t.textContent.slice(0, 30));
  });
  let el = fig.closest('.cell') || fig, caption = '';
  for (let n = el.nextElementSibling; n && !caption; n = n.nextElementSibling)
    caption = n.matches('.np-diagram-caption') ? n.textContent.trim() : (n.matches('.cell') ? 'NONE' : '');
  const column = (fig.closest('article') || document.body).getBoundingClientRect();
  return {id: fig.id, name, ids: ids.length, caption, px, outside,
          left: box.left, right: box.right, width: box.width, colRight: column.right,
          viewport: document.documentElement.clientWidth,
          controls: [...fig.querySelectorAll('input')].map(i => i.id)};
})"""

# What the drawing currently shows: every state element that is displayed.
SHOWN = """id => [...document.getElementById(id).querySelectorAll('.np-when, .np-wire')]
  .map((e, i) => getComputedStyle(e).display === 'none' ? '' : i).join(',')"""

CHAPTERS = [f"book/{p}" for p in (
    "01-pain-types", "02-pain-pathways", "03-assessment", "04-drug-action", "05-using-drugs",
    "06-rehabilitation", "07-interventions", "08-mind-lifestyle", "09-progress-and-team", "10-case-studies",
    "11-special-situations")]


def diagram_problems(page, rel: str, width: int, shot_dir=None) -> list[str]:
    """The diagrams of one chapter page as the page walk opened it at ``width`` (test_pages.py's
    test_diagrams_named_captioned_fitting_and_interactive reads them): enough diagrams, each named,
    captioned, inside the viewport, nothing clipped, labels >= 13 px; at 390 px every control
    changes what is shown (and clips nothing). ``shot_dir``: save each diagram at 390 px there."""
    problems: list[str] = []
    figures = page.evaluate(MEASURE)
    need = 2 if rel[5:7] in ("02", "03", "04") else 1
    if len(figures) < need:
        problems.append(f"{rel}: {len(figures)} diagram(s), need {need}")
    for f in figures:
        where = f"{rel} #{f['id']} at {width}px"
        if f["ids"] != 2 or "|" not in f["name"] or len(f["name"]) < 100:
            problems.append(f"{where}: no title and description ({f['name'][:60]!r})")
        if not f["caption"].startswith("Figure") or len(f["caption"]) < 80:
            problems.append(f"{where}: no caption after it ({f['caption'][:60]!r})")
        if f["right"] > f["viewport"] + 0.5 or f["left"] < -0.5:
            problems.append(f"{where}: drawn from {f['left']:.0f} to {f['right']:.0f} px, "
                            f"viewport {f['viewport']} px")
        if f["outside"]:
            problems.append(f"{where}: labels clipped by the drawing's edge: {f['outside'][:4]}")
        if f["px"] < 13:
            problems.append(f"{where}: smallest label drawn at {f['px']:.1f} px")
        if width == 390:
            for control in f["controls"]:
                radio_on = (page.get_attribute(f"#{control}", "type") == "radio"
                            and page.is_checked(f"#{control}"))
                before = page.evaluate(SHOWN, f["id"])
                page.click(f"label[for='{control}']")
                after = page.evaluate(SHOWN, f["id"])
                if before == after and not radio_on:  # a checked radio stays as it was
                    problems.append(f"{where}: control {control} changed nothing")
                now = next(g for g in page.evaluate(MEASURE) if g["id"] == f["id"])
                if now["outside"]:
                    problems.append(f"{where}: after {control}, labels clipped: {now['outside'][:4]}")
            if shot_dir:
                shot_dir.mkdir(parents=True, exist_ok=True)
                page.locator(f"#{f['id']}").screenshot(path=str(shot_dir / f"{f['id']}-390.png"))
    return problems


# The check itself: a page with one diagram that has no caption and a control that changes nothing.
FAKE_DIAGRAM = """<!doctype html><html><body><article>
<figure class="np-diagram" id="np-fake"><svg viewBox="0 0 400 200" width="380" aria-labelledby="t d">
  <title id="t">A fake diagram</title><desc id="d">%s</desc>
  <text x="10" y="20" font-size="14">label</text><g class="np-when">state</g></svg>
  <input type="checkbox" id="np-fake-toggle"><label for="np-fake-toggle">Toggle</label></figure>
</article></body></html>""" % ("A description long enough to count as one. " * 4)


def test_diagram_check_fails_a_diagram_without_caption_or_working_control(watch):
    watch.page.set_viewport_size({"width": 390, "height": 844})
    watch.page.set_content(FAKE_DIAGRAM)
    problems = diagram_problems(watch.page, "book/01-fake", 390)
    assert any("no caption after it" in p for p in problems), problems
    assert any("control np-fake-toggle changed nothing" in p for p in problems), problems
