using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Msel;
using static ProtectionPlanner.Domain.Tests.ExerciseFixtures;
using static ProtectionPlanner.Domain.Tests.Fixtures;
using X = ProtectionPlanner.Domain.Tests.ExerciseSpecification;

namespace ProtectionPlanner.Domain.Tests;

/// <summary>Whom an inject reaches: the Force and UNPOL have a player in <see cref="ExerciseFixtures.Created"/>,
/// Civil Affairs has none.</summary>
public sealed class InjectReachTests
{
    private static InjectDetails To(params Guid[] components) =>
        Details("Crowds gather at the market", TimeSpan.FromHours(1), components);

    [Fact]
    public void An_inject_aimed_at_a_component_with_no_player_reaches_nobody_there()
    {
        var exercise = Created().Exercise;

        Assert.Equal([CivilAffairs], InjectReach.Unreached(exercise, To(CivilAffairs)));
        Assert.Equal([CivilAffairs], InjectReach.Unreached(exercise, To(Military, CivilAffairs, CivilAffairs)));
    }

    [Fact]
    public void An_inject_aimed_at_components_with_players_reaches_them_all()
    {
        var exercise = Created().Exercise;

        Assert.Empty(InjectReach.Unreached(exercise, To(Military, Police)));
        Assert.Empty(InjectReach.Unreached(exercise, To()));
    }

    [Fact]
    public void Assigning_a_player_to_the_component_makes_the_inject_reach_it_and_removing_them_undoes_it()
    {
        var spec = Created().Given(new ParticipantAssigned("player-civil-affairs", ExerciseRole.Player, CivilAffairs));
        Assert.Empty(InjectReach.Unreached(spec.Exercise, To(CivilAffairs)));

        spec.Given(new ParticipantRemoved("player-civil-affairs"));
        Assert.Equal([CivilAffairs], InjectReach.Unreached(spec.Exercise, To(CivilAffairs)));
    }

    [Fact]
    public void Control_and_evaluators_do_not_receive_injects_so_an_exercise_without_players_reaches_nobody()
    {
        var spec = Created().Given(new ParticipantRemoved(X.ForcePlayer), new ParticipantRemoved(X.PolicePlayer),
            new ParticipantAssigned("observer-police", ExerciseRole.Evaluator, Police));

        Assert.Equal([(Guid?)null], InjectReach.Unreached(spec.Exercise, To()));
        Assert.Equal([Police], InjectReach.Unreached(spec.Exercise, To(Police)));
    }
}
