"""The render layer: HTML for a page in its language, from Jinja templates with autoescaping, the UI strings, CLDR formatting, charts and times.

It imports only the content and pages layers.
"""
