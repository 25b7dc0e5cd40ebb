using ContextKit.Domain.Accounts;

namespace ContextKit.Domain.Tests.Accounts;

public class AccountRulesTests
{
    [Theory]
    [InlineData("  Alice@Example.COM ", "alice@example.com")]
    [InlineData("bob.smith+ck@mail.example.org", "bob.smith+ck@mail.example.org")]
    public void Emails_are_normalised(string input, string expected)
    {
        Assert.True(EmailAddress.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("alice@localhost")]
    [InlineData("a b@example.com")]
    [InlineData("Alice <alice@example.com>")]
    [InlineData("../../x@example.com")]
    public void Malformed_emails_are_refused(string input) => Assert.False(EmailAddress.TryNormalize(input, out _));

    [Theory]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("password123")]
    public void Weak_passwords_are_refused_with_a_reason(string password) => Assert.NotNull(PasswordPolicy.Check(password));

    [Fact]
    public void A_password_holding_the_email_name_is_refused() =>
        Assert.NotNull(PasswordPolicy.Check("margaret-2026!", "margaret@example.com"));

    [Fact]
    public void A_long_uncommon_password_is_accepted() => Assert.Null(PasswordPolicy.Check("correct horse battery", "alice@example.com"));
}
