"""The data layer: reading the YAML files with their lines, the models, the Dataset and its rules, the problems they report.

It imports no other layer of the package.
"""
