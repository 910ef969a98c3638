#!/bin/sh
# Builds the local base image the other Dockerfiles start FROM, with no image registry: a minimal Debian
# bookworm root filesystem from deb.debian.org (debootstrap), imported as an image.
# Does nothing when the image exists. Usage: docker/build-base-image.sh [IMAGE]  (DOCKER_HOST is honoured)
set -eu
image="${1:-socks-conformance/debian:bookworm}"
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image exists"
  exit 0
fi
root="$(mktemp -d "${TMPDIR:-/tmp}/socks-conformance-rootfs.XXXXXX")"
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" >"$root.log" 2>&1 || {
  tail -n 20 "$root.log" >&2
  rm -f "$root.log"
  exit 1
}
rm -f "$root.log"
tar -C "$root" -c . | docker import - "$image" >/dev/null
echo "$image built"
