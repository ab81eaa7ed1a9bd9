using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Xds.Generation;

/// <summary>A resource's version: the first 8 bytes of the SHA-256 of its packed bytes, in hex.</summary>
public static class ResourceVersion
{
    public static string Of(Any resource)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(resource.Value.Span, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
