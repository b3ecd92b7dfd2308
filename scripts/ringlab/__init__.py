"""ringlab — the course's tools: booting, debugging, testing, grading.

Run them as `python3 -m ringlab COMMAND [ARGS]` with this package's parent
folder (scripts/) on PYTHONPATH, which the Makefile, CMake and the tests
do; `python3 -m ringlab --help` lists the commands (__main__.py).

The modules at this level are what a student tree has too. staff/ holds the
instructor's tools (writing student trees, the lab kit, the benchmarks):
`make handout` leaves that folder out.
"""
import os
import sys

# tomllib (3.11) reads every manifest. This file must stay readable by any
# Python 3, so that an older one says so instead of failing on an import.
if sys.version_info < (3, 11):
    sys.exit("ringlab needs Python 3.11 or newer (this is %s, %s)"
             % (sys.version.split()[0], sys.executable))

# Every tool is a new Python process: ctest starts one per test, a lab's kit
# a few hundred. Compiling this package's sources costs each of them about
# 25 ms when the compiled modules may not be kept: where the environment
# asks for none beside the sources (PYTHONDONTWRITEBYTECODE), they are kept
# under the temporary directory instead (sys.pycache_prefix mirrors each
# source's full path there), never in the tree.
if sys.dont_write_bytecode and sys.pycache_prefix is None:
    sys.pycache_prefix = os.path.join(os.environ.get("TMPDIR") or "/tmp", "ringlab-pycache")
    sys.dont_write_bytecode = False
