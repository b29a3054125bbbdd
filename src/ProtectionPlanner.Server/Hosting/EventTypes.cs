using System.Text.Json;
using System.Text.Json.Serialization;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using Marten;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>
/// The stored name of every event type the planner writes (Marten's event type alias). Names are part of the record:
/// never rename one; change a shape with one of Marten's upcasters.
/// </summary>
public static class EventTypes
{
    /// <summary>How events, snapshots and the API serialise: camelCase, enums by name.</summary>
    public static JsonSerializerOptions SerializerOptions() =>
        new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static void Register(StoreOptions options)
    {
        foreach (var (type, alias) in All) options.Events.MapEventType(type, alias);
    }

    /// <summary>Every event type with its alias, in a list that reads like the record's vocabulary.</summary>
    public static IReadOnlyList<(Type Type, string Alias)> All { get; } = new Aliases()
        .Map<MissionRegistered>("mission_registered")
        .Map<MandateUpdated>("mandate_updated")
        .Map<AreaOfOperationAdded>("area_of_operation_added")
        .Map<AreaOfOperationRemoved>("area_of_operation_removed")
        .Map<ComponentAdded>("component_added")
        .Map<ComponentRevised>("component_revised")
        .Map<ComponentRemoved>("component_removed")
        .Map<PartnerAdded>("partner_added")
        .Map<PartnerRemoved>("partner_removed")
        .Map<MemberAssigned>("member_assigned")
        .Map<MemberRemoved>("member_removed")
        .Map<StrategyDrafted>("strategy_drafted")
        .Map<OverviewUpdated>("overview_updated")
        .Map<ObjectiveAdded>("objective_added")
        .Map<ObjectiveRevised>("objective_revised")
        .Map<ObjectiveRemoved>("objective_removed")
        .Map<CommentAdded>("comment_added")
        .Map<CommentResolved>("comment_resolved")
        .Map<ThreatIdentified>("threat_identified")
        .Map<ThreatReassessed>("threat_reassessed")
        .Map<ThreatClosed>("threat_closed")
        .Map<ThreatReopened>("threat_reopened")
        .Map<ActivityPlanned>("activity_planned")
        .Map<ActivityRevised>("activity_revised")
        .Map<ActivityRemoved>("activity_removed")
        .Map<ComponentAssignedAsLead>("component_assigned_as_lead")
        .Map<ComponentAssignedInSupport>("component_assigned_in_support")
        .Map<CommitmentChanged>("commitment_changed")
        .Map<ComponentUnassigned>("component_unassigned")
        .Map<DueDiligenceAssessed>("due_diligence_assessed")
        .Map<PartnerCountedOn>("partner_counted_on")
        .Map<PartnerNoLongerCountedOn>("partner_no_longer_counted_on")
        .Map<ForumEstablished>("forum_established")
        .Map<ForumRevised>("forum_revised")
        .Map<ForumDissolved>("forum_dissolved")
        .Map<EarlyWarningArrangementDefined>("early_warning_arrangement_defined")
        .Map<EarlyWarningArrangementRevised>("early_warning_arrangement_revised")
        .Map<EarlyWarningArrangementRetired>("early_warning_arrangement_retired")
        .Map<TensionDecisionRecorded>("tension_decision_recorded")
        .Map<TensionDecisionRevised>("tension_decision_revised")
        .Map<TensionDecisionWithdrawn>("tension_decision_withdrawn")
        .Map<HandoverPlanned>("handover_planned")
        .Map<HandoverRevised>("handover_revised")
        .Map<HandoverRemoved>("handover_removed")
        .Map<StrategySubmitted>("strategy_submitted")
        .Map<StrategyEndorsed>("strategy_endorsed")
        .Map<StrategyApproved>("strategy_approved")
        .Map<StrategyReviewedAtHq>("strategy_reviewed_at_hq")
        .Map<StrategyReturnedForRevision>("strategy_returned_for_revision")
        .Map<RevisionOpened>("revision_opened")
        .Map<ImprovementAdopted>("improvement_adopted")
        .Map<ImprovementStatusChanged>("improvement_status_changed")
        .Map<ImprovementTurnedIntoActivity>("improvement_turned_into_activity")
        .Map<ExerciseCreated>("exercise_created")
        .Map<ParticipantAssigned>("participant_assigned")
        .Map<ParticipantRemoved>("participant_removed")
        .Map<InjectScripted>("inject_scripted")
        .Map<InjectRevised>("inject_revised")
        .Map<InjectRemoved>("inject_removed")
        .Map<ExerciseStarted>("exercise_started")
        .Map<ExercisePaused>("exercise_paused")
        .Map<ExerciseResumed>("exercise_resumed")
        .Map<ExerciseSpeedChanged>("exercise_speed_changed")
        .Map<ExerciseEnded>("exercise_ended")
        .Map<InjectReleased>("inject_released")
        .Map<InjectDelayed>("inject_delayed")
        .Map<InjectSkipped>("inject_skipped")
        .Map<DecisionTaken>("decision_taken")
        .Map<InjectAnswered>("inject_answered")
        .Map<ObservationRecorded>("observation_recorded")
        .Map<GapFound>("gap_found")
        .Map<ImprovementAgreed>("improvement_agreed")
        .Map<HotWashEntryRecorded>("hot_wash_entry_recorded")
        .List;

    private sealed class Aliases
    {
        public List<(Type, string)> List { get; } = [];

        public Aliases Map<TEvent>(string alias) where TEvent : class
        {
            List.Add((typeof(TEvent), alias));
            return this;
        }
    }
}
