"""The pages layer: the Markdown pages of both languages and mkdocs.yml, read and checked, and the links they hold.

It imports only the content layer.
"""
