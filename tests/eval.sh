#!/usr/bin/env bash
# tests/eval.sh BIN — accuracy regression floor (filled in by `whosaid eval`, issue 3).
echo "eval: not wired yet"
