"""Development and test doubles, kept out of the production image (.dockerignore) and out of
the installed package (pyproject's setuptools include list): the fake payment gateway and the
fake SMS gateway that `make run` (hajjportal/devrun.py) and the tests start, and templates
only the tests render (devtools/templates, added to the template dirs by the test that
needs it). They run from the source tree: `python -m devtools.fake_payment_gateway`.
"""

from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
