# syntax=docker/dockerfile:1
# GuestSync gateway: multi-stage build, runs as the image's non-root "app" user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/GuestSync.Emulator/GuestSync.Emulator.csproj src/GuestSync.Emulator/
COPY src/GuestSync.Gateway/GuestSync.Gateway.csproj src/GuestSync.Gateway/
RUN dotnet restore src/GuestSync.Gateway/GuestSync.Gateway.csproj
COPY src/ src/
RUN dotnet publish src/GuestSync.Gateway/GuestSync.Gateway.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The routes live in a folder of their own, /app/config: mount a folder (a Kubernetes ConfigMap, a compose bind mount of
# a directory) over it and edits reload. Mount the folder, not the single file: a single-file mount (subPath, or a
# file bind mount edited by an editor that renames) keeps the old inode and never shows an edit.
RUN mkdir -p /app/config && cp /app/proxy.json /app/config/proxy.json
# The outbox and idempotency store: a volume owned by the app user, so a new container resumes what the old one accepted.
RUN mkdir -p /data && chown $APP_UID /data
# The port goes through ASPNETCORE_HTTP_PORTS (the base image's own setting; ASPNETCORE_URLS would override it with a
# warning). The polling watcher sees a ConfigMap's or secret's atomic ..data symlink swap.
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    ProxyConfigPath=/app/config/proxy.json \
    GUESTSYNC_DATA=/data \
    DOTNET_USE_POLLING_FILE_WATCHER=true
VOLUME /data
EXPOSE 8080
USER $APP_UID
# The image has no curl or wget: the gateway's own verb GETs http://127.0.0.1:$ASPNETCORE_HTTP_PORTS/healthz, exit 0/1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["dotnet", "GuestSync.Gateway.dll", "healthcheck"]
# Secrets (…File settings, e.g. /run/secrets/*) must be readable by the app user, uid $APP_UID (1654): Kubernetes
# securityContext.fsGroup: 1654 with defaultMode 0440, or compose secrets with uid "1654" and mode 0400.
ENTRYPOINT ["dotnet", "GuestSync.Gateway.dll"]
