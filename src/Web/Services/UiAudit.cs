using ContextKit.Api.Audit;
using ContextKit.Api.Repositories;
using ContextKit.Grains.Contracts;
using Microsoft.AspNetCore.Http;

namespace ContextKit.Web.Services;

/// <summary>
/// Audits what a user does through the UI, with the same action names as the REST API (<c>files.put</c>,
/// <c>git.commit.post</c>, …), source "ui" and the address the circuit was opened from. Scoped: one per circuit.
/// </summary>
public sealed class UiAudit(AuditTrail trail, IHttpContextAccessor http)
{
    // The circuit's HTTP context exists only while it is being set up, so the address is taken then.
    readonly string? clientAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public Task Record(RepositoryScope scope, string action, string? target) =>
        trail.RecordForRepository(scope.Repository.Id, scope.Actor, action, target, AuditSources.Ui, clientAddress);

    public Task Record(string repositoryId, Actor actor, string action, string? target) =>
        trail.RecordForRepository(repositoryId, actor, action, target, AuditSources.Ui, clientAddress);

    public Task RecordForAccount(Actor actor, string action, string? target) =>
        trail.RecordForAccount(actor, action, target, AuditSources.Ui, clientAddress);
}
