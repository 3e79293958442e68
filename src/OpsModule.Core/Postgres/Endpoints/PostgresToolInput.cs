namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>What a client tool gets on stdin: nothing (closed at once), or a stream the caller writes.</summary>
/// <param name="Attached">Whether stdin is attached for the caller to write.</param>
/// <param name="ExactBytes">The bytes that will be written, for tools that read stdin to its end where its end cannot be signalled (v4 exec).</param>
internal readonly record struct PostgresToolInput(bool Attached, long? ExactBytes)
{
    public static PostgresToolInput None => new(false, null);

    public static PostgresToolInput Stream(long? exactBytes = null) => new(true, exactBytes);
}
