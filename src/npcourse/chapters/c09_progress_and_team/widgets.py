"""Chapter 9 live demonstration: type a week of diary scores before and after treatment.

Two text boxes take the daily 0-10 NRS scores of a baseline week and of a later week; a menu
picks a published threshold. The result gives both means, the change in points and per cent,
the IMMPACT benchmark and whether the threshold is met, all from :mod:`npcourse.models.outcomes`, and
shows its input errors (a score of 11, an empty week, a baseline of 0) as the learner would meet
them. In the built book, :func:`show_diary_calculator` shows a table of fixed examples.
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets
from IPython.display import HTML

from npcourse.chapters.c09_progress_and_team.figures import EXPLORER_THRESHOLDS, threshold_label
from npcourse.models import outcomes
from npcourse.ui import live, tables

__all__ = [
    "EXAMPLES", "DEFAULT_THRESHOLD", "parse_scores", "result_html", "diary_calculator",
    "examples_static", "show_diary_calculator"
]

# Fixed fictional examples for the static page: (label, baseline week, later week).
EXAMPLES = [
    ("A good response", "7 8 7 6 7 8 7", "3 3 4 2 3 3 3"),
    ("High baseline: 2 points but under 30%", "9 9 8 9 10 9 9", "7 7 6 7 7 8 7"),
    ("Low baseline: 30% but under 1 point", "3 2 3 3 2 3 2", "2 2 1 2 1 2 2"),
    ("Pain worse", "4 5 4 5 4 4 5", "6 6 7 6 5 6 6"),
    ("Baseline of 0: no percentage", "0 0 0 0 0 0 0", "1 0 2 1 0 0 1"),
]
DEFAULT_THRESHOLD = EXPLORER_THRESHOLDS[0]


def parse_scores(name: str, text) -> list[float]:
    """Numbers separated by spaces, commas or semicolons; errors name the box."""
    if not isinstance(text, str):
        raise TypeError(f"{name} must be text such as '7 6 7 8 7 6 7', got {type(text).__name__}")
    tokens = [t for t in re.split(r"[\s,;]+", text.strip()) if t]
    if not tokens:
        raise ValueError(f"{name} is empty: type one score per day, e.g. 7 6 7 8 7 6 7")
    values = []
    for i, t in enumerate(tokens):
        try:
            values.append(float(t))
        except ValueError:
            raise ValueError(f"{name}[{i}] must be a number from 0 to 10, got {t!r}") from None
    return values


def result_html(baseline_text, followup_text, threshold_id: str = DEFAULT_THRESHOLD) -> str:
    """The summary of two typed weeks (or the input error, shown as an alert)."""
    try:
        # Checked here too, so an error names the box the learner typed in.
        b = outcomes.check_scores("baseline week", parse_scores("baseline week", baseline_text))
        f = outcomes.check_scores("later week", parse_scores("later week", followup_text))
        s = outcomes.summarise_windows(b, f)
        by_percent = outcomes.threshold(threshold_id)["kind"] != "points-reduction"
        # A percentage threshold cannot be judged from a baseline of 0; a points one can.
        met = None if by_percent and s.percent_change is None else outcomes.meets(
            s.baseline, s.followup, threshold_id)
    except (TypeError, ValueError) as exc:
        return f'<p role="alert"><strong>Check the input:</strong> {html.escape(str(exc))}</p>'
    verdict = ("cannot be judged as a percentage (the baseline is 0)" if met is None
               else "met" if met else "not met")
    return (f"<p>{html.escape(s.text())}</p>"
            f"<p>Threshold <em>{html.escape(threshold_label(threshold_id))}</em>: "
            f"<strong>{verdict}</strong>.</p>"
            "<p><em>Thresholds are averages from groups of people; use them to interpret a "
            "change together with the person's own view and function.</em></p>")


def diary_calculator() -> widgets.VBox:
    """Two text boxes and a threshold menu; the result follows every edit."""
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="460px")
    before = widgets.Text(value=EXAMPLES[0][1], description="Baseline week (7 daily NRS scores)",
                          style=style, layout=layout)
    after = widgets.Text(value=EXAMPLES[0][2], description="Later week (7 daily NRS scores)",
                         style=style, layout=layout)
    choice = widgets.Dropdown(options=[(threshold_label(t), t) for t in EXPLORER_THRESHOLDS],
                              value=DEFAULT_THRESHOLD, description="Threshold", style=style,
                              layout=layout)
    out = widgets.HTML()

    def update(_change=None):
        out.value = result_html(before.value, after.value, choice.value)

    update()
    for w in (before, after, choice):
        w.observe(update, names="value")
    head = widgets.HTML("<strong>Your own diary</strong>: type scores separated by spaces "
                        "(try an 11, an empty box, or a baseline week of zeros)")
    return widgets.VBox([head, before, after, choice, out])


def examples_static() -> HTML:
    """The fixed examples as a table (the book's rendering)."""
    rows = []
    for label, b_text, f_text in EXAMPLES:
        s = outcomes.summarise_windows(parse_scores("baseline week", b_text),
                                       parse_scores("later week", f_text))
        pct = "undefined (baseline 0)" if s.percent_change is None else f"{s.percent_change:+.1f}%"
        rows.append([label, b_text, f_text, f"{s.baseline:.2f} → {s.followup:.2f}",
                     f"{s.change:+.2f}", pct, s.benchmark or "—",
                     "—" if s.responder_30 is None else ("yes" if s.responder_30 else "no")])
    return tables.html_table(rows, ["Example (fictional)", "Baseline week", "Later week",
                                    "Means", "Change (points)", "Change (%)", "IMMPACT benchmark",
                                    "≥30% responder"],
                             caption="Fixed examples of two diary weeks and what the change "
                                     "amounts to", cards=True)


def show_diary_calculator() -> None:
    """Live calculator in class; a table of fixed examples in the built book."""
    live.show(diary_calculator, examples_static)
