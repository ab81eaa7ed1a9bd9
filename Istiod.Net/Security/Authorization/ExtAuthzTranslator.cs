using Istiod.Net.Config.Mesh;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.ExtAuthz.V3;
using Envoy.Type.Matcher.V3;
using Envoy.Type.V3;
using Google.Protobuf.WellKnownTypes;
using HttpExtAuthz = Envoy.Extensions.Filters.Http.ExtAuthz.V3.ExtAuthz;
using NetworkExtAuthz = Envoy.Extensions.Filters.Network.ExtAuthz.V3.ExtAuthz;

namespace Istiod.Net.Security.Authorization;

/// <summary>
/// Translates a mesh-config ext_authz provider into Envoy's ext_authz filter configs. A provider that is
/// not usable returns null with the reason; the caller then denies what the CUSTOM policies match
/// rather than letting those requests through unchecked.
/// </summary>
public static class ExtAuthzTranslator
{
    /// <summary>Istio's default check timeout when the provider sets none.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(600);

    public static ExtAuthzConfig? Translate(ExtAuthzProvider provider, out string? problem)
    {
        var slash = provider.Service.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? provider.Service : provider.Service[(slash + 1)..];
        if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal))
        {
            problem = $"provider {provider.Name}: service \"{provider.Service}\" is not [namespace/]hostname";
            return null;
        }

        if (provider.Port is < 1 or > 65535)
        {
            problem = $"provider {provider.Name}: port {provider.Port} out of range 1-65535";
            return null;
        }

        if (provider.Kind == ExtAuthzProviderKind.Http && !string.IsNullOrEmpty(provider.PathPrefix) && !provider.PathPrefix.StartsWith('/'))
        {
            problem = $"provider {provider.Name}: pathPrefix \"{provider.PathPrefix}\" must start with /";
            return null;
        }

        StatusCode status = StatusCode.Forbidden;
        if (!string.IsNullOrEmpty(provider.StatusOnError)
            && (!int.TryParse(provider.StatusOnError, out var code) || !System.Enum.IsDefined(typeof(StatusCode), code) || code == 0))
        {
            problem = $"provider {provider.Name}: statusOnError \"{provider.StatusOnError}\" is not an HTTP status Envoy knows";
            return null;
        }
        else if (!string.IsNullOrEmpty(provider.StatusOnError))
        {
            status = (StatusCode)int.Parse(provider.StatusOnError, System.Globalization.CultureInfo.InvariantCulture);
        }

        var cluster = $"outbound|{provider.Port}||{host}";
        var timeout = Duration.FromTimeSpan(provider.Timeout ?? DefaultTimeout);
        var http = new HttpExtAuthz
        {
            FailureModeAllow = provider.FailOpen,
            StatusOnError = new HttpStatus { Code = status },
            TransportApiVersion = ApiVersion.V3,
        };
        if (provider.IncludeRequestBodyInCheck is { } body)
        {
            http.WithRequestBody = new BufferSettings
            {
                MaxRequestBytes = body.MaxRequestBytes,
                AllowPartialMessage = body.AllowPartialMessage,
                PackAsBytes = body.PackAsBytes,
            };
        }

        NetworkExtAuthz? network = null;
        if (provider.Kind == ExtAuthzProviderKind.Grpc)
        {
            var grpc = new GrpcService
            {
                EnvoyGrpc = new GrpcService.Types.EnvoyGrpc { ClusterName = cluster, Authority = host },
                Timeout = timeout,
            };
            http.GrpcService = grpc;
            network = new NetworkExtAuthz
            {
                StatPrefix = "tcp.",
                GrpcService = grpc.Clone(),
                FailureModeAllow = provider.FailOpen,
                TransportApiVersion = ApiVersion.V3,
            };
        }
        else
        {
            var service = new Envoy.Extensions.Filters.Http.ExtAuthz.V3.HttpService
            {
                ServerUri = new HttpUri { Uri = $"http://{host}", Cluster = cluster, Timeout = timeout },
                PathPrefix = provider.PathPrefix ?? "",
            };
            if (provider.IncludeAdditionalHeadersInCheck.Count > 0)
            {
                service.AuthorizationRequest = new AuthorizationRequest();
                foreach (var (key, value) in provider.IncludeAdditionalHeadersInCheck.OrderBy(h => h.Key, StringComparer.Ordinal))
                {
                    service.AuthorizationRequest.HeadersToAdd.Add(new HeaderValue { Key = key, Value = value });
                }
            }

            if (provider.HeadersToUpstreamOnAllow.Count + provider.HeadersToDownstreamOnDeny.Count + provider.HeadersToDownstreamOnAllow.Count > 0)
            {
                service.AuthorizationResponse = new AuthorizationResponse
                {
                    AllowedUpstreamHeaders = Patterns(provider.HeadersToUpstreamOnAllow),
                    AllowedClientHeaders = Patterns(provider.HeadersToDownstreamOnDeny),
                    AllowedClientHeadersOnSuccess = Patterns(provider.HeadersToDownstreamOnAllow),
                };
            }

            http.HttpService = service;
        }

        if (provider.IncludeRequestHeadersInCheck.Count > 0)
        {
            http.AllowedHeaders = Patterns(provider.IncludeRequestHeadersInCheck);
        }

        problem = null;
        return new ExtAuthzConfig(http, network);
    }

    /// <summary>Header names match case-insensitively; <c>prefix*</c> and <c>*suffix</c> as elsewhere.</summary>
    private static ListStringMatcher? Patterns(IReadOnlyList<string> headers)
    {
        if (headers.Count == 0)
        {
            return null;
        }

        var list = new ListStringMatcher();
        list.Patterns.AddRange(headers.Select(h => RbacMatchers.String(h, ignoreCase: true)));
        return list;
    }
}
