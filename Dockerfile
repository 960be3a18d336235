# redbun's container image: a build stage compiles dist/redbun with Bun, and a FROM scratch stage
# holds only that executable, the shared libraries `ldd` lists for it, and /data. The layout comes
# from scripts/collect-rootfs.sh, which test/integration/chroot.test.ts also runs (under chroot,
# with this file's USER, WORKDIR and ENTRYPOINT), so what ships here is tested without Docker.
#   docker build -t redbun . && docker run --rm -p 6379:6379 redbun [--directive value ...]

ARG BUN_VERSION=1.4.5

FROM node:22-bookworm-slim AS build
ARG BUN_VERSION
# Bun from npm, as on the developers' machines and in CI (.ci/run).
RUN npm install -g "bun@${BUN_VERSION}" && bun --version
WORKDIR /src
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN bun run build && sh scripts/collect-rootfs.sh dist/redbun /rootfs 999:999

FROM scratch
# COPY --from keeps the owners collect-rootfs.sh set: root for everything, 999 for /data.
COPY --from=build /rootfs/ /
# Not root: uid 999, as the official redis image. dump.rdb and the AOF go to the working dir.
USER 999:999
WORKDIR /data
VOLUME /data
EXPOSE 6379
# As the official redis image does: listen on every interface and leave protected mode off.
# A container's port is reachable only where `docker run -p` publishes it, and published
# connections arrive from the bridge gateway, not loopback, so protected mode would answer
# each of them -DENIED. Arguments to `docker run` come after these and win (later directives
# override earlier ones): `docker run redbun --requirepass s3cret --protected-mode yes`.
# A config file: mount it and pass `--include /path/redis.conf` (a first argument that is not
# a --flag is not taken as a config file here, since these defaults come first).
ENTRYPOINT ["/usr/local/bin/redbun", "--bind", "*", "-::*", "--protected-mode", "no"]
