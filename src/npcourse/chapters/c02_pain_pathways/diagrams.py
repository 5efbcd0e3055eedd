"""Chapter 2 diagrams: the pain pathway, what changes after nerve injury, the gate-control circuit.

Drawn with :mod:`npcourse.ui.diagrams`; the sources of every structure and mechanism are cited
in the chapter's captions (the same sources as the chapter text).
"""

from __future__ import annotations

from npcourse.ui import diagrams as d

__all__ = ['pain_pathway', 'injury_before_after', 'gate_circuit']


def pain_pathway(uid: str = "d02-pathway") -> d.Diagram:
    """Diagram 1: nociceptor to cortex, with descending modulation."""
    title = "The pain pathway from nociceptor to cortex, with descending modulation"
    body = d.pathway(uid)
    # legend inside the drawing: ascending vs descending, by line style and label, not colour alone
    y = d.PATHWAY_HEIGHT + 16
    body += d.line([(8, y), (44, y)], stroke=d.BLUE, width=3, arrow=f"{uid}-blue")
    body += d.text(50, y + 5, "ascending", size=d.SMALL, fill=d.BLUE, weight="bold")
    body += d.line([(170, y - 8), (170, y + 10)], stroke=d.PURPLE, width=3, arrow=f"{uid}-purple")
    body += d.text(180, y + 5, "descending", size=d.SMALL, fill=d.PURPLE, weight="bold")
    svg = d.svg(uid, title, d.PATHWAY_DESC, body, height=d.PATHWAY_HEIGHT + 32)
    return d.figure(uid, svg, title=title, desc=d.PATHWAY_DESC)


INJURY_CHANGES = [
    ("1", "Ectopic firing", "Injured axons, a neuroma and the dorsal root ganglion fire without a stimulus."),
    ("2", "Sodium channels change", "Altered sodium-channel expression (Nav1.7, Nav1.8; Nav1.3 in rats) makes "
     "neurons fire more easily."),
    ("3", "Peripheral sensitisation", "Surviving nociceptor endings respond at a lower threshold and more strongly."),
    ("4", "Central sensitisation", "Dorsal horn neurons become more excitable, so weak inputs, even touch, "
     "drive them."),
    ("5", "Loss of inhibition", "Inhibitory interneurons lose effect (KCC2 falls, chloride rises); descending "
     "inhibition may weaken."),
    ("6", "Microglia", "Activated spinal microglia release BDNF, which weakens inhibition (rodent evidence)."),
]


def _marker(x, y, n, cls):
    return (f'<g class="np-when {cls}"><circle cx="{x}" cy="{y}" r="11" fill="{d.ALERT}"/>'
            + d.text(x, y + 5, n, size=d.SMALL, anchor="middle", fill="#FFFFFF", weight="bold") + "</g>")


def injury_before_after(uid: str = "d02-injury") -> d.Diagram:
    """Diagram 2: the same drawing before and after nerve injury (radio toggle)."""
    title = "What goes wrong after nerve injury: the same pathway before and after"
    desc = ("A drawing of a sensory nerve from the skin through the dorsal root ganglion to the dorsal "
            "horn, with an inhibitory interneuron, a projection neuron to the brain and a descending "
            "inhibitory fibre. Buttons switch between healthy and after nerve injury. Healthy: the "
            "nerve is silent until stimulated and inhibition is intact. After injury the nerve is cut "
            "and six numbered changes appear: 1 ectopic firing at the injury and the ganglion; "
            "2 changed sodium channels in the ganglion; 3 sensitised nerve endings; 4 central "
            "sensitisation of the projection neuron; 5 loss of inhibition, with the interneuron and "
            "the descending fibre drawn faint and dashed; 6 activated microglia in the dorsal horn.")
    a, h = "np-after", "np-healthy"
    b = []
    # brain arrow and descending fibre
    b.append(d.box(200, 14, 150, 34, "To the brain", fill=d.TINT["blue"]))
    b.append(d.box(10, 14, 150, 34, "From brainstem", fill=d.TINT["purple"], size=d.SMALL))
    # dorsal horn
    b.append(d.box(150, 100, 204, 170, "", fill="#FFFFFF", rx=10))
    b.append(d.text(344, 120, "Dorsal horn", size=d.SMALL, anchor="end", weight="bold"))
    # projection neuron
    b.append(f'<circle cx="276" cy="200" r="24" fill="{d.TINT["blue"]}" stroke="{d.INK}" stroke-width="2"/>')
    b.append(d.text(276, 205, "P", anchor="middle", weight="bold"))
    b.append(d.text(276, 244, "projection\nneuron", size=d.SMALL, anchor="middle"))
    b.append(d.line([(276, 176), (276, 52)], stroke=d.BLUE, width=3, arrow=f"{uid}-blue"))
    # inhibitory interneuron (healthy: solid; after: faint dashed)
    b.append(f'<circle cx="196" cy="150" r="18" fill="{d.TINT["green"]}" stroke="{d.INK}" stroke-width="2"/>')
    b.append(d.text(196, 155, "I", anchor="middle", weight="bold"))
    b.append(d.text(196, 118, "inhibitory", size=d.SMALL, anchor="middle"))
    b.append(d.line([(212, 160), (254, 186)], stroke=d.GREEN, width=4, cls=f"np-when {h}"))
    b.append(d.line([(212, 160), (254, 186)], stroke=d.MUTED, width=2, dash="3 5", cls=f"np-when {a}"))
    b.append(d.text(238, 164, "−", size=18, weight="bold", fill=d.GREEN))
    # descending fibre
    b.append(d.line([(85, 48), (85, 80), (178, 140)], stroke=d.PURPLE, width=4, cls=f"np-when {h}",
                    arrow=f"{uid}-purple"))
    b.append(d.line([(85, 48), (85, 80), (178, 140)], stroke=d.MUTED, width=2, dash="3 5",
                    cls=f"np-when {a}"))
    # microglia (after only)
    for x, y in ((222, 252), (326, 150)):
        b.append(f'<g class="np-when {a}"><path d="M{x},{y - 10} L{x + 4},{y - 3} L{x + 11},{y - 3} '
                 f'L{x + 5},{y + 2} L{x + 8},{y + 10} L{x},{y + 5} L{x - 8},{y + 10} L{x - 5},{y + 2} '
                 f'L{x - 11},{y - 3} L{x - 4},{y - 3} Z" fill="{d.OCHRE}" stroke="{d.INK}"/></g>')
    # DRG and nerve
    b.append(f'<ellipse cx="80" cy="300" rx="38" ry="20" fill="{d.TINT["ochre"]}" stroke="{d.INK}" '
             'stroke-width="1.5"/>')
    b.append(d.text(80, 305, "DRG", anchor="middle", weight="bold"))
    b.append(d.line([(118, 300), (150, 250), (252, 206)], stroke=d.INK, width=3))
    b.append(d.line([(150, 250), (184, 162)], stroke=d.INK, width=2))
    b.append(d.line([(80, 320), (80, 440)], stroke=d.INK, width=3))
    b.append(d.line([(80, 464), (80, 560)], stroke=d.INK, width=3))
    b.append(d.line([(80, 440), (80, 464)], stroke=d.INK, width=3, cls=f"np-when {h}"))
    # the cut (after): a neuroma and a break
    b.append(f'<g class="np-when {a}"><circle cx="80" cy="440" r="9" fill="{d.TINT["orange"]}" stroke="{d.INK}" '
             f'stroke-width="2"/><path d="M62,452 L98,472 M62,472 L98,452" stroke="{d.INK}" stroke-width="3"/></g>')
    b.append(d.text(104, 458, "nerve injury", size=d.SMALL, cls=f"np-when {a}", weight="bold"))
    b.append(d.text(104, 400, "nerve", size=d.SMALL))
    # skin and endings
    b.append(d.box(10, 560, 200, 40, "", fill=d.TINT["orange"], rx=4))
    b.append(d.text(110, 590, "skin", size=d.SMALL, anchor="middle"))
    for dx in (-14, 0, 14):
        b.append(d.line([(80, 560), (80 + dx, 576)], stroke=d.INK, width=1.5))
    # firing ticks: healthy = quiet label; after = spikes at neuroma and DRG
    b.append(d.text(136, 330, "silent until\nstimulated", size=d.SMALL, cls=f"np-when {h}"))
    for x, y in ((40, 430), (36, 292)):
        b.append(f'<g class="np-when {a}"><path d="M{x - 24},{y} l6,0 l3,-12 l3,24 l3,-12 l6,0" '
                 f'fill="none" stroke="{d.VERMILION}" stroke-width="2.5"/></g>')
    # numbered markers (after)
    for n, (x, y) in zip("123456", ((40, 404), (124, 286), (110, 540), (318, 200), (236, 132), (222, 278)),
                         strict=True):
        b.append(_marker(x, y, n, a))
    b.append(d.text(190, 540, "endings\nsensitised", size=d.SMALL, cls=f"np-when {a}"))
    body = "".join(b)
    css = (d.when(uid, "healthy", f".{h}") + d.when(uid, "after", f".{a}")
           + d.when(uid, "healthy", ".np-state-healthy", "block") + d.when(uid, "after", ".np-state-after", "block"))
    items = "".join(f"<li><strong>{n}. {d.esc(name)}.</strong> {d.esc(what)}</li>" for n, name, what in INJURY_CHANGES)
    states = ('<p class="np-when np-state-healthy"><strong>Healthy:</strong> the nerve is silent until a stimulus '
              "arrives; inhibitory interneurons and descending fibres keep the dorsal horn's gain low.</p>"
              '<div class="np-when np-state-after"><p><strong>After nerve injury</strong> (numbers on the '
              f"drawing):</p><ol style=\"list-style:none;padding-left:0\">{items}</ol></div>")
    controls = d.choices(uid, "Show the pathway", [("healthy", "Healthy"), ("after", "After nerve injury")],
                         checked=("healthy",))
    return d.figure(uid, d.svg(uid, title, desc, body, height=610), title=title, desc=desc,
                    controls=controls, states=states, css=css)


def gate_circuit(uid: str = "d02-gate") -> d.Diagram:
    """Diagram 3: the 1965 gate-control circuit with touch and pain toggles."""
    title = "The gate-control circuit of Melzack and Wall (1965)"
    desc = ("A circuit drawing. A large fibre (A-beta, touch) and a small fibre (C, pain) both excite a "
            "transmission (projection) neuron that sends signals to the brain. The large fibre also "
            "excites an inhibitory interneuron in the substantia gelatinosa, which inhibits the "
            "transmission neuron; the small fibre inhibits the interneuron. A descending arrow from the "
            "brain biases the gate. Two check boxes switch touch and pain input on and off; active "
            "fibres are drawn thick and solid, silent ones thin and dashed, and a meter shows the "
            "transmission neuron's output: none, low, high, or reduced when touch is added to pain.")
    t, p = "touch", "pain"
    b = []
    # inputs (left), the interneuron I and the transmission neuron T
    b.append(d.box(8, 36, 112, 46, "Large fibre\nAβ (touch)", fill=d.TINT["green"], size=d.SMALL))
    b.append(d.box(8, 318, 112, 46, "Small fibre\nC (pain)", fill=d.TINT["orange"], size=d.SMALL))
    b.append(f'<circle cx="176" cy="200" r="26" fill="{d.TINT["green"]}" stroke="{d.INK}" stroke-width="2"/>')
    b.append(d.text(176, 206, "I", anchor="middle", weight="bold", size=18))
    b.append(d.text(142, 190, "inhibitory\ninter-\nneuron", size=d.SMALL, anchor="end"))
    b.append(f'<circle cx="290" cy="200" r="28" fill="{d.TINT["blue"]}" stroke="{d.INK}" stroke-width="2"/>')
    b.append(d.text(290, 206, "T", anchor="middle", weight="bold", size=18))
    b.append(d.text(282, 250, "projection\n(T) neuron", size=d.SMALL, anchor="end"))
    # wires: each drawn twice, active (solid thick) and silent (thin dashed)
    wires = {
        "ab-t": ([(120, 59), (290, 59), (290, 170)], d.GREEN, "+", (302, 150)),
        "ab-i": ([(176, 59), (176, 172)], d.GREEN, "+", (188, 150)),
        "c-t": ([(120, 341), (290, 341), (290, 230)], d.VERMILION, "+", (302, 260)),
        "c-i": ([(176, 341), (176, 228)], d.VERMILION, "−", (188, 262)),
        "i-t": ([(202, 200), (260, 200)], d.GREEN, "−", (232, 190)),
    }
    on = {"ab-t": t, "ab-i": t, "c-t": p, "c-i": p, "i-t": "inhib"}
    for key, (pts, colour, sign, (sx, sy)) in wires.items():
        state = on[key]
        b.append(d.line(pts, stroke=colour, width=5, cls=f"np-wire np-on-{state}"))
        b.append(d.line(pts, stroke=d.MUTED, width=2, dash="4 5", cls=f"np-wire np-off-{state}"))
        b.append(d.text(sx, sy, sign, size=22, weight="bold", anchor="middle"))
    # output and descending control
    b.append(d.line([(318, 200), (346, 200), (346, 30)], stroke=d.BLUE, width=3, arrow=f"{uid}-blue"))
    b.append(d.text(340, 20, "to brain", size=d.SMALL, anchor="end"))
    b.append(d.line([(236, 100), (196, 178)], stroke=d.PURPLE, width=2, dash="6 4", arrow=f"{uid}-purple"))
    b.append(d.text(196, 92, "descending control", size=d.SMALL, fill=d.PURPLE))
    # output meter
    b.append(d.text(8, 400, "T output:", size=d.SMALL, weight="bold"))
    for i in range(4):
        b.append(d.box(100 + i * 60, 386, 54, 20, "", fill="#FFFFFF", rx=2))
    levels = {"np-out-low": 1, "np-out-high": 4, "np-out-mid": 2}
    for cls, n in levels.items():
        g = "".join(f'<rect x="{102 + i * 60}" y="388" width="50" height="16" fill="url(#{uid}-hatch)" '
                    f'stroke="{d.VERMILION}" stroke-width="2"/>' for i in range(n))
        b.append(f'<g class="np-when {cls}">{g}</g>')
    body = "".join(b)
    u = f"#{uid}"
    has_t, has_p = f":has(#{uid}-{t}:checked)", f":has(#{uid}-{p}:checked)"
    no_t, no_p = f":not({has_t})", f":not({has_p})"
    css = (
        f"{u} .np-wire{{display:none;}}"
        f"{u}{has_t} .np-on-touch,{u}{no_t} .np-off-touch,{u}{has_p} .np-on-pain,{u}{no_p} .np-off-pain,"
        f"{u}{has_t} .np-on-inhib,{u}{no_t} .np-off-inhib{{display:inline;}}"
        f"{u}{has_t}{no_p} .np-out-low,{u}{has_p}{no_t} .np-out-high,{u}{has_t}{has_p} .np-out-mid{{display:inline;}}"
        f"{u}{no_t}{no_p} .np-s-none,{u}{has_t}{no_p} .np-s-touch,{u}{has_p}{no_t} .np-s-pain,"
        f"{u}{has_t}{has_p} .np-s-both{{display:block;}}"
    )
    states = (
        '<p class="np-when np-s-none"><strong>No input:</strong> the T neuron is quiet (output: none).</p>'
        '<p class="np-when np-s-touch"><strong>Touch only:</strong> Aβ input excites the inhibitory '
        "interneuron, which closes the gate: the T neuron's output stays low (output: low).</p>"
        '<p class="np-when np-s-pain"><strong>Pain only:</strong> C input drives the T neuron and silences '
        "the inhibitory interneuron, opening the gate (output: high).</p>"
        '<p class="np-when np-s-both"><strong>Pain plus rubbing:</strong> Aβ input recruits the inhibitory '
        "interneuron again and the gate partly closes (output: reduced). A teaching cartoon of the 1965 "
        "idea, not a model of real neurons.</p>")
    controls = d.choices(uid, "Switch the inputs on or off",
                         [(t, "Touch input (rub the skin)"), (p, "Pain input (injury)")], kind="checkbox",
                         checked=(p,))
    return d.figure(uid, d.svg(uid, title, desc, body, height=420), title=title, desc=desc,
                    controls=controls, states=states, css=css)
