using Epss.Server.Hubs;
using Microsoft.Extensions.Time.Testing;

namespace Epss.Server.Tests;

/// <summary>A connection's budget of hub calls, on a clock the test moves: no waiting, no luck.</summary>
public sealed class HubCallBudgetTests
{
    [Fact]
    public void TryTake_gives_the_capacity_at_once_and_refuses_the_next()
    {
        using var budget = new HubCallBudget(new FakeTimeProvider());

        var taken = Enumerable.Range(0, HubCallBudget.Capacity + 5).Count(_ => budget.TryTake());

        Assert.Equal(HubCallBudget.Capacity, taken);
    }

    [Fact]
    public void TryTake_after_a_spent_budget_gives_one_call_per_twentieth_of_a_second()
    {
        var time = new FakeTimeProvider();
        using var budget = new HubCallBudget(time);
        while (budget.TryTake())
        {
        }

        time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.False(budget.TryTake());
        // 30 ms and another 30 ms make one refill of 50 ms: the part of a period that passed is kept.
        time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.True(budget.TryTake());
        Assert.False(budget.TryTake());

        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(HubCallBudget.PerSecond / 2, Enumerable.Range(0, HubCallBudget.Capacity).Count(_ => budget.TryTake()));
    }

    [Fact]
    public void TryTake_after_a_long_pause_never_gives_more_than_the_capacity()
    {
        var time = new FakeTimeProvider();
        using var budget = new HubCallBudget(time);
        budget.TryTake();

        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HubCallBudget.Capacity, Enumerable.Range(0, HubCallBudget.Capacity * 2).Count(_ => budget.TryTake()));
    }
}
