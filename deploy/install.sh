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
systemctl daemon-reload
echo "edit /etc/plumb/plumb.yaml (repository.url, ageKeyFiles), then: systemctl enable --now plumb"
