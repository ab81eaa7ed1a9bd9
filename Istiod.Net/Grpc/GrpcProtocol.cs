namespace Istiod.Net.Grpc;

/// <summary>Names of the gRPC over HTTP/2 wire protocol that the server's guard and fallback read and write.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";

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
}
