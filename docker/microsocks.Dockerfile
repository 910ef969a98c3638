# microsocks 1.0.3 from Debian as a SOCKS5 target, NO-AUTH: the flags of fixtures/targets/microsocks.args
# with port 1080, on loopback. It is meant for host networking (`--target-image` runs it so): the cases need the
# target on the harness's loopback. Build from the repository root, on the local base image
# (docker/build-base-image.sh); --network host lets apt-get reach the Debian mirror:
#   docker build --network host -f docker/microsocks.Dockerfile -t socks-conformance/microsocks .
ARG BASE=socks-conformance/debian:bookworm
FROM ${BASE}
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends microsocks \
  && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["microsocks", "-i", "127.0.0.1", "-p", "1080"]
