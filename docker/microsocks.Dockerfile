# microsocks 1.0.3 from Debian as a SOCKS5 target, NO-AUTH, the flags of fixtures/real-servers/microsocks.args
# listening on every address of the container. Build from the repository root, on the local base image
# (docker/build-base-image.sh); --network host lets apt-get reach the Debian mirror:
#   docker build --network host -f docker/microsocks.Dockerfile -t socks-conformance/microsocks .
ARG BASE=socks-conformance/debian:bookworm
FROM ${BASE}
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends microsocks \
  && rm -rf /var/lib/apt/lists/*
EXPOSE 1080
ENTRYPOINT ["microsocks", "-i", "0.0.0.0", "-p", "1080"]
