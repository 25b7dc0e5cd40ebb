using ContextKit.Grains.Contracts;
using ContextKit.Grains.Git;
using ContextKit.Grains.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace ContextKit.Grains.Hosting;

/// <summary>Wires the grains into a silo: what every silo needs, whatever its storage and clustering.</summary>
public static class GrainsHostingExtensions
{
    /// <summary>The grain storage provider every Context Kit grain uses.</summary>
    public const string StateStorage = "state";

    /// <summary>Registers the services grains depend on, the change-feed stream (in memory) and the serializer for engine types.</summary>
    public static ISiloBuilder AddContextKitGrains(this ISiloBuilder silo, TimeSpan? streamPollPeriod = null)
    {
        silo.AddContextKitGrainServices();
        silo.AddChangeFeedMemoryStreams(streamPollPeriod ?? TimeSpan.FromMilliseconds(20));
        silo.AddMemoryGrainStorage("PubSubStore");
        return silo;
    }

    /// <summary>The services grains depend on, without any stream or storage provider (the host picks those).</summary>
    public static ISiloBuilder AddContextKitGrainServices(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<RepositoryStore>();
        silo.Services.AddContextKitDataProtection();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddContextKitSerialization();
        return silo;
    }

    /// <summary>The change feed on memory streams. They poll their queues; the default 100 ms adds that much to every live update.</summary>
    public static ISiloBuilder AddChangeFeedMemoryStreams(this ISiloBuilder silo, TimeSpan pollPeriod) =>
        silo.AddMemoryStreams(ChangeFeedStream.Provider, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure(options => options.GetQueueMsgsTimerPeriod = pollPeriod)));

    /// <summary>
    /// Data Protection (remote tokens, and the UI's cookies) with its keys in <c>{keys}/data-protection</c>, so a
    /// restart, or another node reading the same folder, can still decrypt what was protected before.
    /// </summary>
    public static IServiceCollection AddContextKitDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("ContextKit");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((options, storage, logs) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(storage.Value.Keys, "data-protection")), logs));
        return services;
    }

    /// <summary>
    /// Engine (Domain) types cross grain calls as JSON, so the engine stays free of Orleans attributes.
    /// Silos and external clients both need this.
    /// </summary>
    public static IServiceCollection AddContextKitSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type.Namespace?.StartsWith("ContextKit.Domain", StringComparison.Ordinal) == true
                                 && !typeof(Exception).IsAssignableFrom(type)));

    /// <summary>Durable grain state as files under <paramref name="folder"/> (the embedded default).</summary>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder silo, string name, string folder)
    {
        silo.Services.AddGrainStorage(name, (services, providerName) => new FileGrainStorage(
            providerName, folder,
            new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
            services.GetRequiredService<ILogger<FileGrainStorage>>()));
        return silo;
    }
}
