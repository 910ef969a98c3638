# The harness itself: docker run --rm --network host socks-conformance --target 127.0.0.1:1080
# Build from the repository root: docker build -f docker/harness.Dockerfile -t socks-conformance .
# Node 20 is required; the default base is the official Node image (override BASE where no registry is reachable).
# npm install runs inside the build: behind a TLS-intercepting proxy, the proxy's CA must be added to the image.
ARG BASE=node:20-bookworm-slim
FROM ${BASE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM ${BASE}
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN rm -rf dist/test
ENTRYPOINT ["node", "dist/cli/main.js"]
