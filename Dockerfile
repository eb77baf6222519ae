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
# The routes; mount your own over it (e.g. a ConfigMap): it is reloaded on change.
COPY proxy.json ./proxy.json
# The outbox (queued submissions, dead letters): a volume, so a new container resumes what the old one accepted.
RUN mkdir -p /data && chown $APP_UID /data
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://+:8080 \
    GUESTSYNC_DATA=/data
VOLUME /data
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "GuestSync.Gateway.dll"]
