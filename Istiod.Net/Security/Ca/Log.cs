using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.Ca;

/// <summary>The CA's log events (ids 5000-5019). Keys never appear in a log; certificates only by subject, serial and thumbprint.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Created a self-signed {Algorithm} root CA in {Folder}: {Subject}, valid until {NotAfter:O}, thumbprint {Thumbprint}")]
    public static partial void RootCreated(ILogger logger, CaKeyAlgorithm algorithm, string folder, string subject, DateTimeOffset notAfter, string thumbprint);

    [LoggerMessage(5001, LogLevel.Information, "Loaded the self-signed root CA from {Folder}: {Subject}, valid until {NotAfter:O}, thumbprint {Thumbprint}; trust bundle holds {RootCount} root(s)")]
    public static partial void RootLoaded(ILogger logger, string folder, string subject, DateTimeOffset notAfter, string thumbprint, int rootCount);

    [LoggerMessage(5002, LogLevel.Information, "Loaded the plugged-in CA from {Folder}: signing with {Subject} (valid until {NotAfter:O}), {IntermediateCount} intermediate(s) to root {Root}; trust bundle holds {RootCount} root(s)")]
    public static partial void CacertsLoaded(ILogger logger, string folder, string subject, DateTimeOffset notAfter, int intermediateCount, string root, int rootCount);

    [LoggerMessage(5003, LogLevel.Warning, "No CA folder is configured: the root CA lives in memory only and every restart creates a new one")]
    public static partial void InMemoryRoot(ILogger logger);

    [LoggerMessage(5004, LogLevel.Debug, "Issued certificate serial {Serial} for {Identity}, valid until {NotAfter:O}")]
    private static partial void IssuedCore(ILogger logger, string identity, string serial, DateTimeOffset notAfter);

    public static void Issued(ILogger logger, string identity, string serial, DateTimeOffset notAfter) =>
        IssuedCore(logger, LogText.Client(identity), serial, notAfter);

    [LoggerMessage(5005, LogLevel.Information, "Issued a serving certificate for {DnsNames}, serial {Serial}, valid until {NotAfter:O}")]
    public static partial void ServingIssued(ILogger logger, string dnsNames, string serial, DateTimeOffset notAfter);

    [LoggerMessage(5006, LogLevel.Warning, "Rotated the self-signed root in {Folder}: new root {Thumbprint} valid until {NotAfter:O}; the trust bundle keeps {RootCount} root(s) until the old ones expire")]
    public static partial void RootRotated(ILogger logger, string folder, string thumbprint, DateTimeOffset notAfter, int rootCount);

    [LoggerMessage(5007, LogLevel.Warning, "Requested lifetime {Requested} for {Identity} is longer than the maximum; issuing for {Granted}")]
    private static partial void LifetimeCappedCore(ILogger logger, string identity, TimeSpan requested, TimeSpan granted);

    public static void LifetimeCapped(ILogger logger, string identity, TimeSpan requested, TimeSpan granted) =>
        LifetimeCappedCore(logger, LogText.Client(identity), requested, granted);

    [LoggerMessage(5010, LogLevel.Warning, "Root rotation ({Where}): old root {OldThumbprint} expiring {OldNotAfter:O} replaced by {NewThumbprint} valid until {NewNotAfter:O}; the trust bundle holds {RootCount} root(s)")]
    public static partial void RootRotatedOnSchedule(
        ILogger logger, string where, string oldThumbprint, DateTime oldNotAfter, string newThumbprint, DateTime newNotAfter, int rootCount);

    [LoggerMessage(5011, LogLevel.Information, "Self-signed root rotation: the current root is due at {DueAt:O}; checking every {Interval}")]
    public static partial void RootRotationScheduled(ILogger logger, DateTimeOffset dueAt, TimeSpan interval);

    [LoggerMessage(5012, LogLevel.Information, "Self-signed root rotation is off: {Reason}")]
    public static partial void RootRotationOff(ILogger logger, string reason);

    // 9200-9249: issue 13 hardening (sec-input).
    [LoggerMessage(9210, LogLevel.Warning, "The CA's private key {Path} is accessible to group or others (mode {Mode}); anyone who reads it can issue any mesh identity: chmod 600 it (a Secret volume: defaultMode 0400)")]
    public static partial void KeyNotPrivate(ILogger logger, string path, string mode);

    [LoggerMessage(5013, LogLevel.Error, "Rotating the self-signed root failed: {Error}; keeping the current root and retrying at the next check")]
    public static partial void RootRotationFailed(ILogger logger, string error);
}
