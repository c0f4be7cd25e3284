# Production image: compiled build, production dependencies only, runs as the unprivileged "node" user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# data/: the signing keys (KEYS_DIR) and the year-end archives (ARCHIVE_DIR); compose mounts a volume here.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrations run at start-up; SIGTERM drains updates and requests before exiting. The node flags are npm
# start's (package.json): the old-space limit that keeps V8's heap near its working set, and no pretenuring
# (README «Settings»).
CMD ["node", "--max-old-space-size=1024", "--no-allocation-site-pretenuring", "dist/main.js"]
