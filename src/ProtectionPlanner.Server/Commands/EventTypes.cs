using System.Text.Json;
using System.Text.Json.Serialization;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.EventStore;

namespace ProtectionPlanner.Server.Commands;

/// <summary>
/// The stored name of every event type the planner writes. Names are part of the record: never rename one; change a
/// shape by registering a new version with an upcaster.
/// </summary>
public static class EventTypes
{
    /// <summary>How events, snapshots and the API serialise: camelCase, enums by name.</summary>
    public static JsonSerializerOptions SerializerOptions() =>
        new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static EventTypeRegistry Registry() => new EventTypeRegistry(SerializerOptions())
        .Register<MissionRegistered>("mission_registered")
        .Register<MandateUpdated>("mandate_updated")
        .Register<AreaOfOperationAdded>("area_of_operation_added")
        .Register<AreaOfOperationRemoved>("area_of_operation_removed")
        .Register<ComponentAdded>("component_added")
        .Register<ComponentRevised>("component_revised")
        .Register<ComponentRemoved>("component_removed")
        .Register<PartnerAdded>("partner_added")
        .Register<PartnerRemoved>("partner_removed")
        .Register<MemberAssigned>("member_assigned")
        .Register<MemberRemoved>("member_removed")
        .Register<StrategyDrafted>("strategy_drafted")
        .Register<OverviewUpdated>("overview_updated")
        .Register<ObjectiveAdded>("objective_added")
        .Register<ObjectiveRevised>("objective_revised")
        .Register<ObjectiveRemoved>("objective_removed")
        .Register<CommentAdded>("comment_added")
        .Register<CommentResolved>("comment_resolved")
        .Register<ThreatIdentified>("threat_identified")
        .Register<ThreatReassessed>("threat_reassessed")
        .Register<ThreatClosed>("threat_closed")
        .Register<ThreatReopened>("threat_reopened")
        .Register<ActivityPlanned>("activity_planned")
        .Register<ActivityRevised>("activity_revised")
        .Register<ActivityRemoved>("activity_removed")
        .Register<ComponentAssignedAsLead>("component_assigned_as_lead")
        .Register<ComponentAssignedInSupport>("component_assigned_in_support")
        .Register<CommitmentChanged>("commitment_changed")
        .Register<ComponentUnassigned>("component_unassigned")
        .Register<DueDiligenceAssessed>("due_diligence_assessed")
        .Register<ForumEstablished>("forum_established")
        .Register<ForumRevised>("forum_revised")
        .Register<ForumDissolved>("forum_dissolved")
        .Register<EarlyWarningArrangementDefined>("early_warning_arrangement_defined")
        .Register<EarlyWarningArrangementRevised>("early_warning_arrangement_revised")
        .Register<EarlyWarningArrangementRetired>("early_warning_arrangement_retired")
        .Register<TensionDecisionRecorded>("tension_decision_recorded")
        .Register<TensionDecisionRevised>("tension_decision_revised")
        .Register<TensionDecisionWithdrawn>("tension_decision_withdrawn")
        .Register<HandoverPlanned>("handover_planned")
        .Register<HandoverRevised>("handover_revised")
        .Register<HandoverRemoved>("handover_removed")
        .Register<StrategySubmitted>("strategy_submitted")
        .Register<StrategyEndorsed>("strategy_endorsed")
        .Register<StrategyApproved>("strategy_approved")
        .Register<StrategyReviewedAtHq>("strategy_reviewed_at_hq")
        .Register<StrategyReturnedForRevision>("strategy_returned_for_revision")
        .Register<RevisionOpened>("revision_opened")
        .Register<ImprovementAdopted>("improvement_adopted")
        .Register<ExerciseCreated>("exercise_created")
        .Register<ParticipantAssigned>("participant_assigned")
        .Register<ParticipantRemoved>("participant_removed")
        .Register<InjectScripted>("inject_scripted")
        .Register<InjectRevised>("inject_revised")
        .Register<InjectRemoved>("inject_removed")
        .Register<ExerciseStarted>("exercise_started")
        .Register<ExercisePaused>("exercise_paused")
        .Register<ExerciseResumed>("exercise_resumed")
        .Register<ExerciseSpeedChanged>("exercise_speed_changed")
        .Register<ExerciseEnded>("exercise_ended")
        .Register<InjectReleased>("inject_released")
        .Register<InjectDelayed>("inject_delayed")
        .Register<InjectSkipped>("inject_skipped")
        .Register<DecisionTaken>("decision_taken")
        .Register<InjectAnswered>("inject_answered")
        .Register<ObservationRecorded>("observation_recorded")
        .Register<GapFound>("gap_found")
        .Register<ImprovementAgreed>("improvement_agreed");
}
