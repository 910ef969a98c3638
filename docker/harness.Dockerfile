# The harness itself. It runs on the host's network, as the cases need the target and the harness's echo network
# on one loopback; reports go to a mounted folder:
#   docker build -f docker/harness.Dockerfile -t socks-conformance .
#   docker run --rm --network host -u "$(id -u):$(id -g)" -v "$PWD/reports:/reports" \
#     socks-conformance --target 127.0.0.1:1080 --out /reports
# BASE is any image with Node 20 and npm (the official one by default; docker/node-from-host.sh makes one where no
# image registry is reachable). The build runs npm ci, so it needs the npm registry.
ARG BASE=node:20-bookworm-slim
FROM ${BASE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json index.ts ./
COPY cli cli
COPY harness harness
COPY integrations integrations
COPY suites suites
COPY fixtures/corpus fixtures/corpus
RUN npm run build && npm prune --omit=dev

FROM ${BASE}
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/fixtures/corpus ./fixtures/corpus
# Not root: a user of its own, whose reports folder exists for a run without a mount.
RUN mkdir /reports && chown 10001:10001 /reports
USER 10001:10001
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
