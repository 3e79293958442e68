namespace OpsModule.TestCluster;

/// <summary>How one request arrived: its protocol ("HTTP/1.1", "HTTP/2") and the id of the connection that carried it.</summary>
public sealed record RequestTransport(string Protocol, string ConnectionId);
