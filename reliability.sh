#!/usr/bin/env bash
# The reliability scenarios that do not fit CI's test step (they mount a tiny filesystem, so they
# need root): builds like ./test.sh and ends with one line "N passed, N failed".
# See docs/RELIABILITY.md for each scenario and its last result.
set -euo pipefail
cd "$(dirname "$0")"
TEST_FILTER="Category=Reliability" exec ./test.sh
