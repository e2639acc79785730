#!/bin/sh
# dbscope launcher of the Debian package: runs /usr/lib/dbscope/dbscope.jar on the package's own
# Java runtime (/usr/lib/dbscope/runtime: no JDK needed, JAVA_HOME and PATH are not read), with
# the ahead-of-time cache made at package time when it is there (everything works without it,
# only the start is slower), and the JVM flags of ./dbscope (docs/operations.md). Add or override
# flags with DBSCOPE_JAVA_OPTS (later flags win), e.g. DBSCOPE_JAVA_OPTS=-Xmx1g for a large fleet.
#   dbscope run --config /etc/dbscope/dbscope.toml
#   dbscope check --config /etc/dbscope/dbscope.toml --connect
set -e
# Found from this script's place, so that the package also runs unpacked elsewhere
# (dpkg-deb -x), as its test does.
self=$0
if command -v readlink >/dev/null 2>&1; then self=$(readlink -f "$0"); fi
lib=${self%/*}/../lib/dbscope
aot=
if [ -r "$lib/dbscope.aot" ]; then aot="-XX:AOTCache=$lib/dbscope.aot"; fi
# Under a memory limit (a container's, systemd's MemoryMax=), a heap cap that fits it: the process
# peaks at about the cap plus 100 MB (heap-cap.sh); DBSCOPE_JAVA_OPTS still wins.
cap=
if [ -x "$lib/heap-cap.sh" ]; then cap=$("$lib/heap-cap.sh"); fi
# Headless: the runtime carries no X11 libraries.
# shellcheck disable=SC2086
exec "$lib/runtime/bin/java" @JAVA_FLAGS@ -Djava.awt.headless=true $aot $cap \
  ${DBSCOPE_JAVA_OPTS:-} -jar "$lib/dbscope.jar" "$@"
