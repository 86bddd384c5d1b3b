#!/usr/bin/env bash
# Profiles Estafeta under load (dotnet-counters, dotnet-trace, perf when present); see docs/performance.md.
#   sudo bench/profile.sh [--messages N]      results: bench/results/profile/profile.txt
# Installs dotnet-counters and dotnet-trace as local tools under bench/results/tools when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
    echo "bench/profile.sh: run as root (it creates users for the run)" >&2
    exit 1
fi
tools=bench/results/tools
for tool in dotnet-counters dotnet-trace; do
    [ -x "$tools/$tool" ] || dotnet tool install --tool-path "$tools" "$tool" >/dev/null
done
build=bench/results/build
scripts/publish.sh "$build/estafeta"
cd bench
export PYTHONDONTWRITEBYTECODE=1
exec python3 -m harness.profile --estafeta "$PWD/results/build/estafeta/estafeta" --tools "$PWD/results/tools" "$@"
