#!/bin/sh
# Lays out the smallest root filesystem the compiled redbun runs in: the executable, exactly the
# shared libraries `ldd` lists for it (the dynamic loader among them), and a few empty dirs. The
# Dockerfile copies it into a FROM scratch image; test/integration/chroot.test.ts runs the same
# tree under chroot, so the image's contents are tested without a Docker engine.
# Usage: scripts/collect-rootfs.sh BINARY ROOTFS [UID:GID owning /data, default 999:999]
set -eu

binary=${1:?usage: collect-rootfs.sh BINARY ROOTFS [UID:GID]}
rootfs=${2:?usage: collect-rootfs.sh BINARY ROOTFS [UID:GID]}
owner=${3:-999:999}
uid=${owner%%:*}
gid=${owner##*:}

[ -f "$binary" ] || { echo "collect-rootfs: no such file: $binary" >&2; exit 1; }
if [ -e "$rootfs" ] && [ -n "$(ls -A "$rootfs")" ]; then
  echo "collect-rootfs: $rootfs exists and is not empty" >&2
  exit 1
fi
mkdir -p "$rootfs/usr/local/bin"
cp "$binary" "$rootfs/usr/local/bin/redbun"
chmod 0755 "$rootfs/usr/local/bin/redbun"

# ldd prints "name => /path (0x…)" for libraries, "/path (0x…)" for the loader and
# "linux-vdso.so.1 (0x…)" for the kernel's vDSO, which is no file. A statically linked
# executable makes ldd fail with "not a dynamic executable": then there is nothing to copy.
if ldd_out=$(ldd "$binary" 2>&1); then
  libs=$(printf '%s\n' "$ldd_out" | awk '
    /=> not found/ { print "MISSING " $1; next }
    $2 == "=>" && $3 ~ /^\// { print $3; next }
    $1 ~ /^\// { print $1 }')
elif printf '%s\n' "$ldd_out" | grep -q 'not a dynamic executable'; then
  libs=
else
  printf 'collect-rootfs: ldd %s failed:\n%s\n' "$binary" "$ldd_out" >&2
  exit 1
fi
for lib in $libs; do
  case $lib in
    MISSING) echo "collect-rootfs: ldd cannot find a library of $binary:" >&2; echo "$ldd_out" >&2; exit 1 ;;
  esac
  mkdir -p "$rootfs$(dirname "$lib")"
  # -L: the file itself where the listed path is a symlink (libc.so.6 → libc-2.36.so on older
  # systems); the loader looks libraries up by the listed path, so that is where it goes.
  cp -L "$lib" "$rootfs$lib"
  echo "collect-rootfs: $lib"
done

# Mount points a container runtime (or the chroot test) mounts over, /tmp, and /data: the
# working directory where dump.rdb and the AOF go, owned by the user the image runs as.
mkdir -p "$rootfs/proc" "$rootfs/dev" "$rootfs/sys" "$rootfs/etc" "$rootfs/tmp" "$rootfs/data"
chmod 1777 "$rootfs/tmp"
chown "$uid:$gid" "$rootfs/data"
chmod 0755 "$rootfs/data"

# Without nsswitch.conf glibc asks DNS before /etc/hosts, so "localhost" would wait on a
# resolver; passwd/group give the user a name (getpwuid) and a home directory.
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
printf 'root:x:0:0:root:/root:/sbin/nologin\nredbun:x:%s:%s:redbun:/data:/sbin/nologin\n' "$uid" "$gid" > "$rootfs/etc/passwd"
printf 'root:x:0:\nredbun:x:%s:\n' "$gid" > "$rootfs/etc/group"

echo "collect-rootfs: $rootfs holds $(du -sh "$rootfs" | cut -f1)"
