# syntax=docker/dockerfile:1
# The MyCandidate server: one release binary with the Swift runtime linked in, on a slim Ubuntu,
# run as an unprivileged user. It needs a writable /tmp and FILES_DIR only, so the root
# filesystem can be mounted read-only. Tests/container/run.sh builds the binary the same way
# and runs it under these conditions, since no Docker engine runs on our machines.

# Builder: the official Swift image, pinned to the toolchain CI builds and tests with.
FROM swift:6.3.1-noble AS build
WORKDIR /src
# Dependencies first, so a change to the sources alone reuses the resolved packages.
COPY Package.swift ./
RUN swift package resolve
# The manifest names the test targets too, so their folders must exist for it to load.
COPY Sources ./Sources
COPY Tests ./Tests
# --static-swift-stdlib links the Swift runtime and Foundation into the binary; what it still
# needs from the system is installed below. swift-backtrace-static symbolicates crash reports.
RUN swift build -c release --static-swift-stdlib --product mycandidate \
    && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/mycandidate" /staging/mycandidate \
    && install -D -m 0755 /usr/libexec/swift/linux/swift-backtrace-static /staging/swift-backtrace-static

# Runtime: Ubuntu of the same release as the builder, so the C libraries match.
FROM ubuntu:24.04
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="MyCandidate" \
      org.opencontainers.image.description="Shows voters every party and candidate on their ballot: the web server, open data API and operator commands." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="docker.io/library/ubuntu:24.04"
# Exactly the shared libraries the binary links besides glibc (Tests/container/run.sh fails
# when that list changes): libstdc++ and libgcc, zlib, and libxml2 for Foundation's XML parser
# (the .xlsx reader); ca-certificates for TLS to RDS and ElastiCache. Versions are not pinned:
# the base image pins the release, and its security updates should come in with each build.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libstdc++6 libxml2 zlib1g \
    && rm -rf /var/lib/apt/lists/*
# A fixed numeric id, so orchestrators can check the image does not run as root.
RUN groupadd --system --gid 10001 mycandidate \
    && useradd --system --uid 10001 --gid mycandidate --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin mycandidate \
    && install -d -o mycandidate -g mycandidate -m 0750 /var/lib/mycandidate/files
COPY --from=build /staging/ /usr/local/bin/
# RDS certificates chain to AWS's own RDS CAs, which ca-certificates does not hold; with this
# bundle the task verifies the database (DB_TLS=verify-full, DB_CA_FILE). Not pinned by
# checksum: AWS adds CAs to it before rotating them, and it comes over TLS from AWS itself.
ADD --chmod=0644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
# Listen on every interface inside the container; keep uploads in the volume (EFS in
# production). Everything else comes from the task definition or compose (deploy/compose.env).
ENV HOST=0.0.0.0 \
    PORT=8080 \
    FILES_DIR=/var/lib/mycandidate/files \
    SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/bin/swift-backtrace-static
VOLUME ["/var/lib/mycandidate/files"]
USER 10001:10001
EXPOSE 8080
# Liveness through the binary itself (no curl in the image): a process that stops answering
# is replaced. The load balancer asks /readyz on its own; see the README.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 CMD ["mycandidate", "healthcheck"]
ENTRYPOINT ["mycandidate"]
CMD ["serve"]
