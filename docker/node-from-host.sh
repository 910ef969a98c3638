#!/bin/sh
# Builds a Node base image with no image registry: the local Debian base image (docker/build-base-image.sh) with
# this host's Node and npm copied in, and this host's CA bundle, so that npm inside a build trusts what the host
# trusts. For docker/harness.Dockerfile where the official Node image cannot be pulled:
#   docker/node-from-host.sh && docker build --network host --build-arg BASE=socks-conformance/node:20 \
#     -f docker/harness.Dockerfile -t socks-conformance .
# Does nothing when the image exists. Usage: docker/node-from-host.sh [IMAGE]  (DOCKER_HOST is honoured)
set -eu
image="${1:-socks-conformance/node:20}"
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image exists"
  exit 0
fi
"$(dirname "$0")/build-base-image.sh" >/dev/null
node="$(readlink -f "$(command -v node)")"
npm="$(dirname "$(readlink -f "$(command -v npm)")")/.."
context="$(mktemp -d "${TMPDIR:-/tmp}/socks-conformance-node.XXXXXX")"
trap 'rm -rf "$context"' EXIT
cp "$node" "$context/node"
cp -r "$npm" "$context/npm"
cp /etc/ssl/certs/ca-certificates.crt "$context/ca-certificates.crt"
cat >"$context/Dockerfile" <<'DOCKERFILE'
FROM socks-conformance/debian:bookworm
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
DOCKERFILE
docker build -q -t "$image" "$context" >/dev/null
echo "$image built"
