"""The build layer: one build of the site (its edition, the pages' dates, what a process keeps between builds, the macros a page may call, the preview of problems).

It imports every layer but cli.
"""
