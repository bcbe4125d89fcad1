"""The commands the Makefile runs (`python -m macros.cli.NAME`): check, build, shift, schemas, benchmark, lighthouse, translations, annotate.

The top layer: nothing imports it.
"""
