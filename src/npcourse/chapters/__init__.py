"""Interactive Altair charts, one module per chapter (``ch01`` ...).

Every function returns a chart whose controls are bound to Vega-Lite parameters, so it
works in the static book page with no kernel.
"""
