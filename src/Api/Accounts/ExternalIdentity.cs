namespace ContextKit.Api.Accounts;

/// <summary>Who an external provider (Google, Entra ID, GitHub) says signed in.</summary>
public sealed record ExternalIdentity(string Provider, string Subject, string? Email, bool EmailVerified, string? DisplayName);
