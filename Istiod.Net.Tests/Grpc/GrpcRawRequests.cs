using System.Buffers.Binary;
using System.Net.Http.Headers;

namespace Istiod.Net.Tests.Grpc;

/// <summary>Hand-made gRPC requests, for bytes a well-behaved client never sends.</summary>
internal static class GrpcRawRequests
{
    public static HttpRequestMessage Create(string method, byte[] body, IReadOnlyDictionary<string, string>? headers = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Content = content,
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TE.ParseAdd("trailers");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>A frame: flag byte, 4-byte big-endian <paramref name="declaredLength"/>, then the payload as given.</summary>
    public static byte[] Frame(byte[] payload, byte compressedFlag = 0, int? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressedFlag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(declaredLength ?? payload.Length));
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>The status of a finished response: trailers, or headers for a trailers-only response.</summary>
    public static async Task<(string Status, string Message)> ReadStatusAsync(HttpResponseMessage response)
    {
        await response.Content.ReadAsByteArrayAsync().DefaultTimeout();
        var source = response.Headers.Contains("grpc-status") ? (HttpHeaders)response.Headers : response.TrailingHeaders;
        var status = source.GetValues("grpc-status").Single();
        var message = source.TryGetValues("grpc-message", out var values) ? Uri.UnescapeDataString(values.Single()) : string.Empty;
        return (status, message);
    }
}
