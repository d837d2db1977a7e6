# syntax=docker/dockerfile:1

# One image for every service; docker-compose.yml chooses each one's command:
#   node apps/ingress/dist/main.js            (the default)
#   node apps/worker/dist/main.js
#   node apps/dashboard/dist/main.js
#   node packages/feishu-stand-in/dist/main.js
#   node packages/sandbox/dist/send-test-event.js

# ---- build: every dependency, and the TypeScript build ----
FROM node:24-bookworm-slim AS build
# pnpm pinned to package.json's packageManager, installed with npm: corepack's signature check is not
# relied on (it has broken builds when npm rotated its signing keys).
RUN npm install --global pnpm@10.34.8
WORKDIR /repo
# The lockfile alone decides what is downloaded, so this layer is rebuilt only when dependencies change.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile
RUN pnpm build

# ---- production: the same workspace, production dependencies only ----
FROM build AS production
# Not `pnpm deploy --prod`: pnpm 10 deploys only with inject-workspace-packages (or --legacy), and it
# gives every app its own copy of every dependency, four copies in one image. A fresh `--prod` install
# of just the projects the image runs, from the same lockfile and the store filled above, keeps the
# workspace:* links as they are in development and shares one copy of each package. The filter names
# each project (not `name...`), because `...` would also follow dev-only links to packages/testing.
RUN rm -rf node_modules apps/*/node_modules packages/*/node_modules \
  && pnpm install --offline --frozen-lockfile --prod \
    --filter @feishu-welcome/shared \
    --filter @feishu-welcome/dev-kit \
    --filter @feishu-welcome/ingress \
    --filter @feishu-welcome/worker \
    --filter @feishu-welcome/dashboard \
    --filter @feishu-welcome/feishu-stand-in \
    --filter @feishu-welcome/sandbox
# valibot (under @bull-board/api) names typescript as an optional peer, for its types only; the
# lockfile resolves it to the workspace's typescript, so even a --prod install links it. Nothing
# loads it at run time.
RUN rm -rf node_modules/.pnpm/typescript@* \
  && find node_modules/.pnpm -path '*/node_modules/typescript' -type l -delete
# Refuse to build an image that would ship dev tooling.
RUN if ls node_modules/.pnpm | grep -E '^(typescript|vitest|vite|testcontainers|eslint|prettier)@|^@vitest\+'; then \
    echo 'dev tooling left in the production tree' >&2; exit 1; \
  fi
# What the runtime needs, and nothing else: each project's manifest, dist/ and node_modules links,
# and the root's node_modules/.pnpm they point into (the links are relative, so they survive the copy).
RUN set -e; for dir in apps/ingress apps/worker apps/dashboard packages/shared packages/dev-kit packages/feishu-stand-in packages/sandbox; do \
    mkdir -p "/out/$dir" && cp -a "$dir/package.json" "$dir/dist" "$dir/node_modules" "/out/$dir/"; \
  done \
  && cp -a package.json node_modules /out/

# ---- runtime ----
FROM node:24-bookworm-slim AS runtime
# Running needs node alone: npm, npx and corepack stay out of the image, and out of its CVE reports.
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the services, which run as the image's unprivileged `node` user.
COPY --from=production /out ./
USER node
# ingress, dashboard, Feishu stand-in, metrics (ingress and worker).
EXPOSE 3000 3001 3100 9464
CMD ["node", "apps/ingress/dist/main.js"]
