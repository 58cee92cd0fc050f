"""The compiled kernels (src/smotekit/_native.c); everything else is in pyproject.toml.

The extension is optional: without a C compiler the package installs and runs on its numba
kernels (smotekit._native says which are in use).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "smotekit._native_kernels",
            sources=["src/smotekit/_native.c"],
            # the numba kernels' bits: no contraction into fused multiply-adds, no fast-math
            extra_compile_args=["-O3", "-ffp-contract=off", "-fno-fast-math"],
            optional=True,
        )
    ]
)
