# Concord in a container: build on Debian 12, then copy the installed tree into a slim
# Debian 12 image that has only the runtime libraries.
#
#   docker build -t concord .
#   docker run --rm -p 4010:4010 -v "$PWD:/work" concord \
#       mock --host 0.0.0.0 --port 4010 /work/openapi.yaml
#
# The mock binds 127.0.0.1 unless told otherwise; inside a container that address is not
# reachable from the host, so the documented command passes --host 0.0.0.0 explicitly.
# (Not built in Concord's CI: there is no container registry there. The same install steps
# are exercised by tests/cli/package_deb.sh, which installs the .deb into a scratch root.)

FROM debian:12 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake ninja-build pkg-config \
      git libcpp-httplib-dev nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libpcre2-dev \
      libexpected-dev libssl-dev zlib1g-dev libbrotli-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONCORD_BUILD_TESTS=OFF \
 && cmake --build /build --parallel \
 && DESTDIR=/out cmake --install /build --prefix /usr --strip

FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcpp-httplib0.11 libyaml-cpp0.7 \
      libpcre2-8-0 libssl3 zlib1g libbrotli1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/usr/ /usr/
RUN useradd --system --no-create-home concord
USER concord
WORKDIR /work
EXPOSE 4010
ENTRYPOINT ["concord"]
CMD ["--help"]
