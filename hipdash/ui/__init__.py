"""The Streamlit side of hipdash: the only package here that imports Streamlit.

Pages read widgets, call the plain modules in ``hipdash`` and draw the results with
these pieces. ``shell`` holds what every page shares (navigation, the store, the
sidebar, messages); the other modules each draw one part of a screen.
"""
