#!/usr/bin/env bash
# Builds an installable Estafeta into one folder:
#   estafeta            the server and its commands (framework-dependent, ReadyToRun: no JIT at start-up)
#   estafeta-sendmail   sendmail/mailq/newaliases as a native program (NativeAOT: ~3 ms per submission)
# usage: scripts/publish.sh OUTDIR
# NativeAOT links with clang and zlib; as root this installs Debian's clang and zlib1g-dev when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/publish.sh OUTDIR}

missing=()
for pkg in clang zlib1g-dev; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "publish.sh: missing Debian packages for the native sendmail: ${missing[*]} (run as root, or install them first)" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

rid=linux-$(dpkg --print-architecture | sed 's/amd64/x64/')
dotnet publish src/Estafeta.Host/Estafeta.Host.csproj -c Release -r "$rid" --self-contained false \
    -p:PublishReadyToRun=true -o "$out" --nologo -v quiet
dotnet publish src/Estafeta.Sendmail/Estafeta.Sendmail.csproj -c Release -r "$rid" -o "$out" --nologo -v quiet
rm -f "$out"/*.dbg
