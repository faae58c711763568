#!/usr/bin/env bash
# Before `npm test`: what the tests need that a fresh machine may lack. Idempotent and quick when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v supervisord >/dev/null 2>&1 || missing+=(supervisor)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v pgrep >/dev/null 2>&1 || missing+=(procps)
[ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing ${missing[*]} (Debian packages)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive bash test/no-service-starts.sh apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: the tests need Debian's ${missing[*]}: run  sudo apt-get install -y ${missing[*]}  and try again" >&2
    exit 1
  fi
fi
[ -d node_modules/ink ] || npm ci --no-audit --no-fund
npm run --silent build
