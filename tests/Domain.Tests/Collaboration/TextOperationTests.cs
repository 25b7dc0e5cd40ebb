using ContextKit.Domain.Collaboration;

namespace ContextKit.Domain.Tests.Collaboration;

public class TextOperationTests
{
    static TextOperationBuilder Op() => new();

    [Fact]
    public void Applying_retain_insert_delete_edits_the_text()
    {
        var operation = Op().Retain(6).Insert("brave new ").Delete(5).Insert("world").Retain(1).Build();

        Assert.Equal("hello brave new world!", operation.Apply("hello there!"));
        Assert.Equal(12, operation.BaseLength);
        Assert.Equal(22, operation.TargetLength);
    }

    [Fact]
    public void Components_are_normalised_merged_and_without_zero_lengths()
    {
        var operation = Op().Retain(2).Retain(0).Retain(3).Insert("").Delete(1).Insert("x").Insert("y").Delete(2).Retain(4).Build();

        Assert.Equal(
            [TextComponent.Retain(5), TextComponent.Insert("xy"), TextComponent.Delete(3), TextComponent.Retain(4)],
            operation.Components);
        Assert.Equal(Op().Retain(5).Insert("xy").Delete(3).Retain(4).Build(), operation);
    }

    [Fact]
    public void A_trailing_retain_is_kept_so_the_operation_spans_the_document()
    {
        var operation = Op().Insert("a").Retain(3).Build();

        Assert.Equal(TextComponent.Retain(3), operation.Components[^1]);
        Assert.Equal(3, operation.BaseLength);
        Assert.True(TextOperation.Identity(4).IsIdentity);
        Assert.Empty(TextOperation.Identity(0).Components);
    }

    [Fact]
    public void Applying_to_a_shorter_document_reports_that_the_operation_reaches_past_the_end()
    {
        var operation = Op().Retain(5).Delete(3).Build();

        var error = Assert.Throws<TextOperationException>(() => operation.Apply("short"));
        Assert.Equal(TextOperationError.LengthMismatch, error.Error);
        Assert.Contains("past the end", error.Message);
        Assert.IsAssignableFrom<InvalidOperationException>(error);
    }

    [Fact]
    public void Applying_to_a_longer_document_reports_that_the_operation_must_cover_the_whole_text()
    {
        var error = Assert.Throws<TextOperationException>(() => Op().Retain(2).Build().Apply("longer"));

        Assert.Equal(TextOperationError.LengthMismatch, error.Error);
        Assert.Contains("whole text", error.Message);
    }

    [Fact]
    public void Negative_counts_are_refused()
    {
        Assert.Equal(TextOperationError.Malformed, Assert.Throws<TextOperationException>(() => Op().Retain(-1)).Error);
        Assert.Equal(TextOperationError.Malformed, Assert.Throws<TextOperationException>(() => Op().Delete(-2)).Error);
        Assert.Throws<TextOperationException>(() => TextComponent.Retain(0));
        Assert.Throws<TextOperationException>(() => TextComponent.Insert(""));
    }

    [Fact]
    public void Lengths_count_utf16_code_units_so_an_emoji_counts_two()
    {
        var operation = Op().Retain(2).Insert("!").Retain(1).Build();

        Assert.Equal("😀!x", operation.Apply("😀x"));
    }

    [Theory]
    [InlineData(1, 2, 0)] // retain ends inside the pair
    [InlineData(0, 1, 0)] // delete ends inside the pair
    [InlineData(1, 0, 1)] // insert lands inside the pair
    public void A_boundary_between_the_halves_of_a_surrogate_pair_is_refused(int retain, int delete, int insert)
    {
        var builder = Op().Retain(retain).Delete(delete);
        if (insert > 0)
            builder.Insert("x");
        var operation = builder.Retain(3 - retain - delete).Build();

        var error = Assert.Throws<TextOperationException>(() => operation.Apply("😀a"));
        Assert.Equal(TextOperationError.SplitsSurrogatePair, error.Error);
        Assert.Contains("UTF-16 offset 1", error.Message);
    }

    [Fact]
    public void Inserting_an_unpaired_surrogate_is_refused()
    {
        // Built in code: xunit's theory data would replace a lone surrogate with U+FFFD before the test saw it.
        foreach (var text in new[] { "\ud83d", "\ude00x", "a\ud83d" })
        {
            var error = Assert.Throws<TextOperationException>(() => Op().Insert(text).Build());
            Assert.Equal(TextOperationError.Malformed, error.Error);
            Assert.Contains("unpaired", error.Message);
        }
    }

    [Fact]
    public void Compose_has_the_effect_of_both_operations_in_turn()
    {
        var first = Op().Retain(3).Insert("XY").Retain(3).Build();     // abc|XY|def
        var second = Op().Retain(4).Delete(2).Insert("!").Retain(2).Build(); // abcX + ! + ef

        var composed = TextOperation.Compose(first, second);

        Assert.Equal("abcX!ef", composed.Apply("abcdef"));
        Assert.Equal(second.Apply(first.Apply("abcdef")), composed.Apply("abcdef"));
    }

    [Fact]
    public void Composing_operations_whose_lengths_do_not_meet_is_refused()
    {
        var error = Assert.Throws<TextOperationException>(() => TextOperation.Compose(TextOperation.Identity(3), TextOperation.Identity(4)));
        Assert.Equal(TextOperationError.LengthMismatch, error.Error);
    }

    [Fact]
    public void Transform_satisfies_tp1_for_concurrent_edits()
    {
        const string document = "the quick fox";
        var a = Op().Retain(4).Delete(6).Insert("slow ").Retain(3).Build();  // the slow fox
        var b = Op().Retain(10).Insert("brown ").Retain(3).Build();        // the quick brown fox

        var (aPrime, bPrime) = TextOperation.Transform(a, b);

        Assert.Equal(bPrime.Apply(a.Apply(document)), aPrime.Apply(b.Apply(document)));
        Assert.Equal("the slow brown fox", bPrime.Apply(a.Apply(document)));
    }

    [Fact]
    public void Concurrent_inserts_at_one_position_are_ordered_by_the_tie_break()
    {
        var left = Op().Retain(1).Insert("L").Retain(1).Build();
        var right = Op().Retain(1).Insert("R").Retain(1).Build();

        var (l1, r1) = TextOperation.Transform(left, right, InsertTieBreak.LeftFirst);
        var (l2, r2) = TextOperation.Transform(left, right, InsertTieBreak.RightFirst);

        Assert.Equal("aLRb", r1.Apply(left.Apply("ab")));
        Assert.Equal("aLRb", l1.Apply(right.Apply("ab")));
        Assert.Equal("aRLb", r2.Apply(left.Apply("ab")));
        Assert.Equal("aRLb", l2.Apply(right.Apply("ab")));
    }

    [Fact]
    public void Overlapping_deletes_remove_the_shared_text_once()
    {
        const string document = "0123456789";
        var a = Op().Retain(2).Delete(5).Retain(3).Build(); // removes 2..6
        var b = Op().Retain(4).Delete(5).Retain(1).Build(); // removes 4..8

        var (aPrime, bPrime) = TextOperation.Transform(a, b);

        Assert.Equal("019", bPrime.Apply(a.Apply(document)));
        Assert.Equal("019", aPrime.Apply(b.Apply(document)));
    }

    [Fact]
    public void An_insert_inside_a_concurrently_deleted_range_survives()
    {
        var delete = Op().Retain(1).Delete(4).Retain(1).Build();
        var insert = Op().Retain(3).Insert("keep").Retain(3).Build();

        var (deletePrime, insertPrime) = TextOperation.Transform(delete, insert);

        Assert.Equal("akeepf", insertPrime.Apply(delete.Apply("abcdef")));
        Assert.Equal("akeepf", deletePrime.Apply(insert.Apply("abcdef")));
    }

    [Fact]
    public void Transforming_operations_on_different_documents_is_refused()
    {
        var error = Assert.Throws<TextOperationException>(() => TextOperation.Transform(TextOperation.Identity(2), TextOperation.Identity(3)));
        Assert.Equal(TextOperationError.LengthMismatch, error.Error);
    }

    [Fact]
    public void Invert_undoes_the_operation()
    {
        const string document = "hello world";
        var operation = Op().Retain(6).Delete(5).Insert("there").Build();

        Assert.Equal(document, operation.Invert(document).Apply(operation.Apply(document)));
    }
}
