using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace Istiod.Net.Grpc.Client;

/// <summary>Writes one message with its 5-byte prefix (never compressed) into a buffer writer.</summary>
internal static class GrpcMessageWriter
{
    /// <param name="maxMessageSize">The send limit; <c>null</c> means none.</param>
    /// <param name="direction">"request" or "response", for the error message.</param>
    public static void Write<T>(IBufferWriter<byte> output, T message, int? maxMessageSize, string direction)
        where T : IMessage<T>
    {
        var size = message.CalculateSize();

        // Checked before anything is written, so a refused message leaves the stream untouched.
        if (maxMessageSize is { } limit && size > limit)
        {
            throw new GrpcException(
                GrpcStatusCode.ResourceExhausted,
                $"The {direction} message is {size} bytes, more than the send limit of {limit} bytes.");
        }

        var header = output.GetSpan(GrpcProtocol.FrameHeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)size);
        output.Advance(GrpcProtocol.FrameHeaderSize);
        message.WriteTo(output);
    }
}
