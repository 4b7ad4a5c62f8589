using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatCommerce.BotServer.Storage;

/// <summary>Healthy when the database answers a real read.</summary>
public sealed class LiteDbHealthCheck(LiteDbContext db) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var collections = db.Database.GetCollectionNames().Count();
            return Task.FromResult(HealthCheckResult.Healthy($"{collections} collections"));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("LiteDB does not answer", ex));
        }
    }
}
