# ccrouter container image (see docs/operations.md).
#
#   docker build -t ccrouter .
#   docker run -d --name ccrouter -p 8080:8080 -v ccrouter-data:/var/lib/ccrouter \
#     -e CCROUTER_ADMIN_TOKEN=... ccrouter
#
# Two stages on the same Debian 12 base: `build` compiles a Release binary (tests and benchmarks
# off); the final stage holds only the shared libraries that binary needs.
ARG BASE_IMAGE=debian:bookworm

# ---------------------------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS build
ARG JOBS=2
WORKDIR /src
# Build packages come from the one list in scripts/lib.sh (CCR_BUILD_PACKAGES: g++, cmake,
# ninja-build, libboost1.81-dev, nlohmann-json3-dev, libspdlog-dev, libsqlite3-dev, libssl-dev,
# libcli11-dev, libjemalloc-dev). Copying only that file first keeps this layer cached across source changes.
COPY scripts/lib.sh scripts/lib.sh
RUN bash -c 'set -euo pipefail; source scripts/lib.sh; ccr_ensure_packages "${CCR_BUILD_PACKAGES[@]}"' \
 && rm -rf /var/lib/apt/lists/*
COPY . .
# A Beast translation unit needs ~0.7 GB of RAM: keep JOBS low on small builders.
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCCR_BUILD_TESTS=OFF -DCCR_BUILD_BENCH=OFF -DCCR_WERROR=OFF -DCCR_SANITIZE=OFF \
 && cmake --build /build -j "${JOBS}" --target ccrouter \
 && test -f config/ccrouter.json

# ---------------------------------------------------------------------------------------------------
FROM ${BASE_IMAGE}
# Runtime libraries of the binary (spdlog is Debian's shared build and uses the shared libfmt).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libsqlite3-0 libssl3 libspdlog1.10 libfmt9 libjemalloc2 \
 && rm -rf /var/lib/apt/lists/*

# Unprivileged user with fixed ids (10001), so a bind-mounted host directory can be chowned to
# match. The data directory is created and owned before it becomes a volume, so a new named
# volume starts out owned by ccrouter.
RUN groupadd --gid 10001 ccrouter \
 && useradd --uid 10001 --gid ccrouter --home-dir /var/lib/ccrouter --no-create-home \
      --shell /usr/sbin/nologin ccrouter \
 && install -d -o ccrouter -g ccrouter -m 0750 /var/lib/ccrouter

COPY --from=build /build/server/ccrouter /usr/local/bin/ccrouter
COPY --from=build /src/config/ccrouter.json /etc/ccrouter/ccrouter.json
# Fail the image build, not the first start, if a shared library is missing from the list above.
RUN if ldd /usr/local/bin/ccrouter | grep 'not found'; then \
      echo 'ccrouter: runtime libraries missing from the final stage' >&2; exit 1; \
    fi \
 && /usr/local/bin/ccrouter --version

ENV CCROUTER_DB=/var/lib/ccrouter/ccrouter.db \
    CCROUTER_LISTEN=0.0.0.0:8080
VOLUME ["/var/lib/ccrouter"]
WORKDIR /var/lib/ccrouter
EXPOSE 8080

# SIGTERM drains: /readyz turns 503, desktops are told to reconnect, the writer flushes, exit 0.
# Give `docker stop` a grace period longer than drain_ms (docker stop -t / stop_grace_period).
STOPSIGNAL SIGTERM

# No curl or wget in the image: bash's /dev/tcp sends the request, the status line must say 200;
# the rest of the reply is read so the server sees an orderly close, not a reset.
# The port follows CCROUTER_LISTEN; /readyz is 503 while loading, so start-period covers recovery.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "port=\"${CCROUTER_LISTEN##*:}\"; exec 3<>\"/dev/tcp/127.0.0.1/${port:-8080}\" || exit 1; printf 'GET /readyz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3; IFS= read -r -t 3 status <&3 || exit 1; while IFS= read -r -t 2 _ <&3; do :; done; [[ \"$status\" == *' 200 '* ]]"]

USER ccrouter
ENTRYPOINT ["/usr/local/bin/ccrouter"]
CMD ["--config", "/etc/ccrouter/ccrouter.json"]
