"""The course's diagrams in the offline book, in Chromium, without a kernel.

Every chapter page shows its diagrams (at least one; chapters 2-4 at least two), each named by
its <title> and <desc> and followed by its caption; at 390 px every diagram fits its column,
nothing is drawn outside its viewBox, and labels are drawn at 13 px or larger; every control of
an interactive diagram changes what the drawing shows.
"""

from __future__ import annotations

import os

from .conftest import PageWatch

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


def test_diagrams_named_captioned_fitting_and_interactive(offline_site, browser):
    problems: list[str] = []
    shots = os.environ.get("NPCOURSE_SCREENSHOTS") == "1"
    shot_dir = offline_site["root"].parents[2] / "screenshots"
    for rel in CHAPTERS:
        for width in (390, 1280):
            w = PageWatch(browser, width=width, height=900)
            try:
                w.goto(f"{offline_site['url']}/{rel}.html")
                figures = w.page.evaluate(MEASURE)
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
                            radio_on = (w.page.get_attribute(f"#{control}", "type") == "radio"
                                        and w.page.is_checked(f"#{control}"))
                            before = w.page.evaluate(SHOWN, f["id"])
                            w.page.click(f"label[for='{control}']")
                            after = w.page.evaluate(SHOWN, f["id"])
                            if before == after and not radio_on:  # a checked radio stays as it was
                                problems.append(f"{where}: control {control} changed nothing")
                            now = next(g for g in w.page.evaluate(MEASURE) if g["id"] == f["id"])
                            if now["outside"]:
                                problems.append(f"{where}: after {control}, labels clipped: {now['outside'][:4]}")
                        if shots:
                            shot_dir.mkdir(parents=True, exist_ok=True)
                            w.page.locator(f"#{f['id']}").screenshot(path=str(shot_dir / f"{f['id']}-390.png"))
                if w.errors:
                    problems.append(f"{rel} at {width}px: {w.errors[:3]}")
            finally:
                w.close()
    assert not problems, "\n".join(problems)
