#!/usr/bin/env bash
# Builds target/dbscope_<version>_<arch>.deb from dbscope-server/target/dbscope.jar (run by Maven
# in dbscope-dist's package phase):
#   1. a Java runtime of its own: jlink from the build JDK with only the modules dbscope uses,
#      without the desktop's native libraries (X11, sound, fonts: dbscope is headless) and with
#      native symbols stripped (lintian: unstripped-binary-or-object);
#   2. the tree under target/deb/root: /usr/bin/dbscope, /usr/lib/dbscope/{runtime,dbscope.jar},
#      /etc/dbscope/dbscope.toml (conffile, from config/dbscope.toml), the hardened unit from
#      deploy/systemd, dashboards and rules under /usr/share/dbscope, copyright, changelog, man page;
#   3. the ahead-of-time cache /usr/lib/dbscope/dbscope.aot from a training run of the packaged
#      launcher (train-aot.sh), and the same for ./dbscope with the build JDK
#      (target/jdk-aot/dbscope.aot, used by ./dbscope when it is newer than the jar);
#   4. dpkg-deb.
# Without dpkg-deb (not a Debian-like build host) nothing is built and target/deb-skipped.txt
# says why; DebianPackageIT then skips with that reason.
#   build-deb.sh REPO TARGET MAVEN_VERSION JAVA_HOME MODULES
set -euo pipefail
repo=$(cd "$1" && pwd)
target=$2
maven_version=$3
java_home=$4
modules=$5
here=$(cd "$(dirname "$0")" && pwd)
deb_src="$here/../deb"
jar="$repo/dbscope-server/target/dbscope.jar"
started=$(date +%s)

mkdir -p "$target"
rm -f "$target/deb-skipped.txt" "$target"/dbscope_*.deb
for tool in dpkg-deb dpkg strip gzip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "no Debian package: $tool is not installed" | tee "$target/deb-skipped.txt"
    exit 0
  fi
done
[ -f "$jar" ] || { echo "build-deb: $jar is missing (package dbscope-server first)" >&2; exit 1; }

# Debian version: 0.1.0-SNAPSHOT -> 0.1.0~snapshot (sorts before 0.1.0). A native package, so no
# Debian revision.
version=$(echo "$maven_version" | sed -e 's/-SNAPSHOT$/~snapshot/' -e 's/-/~/g')
arch=$(dpkg --print-architecture)
work="$target/deb"
root="$work/root"
lib="$root/usr/lib/dbscope"
rm -rf "$work"
mkdir -p "$root/DEBIAN" "$lib" "$root/usr/bin" "$root/etc/dbscope" "$root/lib/systemd/system" \
  "$root/usr/share/dbscope" "$root/usr/share/doc/dbscope" \
  "$root/usr/share/man/man1"

# 1. The runtime. No --compress: the .deb is compressed anyway, and classes from an uncompressed
# modules file load faster. --generate-cds-archive gives the runtime its default CDS archive, for
# a start without the AOT cache.
t0=$(date +%s)
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --exclude-files='**/libawt_xawt.so,**/libjawt.so,**/libjsound.so,**/libsplashscreen.so,**/libfontmanager.so,**/libfreetype.so,**/liblcms.so,**/libjavajpeg.so,**/libmlib_image.so,**/bin/jwebserver,**/conf/sound.properties,**/lib/psfont*' \
  --generate-cds-archive --output "$lib/runtime" >/dev/null
# The archive for heaps over 32 GB (no compressed oops): never used under the launcher's -Xmx.
# jlink's archive is made without compact object headers, which the launcher turns on, and a JVM
# only maps an archive made with the same setting: the archive for them (classes_coh.jsa, the
# JDK's name) replaces it, so that a start without the AOT cache still has the JDK's classes.
rm -f "$lib/runtime/lib/server/classes_nocoops.jsa" "$lib/runtime/lib/server/classes.jsa"
"$lib/runtime/bin/java" -XX:+UseCompactObjectHeaders -Xshare:dump >/dev/null
find "$lib/runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jexec -o -name jspawnhelper \) \
  -exec strip --strip-unneeded --remove-section=.comment --remove-section=.note {} +
# lintian: no executable bit on what is not run (the legal notices, properties files).
find "$lib/runtime" -type f ! \( -path '*/bin/*' -o -name jexec -o -name jspawnhelper \) -exec chmod 0644 {} +
find "$lib/runtime" -type d -exec chmod 0755 {} +
echo "build-deb: runtime $(du -sh "$lib/runtime" | cut -f1) in $(( $(date +%s) - t0 )) s"

# 2. The tree.
install -m 0644 "$jar" "$lib/dbscope.jar"
install -m 0755 "$repo/scripts/heap-cap.sh" "$lib/heap-cap.sh"
# The launcher's JVM flags are ./dbscope's (one list, measured in docs/benchmarks.md).
flags=$(tr '\n' ' ' < "$repo/dbscope" | sed -e 's/\\ */ /g' \
  -e 's/.*exec "\$JAVA_HOME\/bin\/java" \(.*\) \${DBSCOPE_JAVA_OPTS.*/\1/' -e 's/  */ /g' -e 's/ *$//')
case "$flags" in -XX:*) ;; *) echo "build-deb: cannot read the JVM flags of $repo/dbscope" >&2; exit 1 ;; esac
sed "s|@JAVA_FLAGS@|$flags|" "$deb_src/dbscope.sh" > "$root/usr/bin/dbscope"
chmod 0755 "$root/usr/bin/dbscope"
install -m 0640 "$repo/config/dbscope.toml" "$root/etc/dbscope/dbscope.toml"
# The unit of deploy/systemd, started from the package's launcher.
sed -e 's|/opt/dbscope/dbscope run|/usr/bin/dbscope run|' \
    -e '/^# systemd unit for dbscope. Install:/,/^# installed (JAVA_HOME below/c\# systemd unit of the dbscope Debian package (from deploy/systemd/dbscope.service). The\n# package creates the system user dbscope; edit /etc/dbscope/dbscope.toml, then\n#   systemctl enable --now dbscope' \
    -e '/^# Environment=JAVA_HOME=/d' \
    "$repo/deploy/systemd/dbscope.service" > "$root/lib/systemd/system/dbscope.service"
chmod 0644 "$root/lib/systemd/system/dbscope.service"
grep -q '^ExecStart=/usr/bin/dbscope run' "$root/lib/systemd/system/dbscope.service"
share="$root/usr/share/dbscope"
mkdir -p "$share/grafana" "$share/prometheus" "$share/alertmanager"
cp -r "$repo/deploy/grafana/dashboards" "$repo/deploy/grafana/provisioning" "$share/grafana/"
cp -r "$repo/deploy/prometheus/rules" "$repo/deploy/prometheus/prometheus.yml" \
  "$repo/deploy/prometheus/prometheus-probe.yml" "$share/prometheus/"
cp "$repo/deploy/alertmanager/alertmanager.yml" "$share/alertmanager/"
cp "$repo/config/dbscope.yaml" "$share/dbscope.yaml.example"
find "$share" -type f -exec chmod 0644 {} + && find "$share" -type d -exec chmod 0755 {} +
doc="$root/usr/share/doc/dbscope"
install -m 0644 "$deb_src/copyright" "$doc/copyright"
sed "s|@VERSION@|$version|" "$deb_src/changelog" | gzip -9n > "$doc/changelog.gz"
gzip -9n < "$repo/README.md" > "$doc/README.md.gz"
gzip -9n < "$deb_src/dbscope.1" > "$root/usr/share/man/man1/dbscope.1.gz"
chmod 0644 "$doc"/*.gz "$root/usr/share/man/man1/dbscope.1.gz"
mkdir -p "$root/usr/share/lintian/overrides"
install -m 0644 "$deb_src/lintian-overrides" "$root/usr/share/lintian/overrides/dbscope"

# 3. Ahead-of-time caches (bench/aot.sh measures what they save).
t0=$(date +%s)
# Both trainings at once: each is mostly a JVM start and the writing of its cache.
bash "$here/train-aot.sh" "$work/train" "$root/usr/lib/dbscope/dbscope.aot" "$root/usr/bin/dbscope" &
package_training=$!
mkdir -p "$target/jdk-aot"
rm -f "$target/jdk-aot/dbscope.aot"
# ./dbscope runs the jar where it is, with JAVA_HOME as scripts/java-home.sh picks it: the cache
# is only valid for that JDK and that jar path, so the training runs them exactly so.
cat > "$work/jdk-launcher.sh" <<EOF
#!/bin/sh
exec "$java_home/bin/java" $flags \${DBSCOPE_JAVA_OPTS:-} -jar "$jar" "\$@"
EOF
chmod 0755 "$work/jdk-launcher.sh"
bash "$here/train-aot.sh" "$work/train-jdk" "$target/jdk-aot/dbscope.aot" "$work/jdk-launcher.sh"
wait "$package_training"
chmod 0644 "$lib/dbscope.aot"
echo "$java_home" > "$target/jdk-aot/java-home"
echo "build-deb: AOT caches in $(( $(date +%s) - t0 )) s"

# 4. Control files and the package.
installed=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@SIZE@|$installed|" \
  "$deb_src/control" > "$root/DEBIAN/control"
install -m 0644 "$deb_src/conffiles" "$root/DEBIAN/conffiles"
install -m 0755 "$deb_src/postinst" "$root/DEBIAN/postinst"
install -m 0755 "$deb_src/postrm" "$root/DEBIAN/postrm"
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) \
  > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"
t0=$(date +%s)
deb="$target/dbscope_${version}_${arch}.deb"
# gzip: every dpkg reads it (zstd needs dpkg 1.21.18+) and it takes 6 s where xz took a minute,
# for 81 MB against 71 (most of it is the jar, already compressed).
dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$deb" >/dev/null
echo "build-deb: $(basename "$deb") $(du -h "$deb" | cut -f1), dpkg-deb $(( $(date +%s) - t0 )) s;" \
  "packaging took $(( $(date +%s) - started )) s"
