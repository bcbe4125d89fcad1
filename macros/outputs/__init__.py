"""The outputs layer: what the site publishes besides its pages (calendar files, open data, structured data).

It imports the content, pages and render layers.
"""
