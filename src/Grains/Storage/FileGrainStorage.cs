using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace ContextKit.Grains.Storage;

/// <summary>
/// Durable grain state as one file per grain under a folder: the embedded default, needing no database.
/// Each file is an envelope holding the state, its ETag and a SHA-256 of the state, written to a
/// temporary file, flushed and renamed over the old one, so a crash leaves the old or the new state,
/// never half of one. At start-up every file is checked; a corrupt one stops the silo with its name,
/// because starting without it would silently lose that state.
/// </summary>
public sealed class FileGrainStorage(string name, string folder, IGrainStorageSerializer serializer, ILogger<FileGrainStorage> logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    const string Extension = ".state.json";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var envelope = await ReadEnvelope(path);
        grainState.State = serializer.Deserialize<T>(new BinaryData(Convert.FromBase64String(envelope.Payload)));
        grainState.ETag = envelope.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        await CheckETag(path, grainState.ETag);
        var payload = serializer.Serialize(grainState.State).ToArray();
        var envelope = new StateEnvelope(1, Guid.NewGuid().ToString("N"), Convert.ToHexStringLower(SHA256.HashData(payload)), Convert.ToBase64String(payload));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await JsonSerializer.SerializeAsync(stream, envelope);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        grainState.ETag = envelope.ETag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        await CheckETag(path, grainState.ETag);
        if (File.Exists(path)) // a state never written has no file, and maybe no folder either
            File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(FileGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices, CheckAllFiles);

    /// <summary>Reads every state file once; throws <see cref="CorruptGrainStateException"/> naming the first bad one.</summary>
    public async Task CheckAllFiles(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
            return;
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension, SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ReadEnvelope(file);
            count++;
        }
        logger.LogInformation("Grain storage {Name}: {Count} state files checked", name, count);
    }

    async Task CheckETag(string path, string? expected)
    {
        string? stored = File.Exists(path) ? (await ReadEnvelope(path)).ETag : null;
        if (stored != expected)
            throw new InconsistentStateException($"The stored state of this grain changed under it (storage {name}).", stored ?? "none", expected ?? "none");
    }

    static async Task<StateEnvelope> ReadEnvelope(string path)
    {
        StateEnvelope? envelope;
        try
        {
            await using var stream = File.OpenRead(path);
            envelope = await JsonSerializer.DeserializeAsync<StateEnvelope>(stream);
        }
        catch (JsonException e)
        {
            throw new CorruptGrainStateException(path, $"it is not a state envelope ({e.Message})");
        }
        if (envelope is null || envelope.Format != 1 || string.IsNullOrEmpty(envelope.ETag) || envelope.Payload is null)
            throw new CorruptGrainStateException(path, "required fields are missing");
        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(envelope.Payload);
        }
        catch (FormatException)
        {
            throw new CorruptGrainStateException(path, "the state is not valid base64");
        }
        if (Convert.ToHexStringLower(SHA256.HashData(payload)) != envelope.Sha256)
            throw new CorruptGrainStateException(path, "its checksum does not match its content");
        return envelope;
    }

    string PathFor(string stateName, GrainId grainId) =>
        Path.Combine(folder, SafeFileName.From(stateName), SafeFileName.From(grainId.Type.ToString()!), SafeFileName.From(grainId.Key.ToString()!) + Extension);

    sealed record StateEnvelope(int Format, string ETag, string Sha256, string Payload);
}

/// <summary>A grain state file that cannot be read back. The message names the file, for the operator.</summary>
public sealed class CorruptGrainStateException(string path, string reason)
    : Exception($"Grain state file '{path}' is corrupt: {reason}. Restore it from a backup or move it away, then start again; Context Kit will not start without it, so that no state is lost silently.");
