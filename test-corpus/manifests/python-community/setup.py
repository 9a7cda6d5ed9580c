from setuptools import find_packages, setup

setup(
    name="community-moderator-legacy",
    version="0.5.2",
    packages=find_packages(),
    install_requires=[
        # expect: sogs/pypi-sogs
        "sogs>=0.3",
        # expect: onion-request/pypi-pyonionreq
        'pyonionreq',
        "requests>=2.31",
    ],
    extras_require={
        "crypto": [
            # expect: libsession/pypi-session-util
            "session-util>=0.0.1",
            "PyNaCl",
        ],
    },
)
