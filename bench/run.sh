#!/usr/bin/env bash
# The whole-server benchmark against Postfix, in one command (see bench/README.md):
#   sudo bench/run.sh            full run: every scenario 3 times, both servers alternately
#   sudo bench/run.sh --quick    a few hundred messages, one repetition (CI: checks it runs, not its speed)
# Other options go to the harness: --reps N, --only local-5k-s10,idle-n500, --keep (keep configs and logs).
# Installs what is missing (Postfix left unconfigured and stopped, hyperfine, python3), builds Estafeta in
# Release, then runs bench/harness. Results: bench/results/<UTC time>.md and .jsonl, and latest.md/latest.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
    echo "bench/run.sh: run as root (it starts a private Postfix instance and creates users for the run)" >&2
    exit 1
fi

needed=(postfix hyperfine python3)
missing=()
for pkg in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]}"
    # "No configuration": the packaged Postfix never takes port 25; policy-rc.d keeps any daemon from
    # starting during the install. The benchmark runs its own private instance.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
        created_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if [ "$created_policy" -eq 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
fi

build=bench/results/build
mkdir -p "$build"
echo "bench: building Estafeta (Release) into $build"
scripts/publish.sh "$build/estafeta"

cd bench
export PYTHONDONTWRITEBYTECODE=1
exec python3 -m harness.main --estafeta "$PWD/results/build/estafeta/estafeta" "$@"
