# syntax=docker/dockerfile:1
# The istiod-net image: built with the .NET SDK (plus npm, which fetches the Envoy API protos at build
# time), run on the ASP.NET Core runtime as a non-root user. Build from the repository root:
#   docker build -t istiod-net:dev .

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Restore first, from the project files alone, so the layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Xds.Protos/Xds.Protos.csproj Xds.Protos/package.json Xds.Protos/package-lock.json Xds.Protos/
COPY Istiod.Net/Istiod.Net.csproj Istiod.Net/
RUN dotnet restore Istiod.Net/Istiod.Net.csproj

COPY Xds.Protos/ Xds.Protos/
COPY Istiod.Net/ Istiod.Net/
RUN dotnet publish Istiod.Net/Istiod.Net.csproj -c Release -o /app --no-restore \
 && rm -f /app/*.pdb

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
LABEL org.opencontainers.image.title="istiod-net" \
      org.opencontainers.image.description="An Istio control plane in .NET" \
      org.opencontainers.image.licenses="Apache-2.0"

# Istio's uid/gid for its control plane; numeric so that runAsNonRoot can verify it.
RUN groupadd --system --gid 1337 istio \
 && useradd --system --uid 1337 --gid 1337 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin istio

COPY --from=build --chown=root:root /app /app
WORKDIR /app
ENV ASPNETCORE_URLS="" \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER 1337:1337
EXPOSE 15010 15012 15014 15017
ENTRYPOINT ["dotnet", "/app/istiod-net.dll"]
CMD ["serve"]
