"""Chapter 6 live demonstration: an illustrative balance-training progression.

Starting level, number of weeks, sessions per week, hand support and a "completed safely"
tick per week → a week-by-week table from :func:`.balance.plan`. In the built book,
:func:`show_balance_progression` shows weeks 1–8 from level 2 instead.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML

from npcourse.chapters.c06_rehabilitation import balance
from npcourse.facts import data
from npcourse.ui import live, tables
from npcourse.ui import sources as sources_in_words

__all__ = [
    "STATIC_EXAMPLE", "PERSON", "evidence_html", "plan_html", "balance_progression",
    "progression_static", "show_balance_progression"
]

# The static example of the book (provenance/06-notes.md, section 5).
STATIC_EXAMPLE = {"start_level": 2, "weeks": 8, "sessions_per_week": 3, "upper_limb_support": True}
PERSON = "Invented person (synthetic example, not a real patient)"


def evidence_html() -> str:
    """The sourced facts shown beside the plan; the certainty comes from therapies.yml."""
    rec = data.by_id("therapies", "therapies")["balance-training"]
    certainty = rec["certainty"].replace("-", " ")
    cite = sources_in_words.label
    both = sources_in_words.labels
    return (
        "<p><strong>What the evidence shows.</strong> In diabetic neuropathy, balance training "
        f"improves balance scores ({certainty}-certainty evidence; {both(['lima2021balance', 'ma2026balance'])}); "
        f"prevention of falls has not been shown ({cite('lima2021balance')}). In older adults generally, "
        "exercise with balance and functional components reduces falls, most with about 3 hours "
        f"a week, kept up ({both(['sherrington2019falls', 'sherrington2020who'])}). Two to three sessions a week "
        f"follows the ACSM frequency for neuromotor exercise ({cite('garber2011quantity')}).</p>"
    )


def plan_html(start_level, weeks, sessions_per_week, upper_limb_support, completed=None) -> str:
    """The plan as an accessible table with its labels (or the input error)."""
    try:
        df = balance.plan(start_level, weeks, sessions_per_week, upper_limb_support, completed)
    except (TypeError, ValueError) as exc:
        return f'<p role="alert"><strong>Check the input:</strong> {html.escape(str(exc))}</p>'
    rows = [[str(r.week), str(r.level), r.task, r.change, f"{r.sessions} a week", r.support]
            for r in df.itertuples()]
    table = tables.html_table(
        rows, ["Week", "Level", "Standing task", "What changed", "Sessions", "Support"],
        caption=f"{balance.LABEL} {PERSON}, starting at level {int(start_level)}")
    return (f"<p><strong>{html.escape(balance.LABEL)}</strong> Each level is held for at least "
            f"{balance.HOLD_WEEKS} weeks and left only after a week completed safely.</p>"
            f'<p role="note"><strong>Guarding.</strong> {html.escape(balance.GUARDING)}</p>'
            + table.data + evidence_html())


def balance_progression() -> widgets.VBox:
    """Controls for the plan, with one 'completed safely' tick per week."""
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="440px")
    start = widgets.IntSlider(value=2, min=balance.START_LEVELS[0], max=balance.START_LEVELS[1],
                              description="Starting level (chosen after testing)", style=style,
                              layout=layout)
    weeks = widgets.IntSlider(value=8, min=balance.WEEK_RANGE[0], max=balance.WEEK_RANGE[1],
                              description="Weeks", style=style, layout=layout)
    sessions = widgets.ToggleButtons(options=[(f"{n} a week", n) for n in range(
        balance.SESSIONS[0], balance.SESSIONS[1] + 1)], value=balance.SESSIONS[1],
        description="Sessions", style=style)
    support = widgets.Checkbox(value=True, description="Light hand support on a counter or rail",
                               style=style)
    ticks = [widgets.Checkbox(value=True, description=f"Week {i} completed safely", style=style,
                              layout=widgets.Layout(width="220px"))
             for i in range(1, balance.WEEK_RANGE[1] + 1)]
    out = widgets.HTML()

    def update(_change=None):
        n = weeks.value
        for i, t in enumerate(ticks):
            t.layout.display = None if i < n else "none"
        out.value = plan_html(start.value, n, sessions.value, support.value,
                              [t.value for t in ticks[:n]])

    update()
    for w in (start, weeks, sessions, support, *ticks):
        w.observe(update, names="value")
    head = widgets.HTML("<strong>Balance-training progression</strong> (illustrative — not a protocol)")
    return widgets.VBox([head, start, weeks, sessions, support,
                         widgets.HBox(ticks, layout=widgets.Layout(flex_flow="row wrap")), out])


def progression_static() -> HTML:
    """The book's rendering: weeks 1–8 from level 2, every week completed safely."""
    return HTML(plan_html(**STATIC_EXAMPLE))


def show_balance_progression() -> None:
    """Live controls in class; the fixed example in the built book."""
    live.show(balance_progression, progression_static)
