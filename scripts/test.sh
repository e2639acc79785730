#!/usr/bin/env bash
# The whole test suite, as README.md gives it and CI runs it. Installs the Debian packages the
# real-server fixtures need when they are missing (MariaDB and Redis binaries, promtool, lintian, Chromium, ISA-L, libdeflate), selects a JDK 21+,
# and runs ./mvnw verify. PostgreSQL needs no package: the zonky binaries come from Maven Central.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$here"

need=()
[ -x /usr/sbin/mariadbd ] && [ -x /usr/bin/mariadb-install-db ] || need+=(mariadb-server)
[ -f /usr/lib/galera/libgalera_smm.so ] || need+=(galera-4)   # a one-node Galera cluster (GaleraTest)
[ -x /usr/bin/redis-server ] || need+=(redis-server)
[ -x /usr/bin/promtool ] || need+=(prometheus)   # promtool checks deploy/ rules; the service is not used
[ -x /usr/bin/lintian ] || need+=(lintian)       # checks the Debian package dbscope-dist builds
[ -x /usr/bin/chromium ] || need+=(chromium)     # the console's browser test (Playwright drives it)
ls /usr/lib/*/libdeflate.so.0 >/dev/null 2>&1 || need+=(libdeflate0)  # packs answers (GzipAnswersTest)
ls /usr/lib/*/libisal.so.2 >/dev/null 2>&1 || need+=(libisal2)  # packs answers, faster (GzipAnswersTest)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing ${need[*]} for the test fixtures..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Only the binaries are wanted: keep package scripts from starting the services.
    made_policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
    fi
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
  else
    echo "The tests need the Debian packages: ${need[*]} (run: sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

JAVA_HOME=$("$here/scripts/java-home.sh")
export JAVA_HOME
echo "Using JDK $JAVA_HOME"
exec ./mvnw -B -ntp verify "$@"
