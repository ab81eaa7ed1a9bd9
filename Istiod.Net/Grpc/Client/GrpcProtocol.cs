namespace Istiod.Net.Grpc.Client;

/// <summary>Names and numbers of the gRPC over HTTP/2 wire protocol, shared by the server and the client.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string IdentityEncoding = "identity";

    /// <summary>1 byte compressed flag + 4 byte big-endian length in front of every message.</summary>
    public const int FrameHeaderSize = 5;

    /// <summary>
    /// True for <c>application/grpc</c>, <c>application/grpc+proto</c> and the like, but not for
    /// <c>application/grpc-web</c>, which is a different protocol.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (contentType.Length == ContentType.Length)
        {
            return true;
        }

        var next = contentType[ContentType.Length];
        return next is '+' or ';';
    }

    /// <summary>
    /// True for the protobuf forms, <c>application/grpc</c> and <c>application/grpc+proto</c> (parameters
    /// aside); other codecs such as <c>application/grpc+json</c> are gRPC but not something we can decode.
    /// </summary>
    public static bool IsProtobufContentType(string contentType)
    {
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return mediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase) ||
            mediaType.Equals(ContentType + "+proto", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether a <c>grpc-encoding</c> value means "not compressed".</summary>
    public static bool IsIdentity(string? encoding) =>
        string.IsNullOrEmpty(encoding) || string.Equals(encoding, IdentityEncoding, StringComparison.OrdinalIgnoreCase);
}
