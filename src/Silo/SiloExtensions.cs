using ContextKit.Grains.Hosting;
using ContextKit.Silo.Deployment;
using ContextKit.Silo.Observability;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ContextKit.Silo;

/// <summary>
/// The Orleans silo this process hosts. With no settings it is the embedded default: one node on
/// localhost, grain state in files under the data folder, memory streams. Clustering, grain state and
/// streams each switch by configuration alone (<see cref="DeploymentOptions"/>).
/// </summary>
public static class SiloExtensions
{
    public static WebApplicationBuilder AddContextKitSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var storage = new StorageOptions();
        configuration.GetSection(StorageOptions.Section).Bind(storage);
        // `--data DIR` beats CONTEXTKIT_DATA beats ContextKit:DataPath beats ./data.
        storage.DataPath = configuration["data"] ?? configuration["CONTEXTKIT_DATA"] ?? configuration["ContextKit:DataPath"] ?? "data";
        builder.Services.Configure<StorageOptions>(options =>
        {
            configuration.GetSection(StorageOptions.Section).Bind(options);
            options.DataPath = storage.DataPath;
        });

        builder.Services.Configure<Grains.Documents.LiveDocumentOptions>(configuration.GetSection(Grains.Documents.LiveDocumentOptions.Section));

        // Cookies and Blazor circuits must be readable by every node: the key ring sits with the shared keys.
        builder.Services.AddDataProtection()
            .SetApplicationName("contextkit")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(storage.Keys, "data-protection")));

        var deployment = configuration.GetSection(DeploymentOptions.Section).Get<DeploymentOptions>() ?? new DeploymentOptions();
        var node = NodeIdentity.From(deployment, configuration);
        builder.Services.AddSingleton(deployment);
        builder.UseOrleans(silo =>
        {
            silo.UseConfiguredClustering(deployment, node, configuration);
            silo.AddContextKitGrainServices();
            silo.UseConfiguredStreams(deployment, configuration);
            silo.UseConfiguredGrainState(deployment, storage, configuration);
            silo.AddConfiguredDashboard(configuration);
            silo.AddOutgoingGrainCallFilter<RejectedCallRetry>();
        });
        return builder;
    }

    /// <summary>Says where the product can be reached once the server listens: the first thing a person needs.</summary>
    public static WebApplication AnnounceAddresses(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
                Console.WriteLine($"Context Kit is listening on {address.Replace("[::]", "localhost").Replace("0.0.0.0", "localhost")}");
            Console.WriteLine($"Data folder: {Path.GetFullPath(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.DataPath)}");
        });
        return app;
    }
}
