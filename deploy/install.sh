#!/usr/bin/env bash
# Installs plumb as a systemd service on a management node. Run as root from a checkout after
# `mvn -B package -DskipTests`: copies the jar and its libraries to /opt/plumb, the example daemon
# config to /etc/plumb/plumb.yaml (kept if present), creates the plumb user, enables the unit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ -f "$here/target/plumb.jar" ]] || { echo "build first: mvn -B package -DskipTests" >&2; exit 1; }
command -v java >/dev/null || { echo "install Java 17 first (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
id plumb >/dev/null 2>&1 || useradd --system --home /var/lib/plumb --shell /usr/sbin/nologin plumb
install -d -m 0755 /opt/plumb /opt/plumb/lib
install -m 0644 "$here/target/plumb.jar" /opt/plumb/plumb.jar
install -m 0644 "$here"/target/lib/*.jar /opt/plumb/lib/
install -d -m 0750 -o root -g plumb /etc/plumb
[[ -f /etc/plumb/plumb.yaml ]] || install -m 0640 -o root -g plumb "$here/daemon/plumb.yaml" /etc/plumb/plumb.yaml
install -m 0644 "$here/deploy/plumb.service" /etc/systemd/system/plumb.service
printf '#!/bin/sh\nexec java -jar /opt/plumb/plumb.jar "$@"\n' > /usr/local/bin/plumb
chmod 0755 /usr/local/bin/plumb
install -d -m 0700 /etc/credstore.encrypted
systemctl daemon-reload
cat <<'NEXT'
Next:
 1. edit /etc/plumb/plumb.yaml (repository.url at least)
 2. give plumb its age key as the systemd credential "age-key" (never in /etc/plumb/environment):
      systemd-creds encrypt --name=age-key /path/to/keys.txt /etc/credstore.encrypted/age-key
      shred -u /path/to/keys.txt
    (systemd-creds uses the TPM2 when the host has one.) Without systemd-creds (systemd < 250):
      install -m 0600 -o root -g root /path/to/keys.txt /etc/plumb/age-key.txt
    and in the unit use LoadCredential=age-key:/etc/plumb/age-key.txt instead of LoadCredentialEncrypted=
    (systemctl edit plumb).
 3. systemctl enable --now plumb
NEXT
