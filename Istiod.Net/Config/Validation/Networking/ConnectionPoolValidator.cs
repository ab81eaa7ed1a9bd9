using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Connection pool (circuit breaker) settings: counts not negative, durations at least 1ms.</summary>
public sealed class ConnectionPoolValidator : AbstractValidator<ConnectionPoolSettings>
{
    public ConnectionPoolValidator()
    {
        RuleFor(p => p).Custom((p, context) =>
        {
            if (p.Tcp is null && p.Http is null)
            {
                context.AddError(string.Empty, "connection pool must have tcp or http settings");
            }

            if (p.Http is { H2UpgradePolicy: "UPGRADE", UseClientProtocol: true })
            {
                context.AddError("http.useClientProtocol", "useClientProtocol must not be true when h2UpgradePolicy is UPGRADE");
            }
        });
        RuleFor(p => p.Tcp!).ChildRules(tcp =>
        {
            tcp.RuleFor(t => t.MaxConnections).Must(NotNegative).WithMessage("maxConnections cannot be negative");
            tcp.RuleFor(t => t.ConnectTimeout).Duration();
            tcp.RuleFor(t => t.MaxConnectionDuration).Duration();
            tcp.RuleFor(t => t.IdleTimeout).DurationOrZero();
            tcp.RuleFor(t => t.TcpKeepalive!.Time).Duration().When(t => t.TcpKeepalive is not null).OverridePropertyName("TcpKeepalive.Time");
            tcp.RuleFor(t => t.TcpKeepalive!.Interval).Duration().When(t => t.TcpKeepalive is not null).OverridePropertyName("TcpKeepalive.Interval");
        }).When(p => p.Tcp is not null);
        RuleFor(p => p.Http!).ChildRules(http =>
        {
            http.RuleFor(h => h.Http1MaxPendingRequests).Must(NotNegative).WithMessage("http1MaxPendingRequests cannot be negative");
            http.RuleFor(h => h.Http2MaxRequests).Must(NotNegative).WithMessage("http2MaxRequests cannot be negative");
            http.RuleFor(h => h.MaxRequestsPerConnection).Must(NotNegative).WithMessage("maxRequestsPerConnection cannot be negative");
            http.RuleFor(h => h.MaxRetries).Must(NotNegative).WithMessage("maxRetries cannot be negative");
            http.RuleFor(h => h.MaxConcurrentStreams).Must(NotNegative).WithMessage("maxConcurrentStreams cannot be negative");
            http.RuleFor(h => h.IdleTimeout).Duration();
            http.RuleFor(h => h.Http2KeepAlive!.Interval).Duration().When(h => h.Http2KeepAlive is not null).OverridePropertyName("Http2KeepAlive.Interval");
            http.RuleFor(h => h.Http2KeepAlive!.Timeout).Duration().When(h => h.Http2KeepAlive is not null).OverridePropertyName("Http2KeepAlive.Timeout");
            http.RuleFor(h => h.H2UpgradePolicy)
                .Must(p => p is null or "DEFAULT" or "DO_NOT_UPGRADE" or "UPGRADE")
                .WithMessage((_, p) => $"h2UpgradePolicy \"{p}\" must be DEFAULT, DO_NOT_UPGRADE or UPGRADE");
        }).When(p => p.Http is not null);
    }

    private static bool NotNegative(int? value) => value is null or >= 0;
}
