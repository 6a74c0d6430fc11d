#!/usr/bin/env python3
"""Print the files matching a glob below a folder, sorted, one per line
(meson has no glob of its own)."""
import glob
import os
import sys

print('\n'.join(sorted(glob.glob(os.path.join(sys.argv[1], sys.argv[2])))))
