using System.Net.Sockets;
using OpsModule.Core.Errors;

namespace OpsModule.Tests.Faults;

/// <summary>
/// A connection that drops mid-stream reaches the classifier as an IOException; the ErrorRecord must point at the network,
/// not at "free disk space".
/// </summary>
public sealed class DroppedConnectionClassificationTests
{
    [Fact]
    public void A_response_that_ends_early_is_a_connection_error()
    {
        var error = new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.");

        var info = FaultAssert.Classified(error, OpsErrorIds.ConnectionFailed, OpsErrorCategory.ConnectionError, "network");
        Assert.DoesNotContain("disk", info.RecommendedAction!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_reset_socket_under_a_stream_read_is_a_connection_error()
    {
        var error = new IOException(
            "Unable to read data from the transport connection: Connection reset by peer.",
            new SocketException((int)SocketError.ConnectionReset));

        FaultAssert.Classified(error, OpsErrorIds.ConnectionFailed, OpsErrorCategory.ConnectionError, "network");
    }

    [Fact]
    public void A_plain_io_failure_is_still_a_storage_error()
    {
        FaultAssert.Classified(new IOException("No space left on device"), OpsErrorIds.FileIoFailed, OpsErrorCategory.ResourceUnavailable, "disk space");
    }
}
