# Multi-stage build on Debian 12: the build stage uses the project's own `make deps` and
# `make build`; the runtime stage carries only the runtime libraries and runs as non-root.
FROM debian:12 AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends make sudo ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make deps && make build BUILD=build CMAKE_ARGS="-DPIIPROXY_BUILD_TESTS=OFF"

FROM debian:12-slim AS runtime
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      libhyperscan5 libevent-2.1-7 libevent-pthreads-2.1-7 libevent-openssl-2.1-7 libssl3 \
      libspdlog1.10 libfmt9 libyaml-cpp0.7 zlib1g libpcre2-8-0 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin piiproxy
COPY --from=build /src/build/piiproxy /usr/local/bin/piiproxy
COPY --from=build /src/conf /usr/share/piiproxy
ENV PIIPROXY_RULES=/usr/share/piiproxy/rules
USER piiproxy
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/piiproxy"]
CMD ["--config", "/usr/share/piiproxy/piiproxy.yaml"]
