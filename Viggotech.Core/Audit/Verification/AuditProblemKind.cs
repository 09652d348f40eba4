namespace Viggotech.Core.Audit.Verification;

public enum AuditProblemKind
{
    /// <summary>An event's content does not match its recorded hash.</summary>
    ModifiedEvent,

    /// <summary>Sequence numbers skip: events were deleted.</summary>
    MissingEvents,

    /// <summary>An event repeats a sequence number, belongs to another tenant, or does not link to the event before it.</summary>
    InsertedEvent,

    /// <summary>An event that should come here appears elsewhere in the bundle.</summary>
    ReorderedEvents,

    /// <summary>A seal or prune record's signature does not verify with its key.</summary>
    BadSignature,

    /// <summary>A seal or prune record names a key id that is not among the trusted keys.</summary>
    UnknownKey,

    /// <summary>A correctly signed seal does not match the events or the seal before it.</summary>
    SealMismatch,

    /// <summary>A seal covers events that are not in the bundle.</summary>
    SealBeyondEvents,

    /// <summary>The bundle ends before the events its trailer promises, or has no trailer.</summary>
    Truncated,

    /// <summary>The trailer disagrees with the events (count, last sequence or last hash).</summary>
    TrailerMismatch,

    /// <summary>A line is JSON but not a valid record, or records come in an impossible order.</summary>
    MalformedRecord,

    /// <summary>The input does not start with a bundle header of a supported version.</summary>
    NotABundle,

    /// <summary>A line is not JSON.</summary>
    InvalidJson,

    /// <summary>The input could not be read (I/O error, corrupt compression).</summary>
    UnreadableInput,
}
