"""setup.py of the wheel build (scripts/package/python.sh copies it next to pyproject.toml in a scratch copy).

The package bundles libydrz.so, so the wheel is platform-specific: declaring that it has extension modules
makes setuptools write ``Root-Is-Purelib: false`` and a platform tag, which python.sh then sets to
``py3-none-manylinux_2_17_<arch>.manylinux2014_<arch>`` (ctypes needs no particular CPython ABI).
"""

from setuptools import setup
from setuptools.dist import Distribution


class BinaryDistribution(Distribution):
    def has_ext_modules(self) -> bool:
        return True


setup(distclass=BinaryDistribution)
