#!/usr/bin/env bash
# Runs every Estafeta test. Installs the Debian packages the tests use when they are missing
# (Postfix for its tools and stock files, with debconf preseeded to "No configuration" so its
# daemon never takes port 25; swaks; strace), then builds and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

needed=(postfix swaks libnet-ssleay-perl libauthen-sasl-perl strace python3 python3-aiosmtpd netcat-openbsd bsd-mailx mutt tmux)
missing=()
for pkg in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "test.sh: missing Debian packages: ${missing[*]} (run as root, or install them first)" >&2
        exit 1
    fi
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    # Keep any packaged daemon from starting while we install.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dotnet test Estafeta.slnx -c Release "$@"
