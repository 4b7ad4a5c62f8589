namespace ChatCommerce.BotServer.Errors;

/// <summary>One problem with one request field, e.g. ("group_id", "must not be empty").</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>Base of the failures that features raise; Grpc/ErrorMappingInterceptor turns each into one status.</summary>
public abstract class ChatCommerceException : Exception
{
    protected ChatCommerceException(string message) : base(message)
    {
    }

    protected ChatCommerceException(string message, Exception? cause) : base(message, cause)
    {
    }
}

/// <summary>Bad input: INVALID_ARGUMENT with google.rpc.BadRequest field violations.</summary>
public sealed class InvalidRequestException(IReadOnlyList<FieldViolation> violations)
    : ChatCommerceException(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    public InvalidRequestException(string field, string description) : this([new FieldViolation(field, description)])
    {
    }
}

/// <summary>NOT_FOUND: the named thing does not exist for this merchant.</summary>
public sealed class NotFoundException(string resourceType, string id)
    : ChatCommerceException($"{resourceType} '{id}' was not found.")
{
    public string ResourceType { get; } = resourceType;
    public string Id { get; } = id;
}

/// <summary>PERMISSION_DENIED: the caller's key may not touch this merchant's data.</summary>
public sealed class TenantAccessDeniedException(string message) : ChatCommerceException(message);

/// <summary>FAILED_PRECONDITION: a business rule refuses the request (not a plain outcome).</summary>
public sealed class BusinessRuleException(string reason, string message) : ChatCommerceException(message)
{
    /// <summary>A stable UPPER_SNAKE reason for clients, sent as google.rpc.ErrorInfo.</summary>
    public string Reason { get; } = reason;
}

/// <summary>ALREADY_EXISTS: a create named an id that is taken.</summary>
public sealed class AlreadyExistsException(string resourceType, string id)
    : ChatCommerceException($"{resourceType} '{id}' already exists.");

/// <summary>RESOURCE_EXHAUSTED (never UNAVAILABLE, which clients retry at once): too many requests for this key.</summary>
public sealed class RateLimitedException(TimeSpan retryAfter, string message) : ChatCommerceException(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// RESOURCE_EXHAUSTED with reason DISK_FULL: the data volume has less free space than
/// Storage:MinFreeBytes, so the write was refused before it started. Reads still work.
/// </summary>
public sealed class StorageFullException(long freeBytes, long minFreeBytes)
    : ChatCommerceException($"The data volume has {freeBytes:N0} bytes free, under the {minFreeBytes:N0} a write needs; the write was refused.")
{
    public long FreeBytes { get; } = freeBytes;
}

/// <summary>
/// UNAVAILABLE: the database broke under this request (it is being, or could not be, reopened);
/// the request was not applied and may be retried.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception? cause) : ChatCommerceException(message, cause);

/// <summary>Collects field violations and throws them together.</summary>
public sealed class Violations
{
    private readonly List<FieldViolation> _items = [];

    public bool Any => _items.Count > 0;

    public Violations Add(string field, string description)
    {
        _items.Add(new FieldViolation(field, description));
        return this;
    }

    public Violations When(bool condition, string field, string description) => condition ? Add(field, description) : this;

    public void ThrowIfAny()
    {
        if (_items.Count > 0)
        {
            throw new InvalidRequestException(_items.ToArray());
        }
    }

    public IReadOnlyList<FieldViolation> ToList() => _items.ToArray();
}
