# syntax=docker/dockerfile:1
# The Portfolio Analytics System: one image, every role. `docker run IMAGE start --roles …` picks what a
# container does (see docker-compose.yml and deploy/kubernetes/).

# ── build: dependencies (and the dashboard, built by the prepare script) ───────────────────────────────────
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

# ── runtime: Node 24 runs the TypeScript sources directly (type stripping); no compiler in the image ───────
FROM node:24-slim
# Listening on every interface (a container must) requires API keys: `pas keys create` (docs/security.md).
ENV NODE_ENV=production \
    PAS_HOST=0.0.0.0 \
    PAS_PORT=8000 \
    PAS_QUERY_PORT=0 \
    PAS_DATA_DIR=/data \
    PAS_AUTH=required
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
# The image's own unprivileged user (uid 1000), never root.
USER node
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PAS_PORT||8000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/pas.mjs"]
CMD ["start"]
