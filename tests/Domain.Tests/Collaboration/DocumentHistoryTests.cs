using ContextKit.Domain.Collaboration;

namespace ContextKit.Domain.Tests.Collaboration;

public class DocumentHistoryTests
{
    static TextOperation Insert(int at, string text, int length) => new TextOperationBuilder().Retain(at).Insert(text).Retain(length - at).Build();

    [Fact]
    public void An_edit_on_the_current_version_is_applied_as_is_and_gets_the_next_version()
    {
        var history = new DocumentHistory("hello");

        var applied = history.Submit(0, Insert(5, "!", 5), "alice");

        Assert.Equal(new AppliedOperation(1, Insert(5, "!", 5), "alice"), applied);
        Assert.Equal("hello!", history.Text);
        Assert.Equal(1, history.Version);
    }

    [Fact]
    public void An_edit_on_an_older_version_is_transformed_past_the_operations_since()
    {
        var history = new DocumentHistory("ab");
        history.Submit(0, Insert(1, "X", 2), "alice");
        history.Submit(1, Insert(3, "Y", 3), "alice");

        var applied = history.Submit(0, new TextOperationBuilder().Retain(1).Delete(1).Build(), "bob"); // removes "b"

        Assert.Equal("aXY", history.Text);
        Assert.Equal(3, applied.Version);
        Assert.Equal(new TextOperationBuilder().Retain(2).Delete(1).Retain(1).Build(), applied.Operation);
    }

    [Fact]
    public void Concurrent_inserts_at_one_position_keep_the_applied_text_first()
    {
        var history = new DocumentHistory("ab");
        history.Submit(0, Insert(1, "first", 2), "alice");

        history.Submit(0, Insert(1, "second", 2), "bob");

        Assert.Equal("afirstsecondb", history.Text);
    }

    [Fact]
    public void Every_edit_against_the_same_old_version_keeps_its_insert()
    {
        var history = new DocumentHistory("0123456789");
        for (var i = 0; i < 20; i++)
            history.Submit(0, Insert(i * 7 % 11, $"<{i}>", 10), $"user{i}");

        for (var i = 0; i < 20; i++)
            Assert.Contains($"<{i}>", history.Text);
        Assert.Equal(10 + Enumerable.Range(0, 20).Sum(i => $"<{i}>".Length), history.Text.Length);
    }

    [Fact]
    public void A_future_version_is_refused()
    {
        var history = new DocumentHistory("x");

        var error = Assert.Throws<DocumentVersionException>(() => history.Submit(1, TextOperation.Identity(1), "alice"));

        Assert.Equal(DocumentVersionProblem.Future, error.Problem);
        Assert.Contains("only at version 0", error.Message);
        Assert.Equal("x", history.Text);
    }

    [Fact]
    public void A_version_older_than_the_window_is_refused_as_too_stale()
    {
        var history = new DocumentHistory("", limits: new DocumentLimits(HistoryWindow: 3));
        for (var v = 0; v < 5; v++)
            history.Submit(v, Insert(v, "x", v), "alice");

        var error = Assert.Throws<DocumentVersionException>(() => history.Submit(1, Insert(0, "y", 1), "bob"));

        Assert.Equal(DocumentVersionProblem.Stale, error.Problem);
        Assert.Equal(2, history.OldestVersion);
        Assert.Contains("reload the document", error.Message);
        Assert.Equal(6, history.Submit(2, Insert(0, "y", 2), "bob").Version); // the oldest kept version still works
    }

    [Fact]
    public void An_edit_reaching_past_the_end_of_its_version_is_refused()
    {
        var history = new DocumentHistory("abc");
        history.Submit(0, Insert(3, "def", 3), "alice");

        var error = Assert.Throws<TextOperationException>(() => history.Submit(0, new TextOperationBuilder().Retain(4).Delete(2).Build(), "bob"));

        Assert.Equal(TextOperationError.LengthMismatch, error.Error);
        Assert.Contains("past the end of version 0", error.Message);
        Assert.Equal(1, history.Version);
    }

    [Fact]
    public void An_edit_splitting_an_emoji_is_refused_and_changes_nothing()
    {
        var history = new DocumentHistory("a😀");

        var error = Assert.Throws<TextOperationException>(() => history.Submit(0, new TextOperationBuilder().Retain(2).Delete(1).Build(), "alice"));

        Assert.Equal(TextOperationError.SplitsSurrogatePair, error.Error);
        Assert.Equal(("a😀", 0L), (history.Text, history.Version));
    }

    [Fact]
    public void An_edit_over_the_operation_limits_is_refused()
    {
        var history = new DocumentHistory("", limits: new DocumentLimits(Operation: new TextOperationLimits(MaxInsertLength: 4)));

        var error = Assert.Throws<TextOperationException>(() => history.Submit(0, Insert(0, "12345", 0), "alice"));

        Assert.Equal(TextOperationError.LimitExceeded, error.Error);
    }

    [Fact]
    public void Growing_the_document_past_the_size_limit_is_refused_but_shrinking_it_is_not()
    {
        var history = new DocumentHistory("123456", limits: new DocumentLimits(MaxDocumentLength: 5));

        var error = Assert.Throws<DocumentTooLargeException>(() => history.Submit(0, Insert(0, "x", 6), "alice"));
        history.Submit(0, new TextOperationBuilder().Delete(2).Retain(4).Build(), "alice");

        Assert.Equal(7, error.Length);
        Assert.Equal("3456", history.Text);
    }

    [Fact]
    public void Since_lists_what_a_client_at_a_version_has_missed()
    {
        var history = new DocumentHistory("");
        history.Submit(0, Insert(0, "a", 0), "alice");
        history.Submit(1, Insert(1, "b", 1), "bob");

        Assert.Equal(["bob"], history.Since(1).Select(o => o.Author));
        Assert.Empty(history.Since(2));
        Assert.Throws<DocumentVersionException>(() => history.Since(3));
    }

    [Theory]
    [InlineData("hello world", "hello brave world", """[{"retain":6},{"insert":"brave "},{"retain":5}]""")]
    [InlineData("hello world", "hello", """[{"retain":5},{"delete":6}]""")]
    [InlineData("abc", "xyz", """[{"insert":"xyz"},{"delete":3}]""")]
    [InlineData("aaa", "aaaa", """[{"retain":3},{"insert":"a"}]""")]
    [InlineData("x😀y", "x😁y", """[{"retain":1},{"insert":"😁"},{"delete":2},{"retain":1}]""")]
    public void Diff_is_one_minimal_change_between_whole_characters(string before, string after, string expected)
    {
        var diff = DocumentHistory.Diff(before, after);

        Assert.Equal(TextOperation.Parse(expected), diff);
        Assert.Equal(after, diff.Apply(before));
    }

    [Fact]
    public void An_outside_write_becomes_an_edit_that_open_editors_transform_like_any_other()
    {
        var history = new DocumentHistory("title: Old\nbody\n");
        var editor = new CollaborationClient(history.Text, history.Version);
        var pending = editor.Edit(Insert(16, "more\n", 16))!;

        var outside = history.Replace("title: New\nbody\n", "rest")!;
        var ack = history.Submit(pending.BaseVersion, pending.Operation, "alice");
        editor.Receive(outside.Version, outside.Operation);
        editor.Acknowledge(ack.Version);

        Assert.Equal("title: New\nbody\nmore\n", history.Text);
        Assert.Equal(history.Text, editor.Text);
        Assert.Equal("rest", outside.Author);
        Assert.Null(history.Replace(history.Text, "rest"));
    }
}
