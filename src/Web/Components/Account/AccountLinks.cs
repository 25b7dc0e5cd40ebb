namespace ContextKit.Web.Components.Account;

/// <summary>Links between the sign-in and sign-up pages that carry the typed email and the page to return to.</summary>
public static class AccountLinks
{
    public static string SignIn(string? returnUrl = null, string? email = null) => WithQuery("/signin", returnUrl, email);

    public static string Register(string? returnUrl = null, string? email = null) => WithQuery("/register", returnUrl, email);

    static string WithQuery(string page, string? returnUrl, string? email)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(returnUrl))
            query.Add("returnUrl=" + Uri.EscapeDataString(returnUrl));
        if (!string.IsNullOrEmpty(email))
            query.Add("email=" + Uri.EscapeDataString(email));
        return query.Count == 0 ? page : page + "?" + string.Join('&', query);
    }
}
