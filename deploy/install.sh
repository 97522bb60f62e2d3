#!/usr/bin/env bash
# Installs plumb as a systemd service on a Debian-like management node (a Raspberry Pi 5 with
# Raspberry Pi OS or Debian 12/13 arm64 is typical; amd64 works the same). Run as root from a
# checkout after `mvn -B package -DskipTests`:
#   /opt/plumb/plumb.jar, /opt/plumb/lib/*.jar   the daemon and its libraries
#   /opt/plumb/plumb-wait-ready                  the unit's readiness check (polls /readyz)
#   /etc/plumb/plumb.yaml                        the documented example config (kept if present)
#   /etc/systemd/system/plumb.service            the hardened unit
#   /usr/local/bin/plumb                         the CLI
# and creates the system user plumb. DESTDIR=/some/dir stages the same files under that directory
# without creating users or talking to systemd (packaging, tests).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="${DESTDIR:-}"
[[ -f "$here/target/plumb.jar" ]] || { echo "build first: mvn -B package -DskipTests" >&2; exit 1; }
if [[ -z "$root" ]]; then
  [[ $(id -u) -eq 0 ]] || { echo "run as root (or set DESTDIR to stage the files)" >&2; exit 1; }
  command -v java >/dev/null || { echo "install Java 17 or newer first: apt-get install -y openjdk-17-jre-headless" \
    "(Debian 13: openjdk-21-jre-headless)" >&2; exit 1; }
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [[ "${major:-0}" -ge 17 ]] || { echo "plumb needs Java 17 or newer; java here is ${major:-unknown}" >&2; exit 1; }
  command -v curl >/dev/null || { echo "install curl first (the unit's readiness check): apt-get install -y curl" >&2; exit 1; }
  id plumb >/dev/null 2>&1 || useradd --system --home-dir /var/lib/plumb --no-create-home --shell /usr/sbin/nologin plumb
fi
owner=(); [[ -z "$root" ]] && owner=(-o root -g plumb)
install -d -m 0755 "$root/opt/plumb" "$root/opt/plumb/lib" "$root/etc/systemd/system" "$root/usr/local/bin"
install -m 0644 "$here/target/plumb.jar" "$root/opt/plumb/plumb.jar"
rm -f "$root"/opt/plumb/lib/*.jar
install -m 0644 "$here"/target/lib/*.jar "$root/opt/plumb/lib/"
install -m 0755 "$here/deploy/plumb-wait-ready" "$root/opt/plumb/plumb-wait-ready"
install -d -m 0750 "${owner[@]}" "$root/etc/plumb"
[[ -f "$root/etc/plumb/plumb.yaml" ]] || install -m 0640 "${owner[@]}" "$here/daemon/plumb.yaml" "$root/etc/plumb/plumb.yaml"
install -m 0644 "$here/deploy/plumb.service" "$root/etc/systemd/system/plumb.service"
printf '#!/bin/sh\nexec java -jar /opt/plumb/plumb.jar "$@"\n' > "$root/usr/local/bin/plumb"
chmod 0755 "$root/usr/local/bin/plumb"
install -d -m 0700 "$root/etc/credstore.encrypted"
[[ -n "$root" ]] && { echo "staged under $root"; exit 0; }
systemctl daemon-reload
cat <<'NEXT'
Next:
 1. edit /etc/plumb/plumb.yaml (repository.url at least; server.listen for probes and webhooks)
 2. give plumb its age key as the systemd credential "age-key" (never in /etc/plumb/environment):
      systemd-creds encrypt --name=age-key /path/to/keys.txt /etc/credstore.encrypted/age-key
      shred -u /path/to/keys.txt
    (systemd-creds uses the TPM2 when the host has one.) Without systemd-creds (systemd < 250):
      install -m 0600 -o root -g root /path/to/keys.txt /etc/plumb/age-key.txt
    and in the unit use LoadCredential=age-key:/etc/plumb/age-key.txt instead of LoadCredentialEncrypted=
    (systemctl edit plumb).
 3. with server.listen set (say 127.0.0.1:9713), let the unit wait for readiness:
      echo PLUMB_READY_URL=http://127.0.0.1:9713/readyz >> /etc/plumb/environment
 4. systemctl enable --now plumb; journalctl -u plumb -f
    `systemctl start plumb` returns once /readyz says ready (or after 10 minutes, plumb still running).
NEXT
