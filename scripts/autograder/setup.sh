#!/usr/bin/env bash
# setup.sh — Gradescope runs this once, when it builds the autograder image.
#
# The autograder zip holds this file, run_autograder, and source/: the
# pristine student tree of the lab (`make handout LAB=N OUT=source`, or
# `git archive labN`). Pick a base image with QEMU 7.2 or newer (Debian 12,
# Ubuntu 24.04): the labs' symptoms were measured on QEMU 7.2 under TCG.
set -euo pipefail
apt-get update -qq
apt-get install -y -qq python3 make >/dev/null
/autograder/source/scripts/deps.sh
