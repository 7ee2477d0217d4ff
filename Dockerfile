# syntax=docker/dockerfile:1
# The seeder in a small runtime image. Build and run with compose (compose.yaml), or:
#   docker build -t learning-plans-seeder .
#   docker run --rm -e DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DB learning-plans-seeder

# --- builder -------------------------------------------------------------------------------------
FROM rust:1-bookworm AS builder
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Dependencies first, in their own layer: it is rebuilt only when a manifest or the lock file
# changes, not on every source edit. The workspace crates are stubbed out for this step; the
# stubs' own artifacts are then cleaned, so the real sources below are always compiled.
COPY Cargo.toml Cargo.lock* ./
COPY crates/schema/Cargo.toml crates/schema/Cargo.toml
COPY crates/generator/Cargo.toml crates/generator/Cargo.toml
COPY crates/seeder/Cargo.toml crates/seeder/Cargo.toml
RUN set -eu; \
    for crate in schema generator; do \
        mkdir -p "crates/$crate/src"; printf '' > "crates/$crate/src/lib.rs"; \
    done; \
    mkdir -p crates/seeder/src; \
    printf 'fn main() {}\n' > crates/seeder/src/main.rs; \
    printf 'fn main() {}\n' > crates/seeder/build.rs; \
    locked=""; if [ -f Cargo.lock ]; then locked="--locked"; fi; \
    cargo build --release $locked -p seeder; \
    cargo clean --release -p schema -p generator -p seeder; \
    rm -rf crates/*/src crates/seeder/build.rs

# The real sources. Migrations are embedded in the binary at compile time.
COPY . .
RUN set -eu; \
    locked=""; if [ -f Cargo.lock ]; then locked="--locked"; fi; \
    cargo build --release $locked -p seeder; \
    install -D -m 0755 target/release/seeder /out/seeder

# --- runtime -------------------------------------------------------------------------------------
FROM debian:bookworm-slim
# libpq5: the seeder links libpq; postgresql-client: pg_isready for the entrypoint's wait.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 ca-certificates postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin seeder
COPY --from=builder /out/seeder /usr/local/bin/seeder
COPY --chmod=0755 scripts/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
USER seeder:seeder
WORKDIR /tmp
ENV RUST_LOG=info
ENTRYPOINT ["docker-entrypoint.sh"]
