#!/usr/bin/env bash
# Prints a JAVA_HOME with Java 21 or newer: $JAVA_HOME if it qualifies, then `java` on the PATH,
# then the newest JDK under /usr/lib/jvm. Exits 1 with a message when there is none.
set -u
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'; }
ok() { [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(major "$1")" -ge 21 ] 2>/dev/null; }
if [ -n "${JAVA_HOME:-}" ] && ok "$JAVA_HOME"; then echo "$JAVA_HOME"; exit 0; fi
if command -v javac >/dev/null 2>&1; then
  h=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  if ok "$h"; then echo "$h"; exit 0; fi
fi
for h in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's#/$##' | sort -V -r); do
  if ok "$h"; then echo "$h"; exit 0; fi
done
echo "dbscope needs a JDK 21 or newer (none found in JAVA_HOME, PATH or /usr/lib/jvm)" >&2
exit 1
