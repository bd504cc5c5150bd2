# The API on the embedded profile (SQLite in a volume). Build: docker build -t patient-invites .
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
RUN npm ci --no-audit --no-fund && npx tsc -b && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
# The image never serves the dev outbox (it would show sign-up codes to anyone who can reach the port).
ENV NODE_ENV=production DATA_DIR=/data HOST=0.0.0.0 PORT=3000 DEV_OUTBOX=false
COPY --from=build /app /app
VOLUME /data
EXPOSE 3000
CMD ["node", "apps/api/dist/main.js"]
