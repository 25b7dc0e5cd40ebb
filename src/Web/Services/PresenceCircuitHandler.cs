using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ContextKit.Web.Services;

/// <summary>
/// A browser whose connection drops is not "here" any more: Blazor keeps its circuit for a few minutes in case it
/// comes back, so presence leaves as soon as the connection goes down and returns when it is up again.
/// </summary>
public sealed class PresenceCircuitHandler(CollaborationService collaboration) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) => collaboration.Away();

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken) => collaboration.Back();
}
