#!/usr/bin/env bash
# Stages the file system of the CCL runtime image (profile "image"), which Jib then layers onto
# `scratch` without a Docker daemon:
#   /opt/java   a jlink'ed JRE from the build JDK (only the modules the runtime needs)
#   /lib*, /usr/lib*  the glibc/zlib shared objects that JRE links against (found with ldd)
#   /opt/ccl    the prod runtime assembly (bin/felix.jar, boot/, bundles/, conf/, config/, deploy/)
#   /etc/passwd, /etc/group  the unprivileged user 10001 (ccl)
# Usage: stage-root.sh PROD_DIST OUT_DIR
set -euo pipefail
dist=$1
out=$2
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -f "$dist/bin/felix.jar" ] || { echo "stage-root: no prod assembly at $dist (build runtime-assembly/prod first)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp"

# Modules: Felix + SCR (java.xml), Jetty (java.naming, java.management), HttpClient (java.net.http),
# PKCS#11 (jdk.crypto.cryptoki), EC/TLS (jdk.crypto.ec), Jackson (java.sql, java.desktop-free),
# JUL logging, Unsafe users (jdk.unsupported), DNS names in URLs (jdk.naming.dns), metrics
# (jdk.management: com.sun.management) and Jetty JMX (java.rmi: javax.rmi.ssl) - every non-optional
# java/javax/com.sun import of the prod bundles.
"$java_home/bin/jlink" --add-modules java.base,java.logging,java.management,java.management.rmi,java.rmi,jdk.management,java.naming,java.net.http,java.sql,java.xml,java.security.jgss,java.security.sasl,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.unsupported,jdk.naming.dns,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/opt/java"
# Debian links lib/security/* to /etc: jlink copies the link targets' content; make sure none is a link.
find "$out/opt/java" -type l | while read -r l; do cp --remove-destination "$(readlink -f "$l")" "$l"; done

# Shared objects of the JRE (ELF files only), copied at their real paths.
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
  xargs -0 ldd 2>/dev/null | awk '/=> \//{print $3} /^\s*\/lib/{print $1}' | sort -u | while read -r so; do
    mkdir -p "$out$(dirname "$so")"
    cp -L "$so" "$out$so"
  done
mkdir -p "$out/lib64"
cp -L /lib64/ld-linux-x86-64.so.2 "$out/lib64/ld-linux-x86-64.so.2"

mkdir -p "$out/opt/ccl"
cp -r "$dist/bin" "$dist/boot" "$dist/bundles" "$dist/conf" "$dist/config" "$out/opt/ccl/"
rm -f "$out/opt/ccl/bin/ccl-runtime"   # the image starts java directly (no shell in the image)
mkdir -p "$out/opt/ccl/deploy" "$out/opt/ccl/data"

printf 'root:x:0:0:root:/root:/sbin/nologin\nccl:x:10001:10001:ccl:/opt/ccl:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nccl:x:10001:\n' > "$out/etc/group"
echo "stage-root: $(du -sh "$out" | cut -f1) in $out"
