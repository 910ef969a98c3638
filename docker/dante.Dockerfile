# Dante 1.4.2 from Debian as a SOCKS4/SOCKS5 target (CONNECT, BIND, UDP ASSOCIATE; NO-AUTH and RFC 1929 against
# the system account socksconf, password given at build time): fixtures/targets/dante.conf with port 1080,
# on loopback. Meant for host networking, as `--target-image` runs it. Build from the repository root:
#   docker build --network host -f docker/dante.Dockerfile -t socks-conformance/dante .
ARG BASE=socks-conformance/debian:bookworm
FROM ${BASE}
ARG SOCKS_PASSWORD=conformance
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends dante-server \
  && rm -rf /var/lib/apt/lists/* \
  && useradd -M -s /usr/sbin/nologin socksconf \
  && echo "socksconf:${SOCKS_PASSWORD}" | chpasswd
COPY fixtures/targets/dante.conf /etc/danted.conf.template
RUN sed -e 's/{port}/1080/' /etc/danted.conf.template > /etc/danted.conf
ENTRYPOINT ["danted", "-f", "/etc/danted.conf", "-N", "1"]
