#!/bin/sh
# Leaves FILE in the page cache as reading a file on disk the first time leaves it: its pages are dropped and read
# back in sequence (readahead), so that the cache holds them in large folios on recent kernels rather than as the
# file's writer left them — `read(2)` copies the former out about twice as fast, so without this the same file
# reads at different speeds depending on its history. Used by the benchmarks before timing anything on FILE.
#
#   Benchmarks/reset-page-cache.sh FILE
set -eu
sync "$1"
python3 -c 'import os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)' "$1"
cat "$1" >/dev/null
