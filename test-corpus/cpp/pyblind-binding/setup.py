# Builds `session_util`, a small pybind11 wrapper that a community moderation
# service uses to check blinded signatures.
from glob import glob

from pybind11.setup_helpers import Pybind11Extension, build_ext
from setuptools import setup

setup(
    name="modtools-blinding",
    version="0.2.0",
    ext_modules=[
        Pybind11Extension(
            "session_util",
            sorted(glob("src/*.cpp")),
            cxx_std=20,
            libraries=[
                # expect: libsession/python-extension-link
                "session-crypto",
                # expect: libsession/python-extension-link
                "session-util",
                "sodium",
            ],
        ),
    ],
    cmdclass={"build_ext": build_ext},
)
