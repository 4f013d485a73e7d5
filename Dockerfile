# The reference server (server/), compiled, on Node 24. Not built in CI (no image registry is reachable there):
# .ci/server-production runs these same commands in this order on a clean copy instead. docs/server.md ("Production") explains.
#
#   docker build -t wx-login-state-server .
#   docker compose up        # with Redis, see compose.yaml

# ---- build: the full install (TypeScript, tsx), then the compiled server and the package builds it imports.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/wx-login-state/package.json packages/wx-login-state/
COPY packages/wx-emulator/package.json packages/wx-emulator/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:server

# ---- runtime: production dependencies only, the build output, a non-root user, an init for signals.
FROM node:24-bookworm-slim AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/wx-login-state/package.json packages/wx-login-state/
COPY packages/wx-emulator/package.json packages/wx-emulator/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/server dist/server
COPY --from=build /app/packages/wx-login-state/dist packages/wx-login-state/dist
# The server imports the emulator's package (mounted only in development; production refuses it).
COPY --from=build /app/packages/wx-emulator/dist packages/wx-emulator/dist
# Avatars go to UPLOAD_DIR; mount a volume there (or use shared storage when several instances run).
RUN mkdir -p /app/.uploads && chown node:node /app/.uploads
USER node
EXPOSE 3000
# tini forwards SIGTERM to node (PID 1 would otherwise ignore it) and reaps zombies; node, not npm, so the
# signal reaches the server and its drain runs.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/server/server.js"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
