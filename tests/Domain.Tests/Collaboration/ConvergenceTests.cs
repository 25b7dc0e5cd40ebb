using CsCheck;

namespace ContextKit.Domain.Tests.Collaboration;

/// <summary>
/// Convergence, proven over random schedules: 2–5 clients, random edits against whatever version each has seen,
/// random delivery order both ways. The benchmark suite runs 10,000 schedules; the test suite a few hundred.
/// </summary>
public class ConvergenceTests
{
    static readonly Gen<(int Seed, int Clients, int Steps)> Schedules = Gen.Select(Gen.Int, Gen.Int[2, 5], Gen.Int[10, 120]);

    static void AllConverge(SimulatedEdits edits, int schedules) =>
        Schedules.Sample(s =>
        {
            var outcome = CoEditingSimulation.Run(s.Seed, s.Clients, s.Steps, edits);
            Assert.True(outcome.Converged, $"seed {s.Seed}, {s.Clients} clients, {s.Steps} steps:\n{outcome}");
        }, iter: schedules);

    [Fact]
    public void Insert_only_schedules_converge_and_keep_every_insert() => AllConverge(SimulatedEdits.InsertOnly, 100);

    [Fact]
    public void Insert_and_delete_schedules_converge_and_keep_every_insert_nobody_deleted() => AllConverge(SimulatedEdits.InsertAndDelete, 200);

    [Fact]
    public void Schedules_with_outside_writes_converge() => AllConverge(SimulatedEdits.WithOutsideWrites, 100);

    [Fact]
    public void A_busy_schedule_converges()
    {
        var outcome = CoEditingSimulation.Run(seed: 20261126, clientCount: 5, steps: 2000, SimulatedEdits.InsertAndDelete);

        Assert.True(outcome.Converged, outcome.ToString());
        Assert.True(outcome.Edits > 500);
        Assert.True(outcome.Transformed > 100, $"only {outcome.Transformed} submissions were concurrent");
    }
}
