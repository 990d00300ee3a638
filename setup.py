"""setuptools hook: ship the quality gate's suites inside the package (all else is in pyproject.toml).

The suites live beside the marts they guard (models/marts/expectations/*.json); the build copies
them into the wheel as dark_social/expectations/, where `dark_social.quality.suites_dir` finds
them without a checkout. An editable install reads the checkout's copy instead.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SUITES = Path(__file__).resolve().parent / "models" / "marts" / "expectations"


class BuildPyWithSuites(build_py):
    def run(self) -> None:
        super().run()
        suites = sorted(SUITES.glob("*.json"))
        if not suites:
            raise SystemExit(f"no expectation suites in {SUITES}: the package would ship a gate without them")
        target = Path(self.build_lib) / "dark_social" / "expectations"
        target.mkdir(parents=True, exist_ok=True)
        for suite in suites:
            shutil.copyfile(suite, target / suite.name)


setup(cmdclass={"build_py": BuildPyWithSuites})
