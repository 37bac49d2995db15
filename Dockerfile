# syntax=docker/dockerfile:1
#
# chidao in a container: a static binary on distroless, run as a non-root user.
#
#   docker build -t chidao .
#   docker run --rm -e DATABASE_URL=postgres://... -p 8080:8080 chidao
#
# DATABASE_URL MUST be set in a container. Without it chidao starts a private
# PostgreSQL with pg_ctl from the host's PostgreSQL binaries (under
# CHIDAO_DATA_DIR); this image has none, so every command would fail. Use
# compose.yaml (which runs PostgreSQL next to chidao) or point DATABASE_URL at
# the Office's PostgreSQL server.
#
# The official image sets GOTOOLCHAIN=local, so its Go must be at least the
# version named in go.mod; 1.26-bookworm follows the newest 1.26.x release.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /chidao ./cmd/chidao

# static-debian12 has CA certificates (for api.telegram.org and Zalo), /tmp
# (large dashboard uploads are buffered there) and /etc/passwd with the
# nonroot user (65532). No shell and no curl: health checks come from outside.
# The binary embeds the time zone database, so no zoneinfo is needed.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /chidao /chidao
ENV HTTP_ADDR=:8080
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/chidao"]
CMD ["serve"]
