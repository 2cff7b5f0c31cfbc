# syntax=docker/dockerfile:1
# crosstenant-operator image: Node 22 LTS, non-root (uid 1000), runs with a read-only root filesystem.
# scripts/container-build.sh repeats the build stage's commands on a host without a container engine;
# keep the two in step (test/packaging/container-build.test.ts runs the script).
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency gets to run install hooks in the build; none of ours needs one.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="crosstenant-operator" \
      org.opencontainers.image.description="Kubernetes operator for Microsoft Entra cross-tenant synchronization and identity governance" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.vendor="crosstenant.io" \
      org.opencontainers.image.documentation="https://crosstenant.io/docs" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"
# NODE_ENV=production keeps libraries on their quiet paths; TMPDIR and HOME point at the /tmp emptyDir
# the chart mounts, the only writable place under readOnlyRootFilesystem.
ENV NODE_ENV=production \
    TMPDIR=/tmp \
    HOME=/tmp
WORKDIR /app
# Files stay owned by root and read-only to uid 1000: the process cannot change its own code.
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# Numeric uid/gid so the kubelet can verify runAsNonRoot without reading /etc/passwd.
USER 1000:1000
EXPOSE 8080 8081
ENTRYPOINT ["node", "dist/main.js"]
CMD ["run"]
