#!/usr/bin/env bash
# Runs a command (an apt-get install) with Debian's service starts denied (policy-rc.d exit 101), as Docker
# images do: rabbitmq-server's package would otherwise start a broker on 5672 that the tests' own would meet.
set -euo pipefail
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
policy=/usr/sbin/policy-rc.d
if [ -e "$policy" ]; then
  as_root "$@"
  exit
fi
as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod +x $policy"
trap 'as_root rm -f "$policy"' EXIT
as_root "$@"
