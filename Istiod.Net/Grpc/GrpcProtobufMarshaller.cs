using Google.Protobuf;
using Grpc.Core;

namespace Istiod.Net.Grpc;

/// <summary>
/// Protobuf (de)serialization for registered methods. Our own rather than the generated marshallers for one
/// reason: a request that does not parse ends the call with INTERNAL and says what was wrong (as the gRPC spec
/// asks of a server that cannot decode a message), where the library would report UNKNOWN.
/// </summary>
internal static class GrpcProtobufMarshaller
{
    public static Marshaller<T> Create<T>(MessageParser<T>? parser, string direction)
        where T : class, IMessage<T> =>
        Marshallers.Create<T>(
            (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context =>
            {
                if (parser is null)
                {
                    throw new InvalidOperationException($"No parser for the {direction} messages of this method.");
                }

                try
                {
                    return parser.ParseFrom(context.PayloadAsReadOnlySequence());
                }
                catch (InvalidProtocolBufferException e)
                {
                    throw new RpcException(new Status(StatusCode.Internal, $"The {direction} message is not a valid {typeof(T).Name}: {e.Message}"));
                }
            });
}
