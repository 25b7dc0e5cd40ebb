using ContextKit.Domain.Collaboration;
using CsCheck;

namespace ContextKit.Domain.Tests.Collaboration;

public class TextOperationPropertyTests
{
    [Fact]
    public void Generated_operations_span_their_document()
    {
        RandomEdits.DocumentAndOperation.Sample(x => Assert.Equal(x.Document.Length, x.Operation.BaseLength));
    }

    [Fact]
    public void Transform_satisfies_tp1_for_either_tie_break()
    {
        Gen.Select(RandomEdits.ConcurrentPair, Gen.Bool).Sample(x =>
        {
            var ((document, a, b), leftFirst) = x;
            var (aPrime, bPrime) = TextOperation.Transform(a, b, leftFirst ? InsertTieBreak.LeftFirst : InsertTieBreak.RightFirst);
            Assert.Equal(bPrime.Apply(a.Apply(document)), aPrime.Apply(b.Apply(document)));
        }, iter: 2000);
    }

    [Fact]
    public void Transform_is_symmetric_when_the_tie_break_is_swapped()
    {
        RandomEdits.ConcurrentPair.Sample(x =>
        {
            var (aPrime, bPrime) = TextOperation.Transform(x.A, x.B, InsertTieBreak.LeftFirst);
            var (bSwapped, aSwapped) = TextOperation.Transform(x.B, x.A, InsertTieBreak.RightFirst);
            Assert.Equal(aPrime, aSwapped);
            Assert.Equal(bPrime, bSwapped);
        }, iter: 1000);
    }

    [Fact]
    public void Transform_keeps_both_sides_inserted_text()
    {
        RandomEdits.ConcurrentPair.Sample(x =>
        {
            var (aPrime, bPrime) = TextOperation.Transform(x.A, x.B);
            Assert.Equal(x.B.InsertedLength, bPrime.InsertedLength);
            Assert.Equal(x.A.InsertedLength, aPrime.InsertedLength);
        }, iter: 1000);
    }

    [Fact]
    public void Compose_applies_like_the_two_operations_in_turn()
    {
        Gen.Select(RandomEdits.DocumentAndOperation, RandomEdits.Decisions).Sample(x =>
        {
            var ((document, first), decisions) = x;
            var middle = first.Apply(document);
            var second = RandomEdits.Build(middle, decisions);
            Assert.Equal(second.Apply(middle), TextOperation.Compose(first, second).Apply(document));
        }, iter: 1000);
    }

    [Fact]
    public void Transforming_deletes_past_a_composition_equals_transforming_past_each_part()
    {
        // Only for a concurrent operation without inserts: with inserts, composing can move one of the first side's
        // inserts onto the other side's insert position (the text between them was deleted), and the tie-break then
        // orders them differently. Convergence never needs this: client and server transform against the same
        // composed buffer.
        Gen.Select(RandomEdits.Documents, RandomEdits.Decisions, RandomEdits.Decisions, RandomEdits.Decisions).Sample(x =>
        {
            var (document, first, second, concurrent) = x;
            var a = RandomEdits.Build(document, first);
            var a2 = RandomEdits.Build(a.Apply(document), second);
            var b = RandomEdits.Build(document, concurrent.Select(d => d / 4 * 4 + d % 2));
            var (_, bPastA) = TextOperation.Transform(a, b);
            var (_, bPastBoth) = TextOperation.Transform(a2, bPastA);
            var (_, bPastComposed) = TextOperation.Transform(TextOperation.Compose(a, a2), b);
            Assert.Equal(bPastBoth, bPastComposed);
        }, iter: 1000);
    }

    [Fact]
    public void Invert_undoes_any_operation()
    {
        RandomEdits.DocumentAndOperation.Sample(x =>
            Assert.Equal(x.Document, x.Operation.Invert(x.Document).Apply(x.Operation.Apply(x.Document))), iter: 1000);
    }

    [Fact]
    public void Json_round_trips_any_operation()
    {
        RandomEdits.DocumentAndOperation.Sample(x => Assert.Equal(x.Operation, TextOperation.Parse(x.Operation.ToJson())), iter: 500);
    }

    [Fact]
    public void Diff_turns_any_text_into_any_other_with_one_change()
    {
        Gen.Select(RandomEdits.Documents, RandomEdits.Documents).Sample(x =>
        {
            var diff = DocumentHistory.Diff(x.Item1, x.Item2);
            Assert.Equal(x.Item2, diff.Apply(x.Item1));
            Assert.True(diff.Components.Count(c => c.Kind != TextComponentKind.Retain) <= 2);
        }, iter: 1000);
    }
}
