# expect-none
# A C accelerator for a web framework's session store: "session" here is an
# HTTP session, and the linked libraries are the project's own.
from setuptools import Extension, setup

setup(
    name="fastsession",
    version="1.4.0",
    ext_modules=[
        Extension(
            "fastsession._store",
            sources=["src/store.cpp"],
            libraries=["session-store", "ssl", "crypto"],
        )
    ],
    install_requires=["flask-session>=0.5"],
)
