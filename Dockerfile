# One image for every process: the API (default), the projector (`node apps/projector/dist/main.js`) and the
# tools (`npm run -s practice|token|keys|rebuild|repair -- …`, from the compiled build: no TypeScript in here).
# Build: docker build -t patient-invites:local .     (docker-compose.yml builds it once and runs it everywhere)
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
RUN npm ci --no-audit --no-fund && npx tsc -b && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
# The image never serves the dev outbox (it would show sign-up codes to anyone who can reach the port);
# docker-compose.demo.yml turns it on, for trying only.
ENV NODE_ENV=production DATA_DIR=/data HOST=0.0.0.0 PORT=3000 DEV_OUTBOX=false
COPY --from=build --chown=root:root /app /app
# Not root: the code is root's and read-only to the process; only /data is the node user's (mount a named volume there).
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
EXPOSE 3000
CMD ["node", "apps/api/dist/main.js"]
