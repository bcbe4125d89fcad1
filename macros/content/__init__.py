"""The data layer: reading the YAML files with their lines, the models, the Dataset and its rules, the problems they report.

It imports no other layer of the package.
"""

import os

# The models use no pydantic plugin. Looking for plugins reads the metadata of
# every installed package, a tenth of a second or more of each build.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
