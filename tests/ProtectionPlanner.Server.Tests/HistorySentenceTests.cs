using System.Text.Json.Nodes;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Languages;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Tests;

/// <summary>History sentences in words (pure): field labels, human values, no raw paths, ids or JSON.</summary>
public sealed class HistorySentenceTests
{
    private static readonly JsonNode Threat = JsonNode.Parse("""
        {"id":"7b0c","code":"T-07","status":"Open","closureReason":null,
         "assessment":{"title":"Attacks on Bentiu market","likelihood":3,"impact":4,"riskScore":12,"risk":"High",
           "trend":"Stable",
           "hostStateWillingness":"Ambivalent","reviewDate":null,"source":"JMAC","otherProtectionActors":["UNHCR"],
           "perpetrator":{"name":"Unknown","intent":null}}}
        """)!;

    private static readonly JsonNode Activity = JsonNode.Parse("""
        {"id":"a7","code":"A-07","details":{"title":"Corridor patrols","tier":"PhysicalProtection","phase":"PreEmption",
           "status":"Planned","threatIds":["11111111-1111-1111-1111-111111111111"],"objectiveId":null},
         "assignments":[{"activityId":"a7","componentId":"c1","componentName":"Force","role":"Lead",
            "commitment":{"personnel":180,"assets":[{"name":"Mi-17 utility helicopter","quantity":2}]}},
           {"activityId":"a7","componentId":"c2","componentName":"Civil Affairs","role":"Supporting",
            "commitment":{"personnel":4,"assets":[]}}],
         "dueDiligence":null}
        """)!;

    private static ItemChange Change(string kind, string op, JsonNode? item) => new(kind, op, "id", item);

    private static string Changed(
        string kind, JsonNode before, Action<JsonNode> change, string? reason = null, string eventType = "x",
        Language language = Language.En)
    {
        var after = before.DeepClone();
        change(after);
        return HistorySentence.Of(language, "planner2", reason, eventType, [(Change(kind, "changed", after), before)]);
    }

    private static string InFrench(string kind, JsonNode before, Action<JsonNode> change, string? reason = null,
        string eventType = "x") => Changed(kind, before, change, reason, eventType, Language.Fr);

    [Fact]
    public void A_raised_likelihood_is_told_with_the_threat_its_numbers_and_the_reason()
    {
        var sentence = Changed("threat", Threat, t => t["assessment"]!["likelihood"] = 4, "new JMAC report");

        Assert.Equal(
            "planner2 raised the likelihood of threat T-07 'Attacks on Bentiu market' from 3 to 4: 'new JMAC report'",
            sentence);
    }

    [Fact]
    public void Closed_choices_and_dates_are_written_in_words_and_labels_replace_paths()
    {
        var sentence = Changed("threat", Threat, t =>
        {
            t["assessment"]!["hostStateWillingness"] = "HostStateIsPerpetrator";
            t["assessment"]!["reviewDate"] = "2026-12-07";
            t["assessment"]!["perpetrator"]!["name"] = "NLA Sector 4 command";
        });

        Assert.Contains(
            "changed the host state's will to protect of threat T-07 'Attacks on Bentiu market' from 'ambivalent' to " +
            "'host state is perpetrator'",
            sentence);
        Assert.Contains("set the review date of threat T-07 'Attacks on Bentiu market' to '7 Dec 2026'", sentence);
        Assert.Contains(
            "changed the perpetrator of threat T-07 'Attacks on Bentiu market' from 'Unknown' to 'NLA Sector 4 " +
            "command'",
            sentence);
        Assert.DoesNotContain("assessment.", sentence);
        Assert.DoesNotContain("{", sentence);
    }

    [Fact]
    public void A_new_title_is_told_as_a_renaming_from_the_old_one()
    {
        var sentence = Changed("threat", Threat, t =>
            t["assessment"]!["title"] = "Attacks on Bentiu and Rubkona markets");

        Assert.Equal(
            "planner2 renamed threat T-07 'Attacks on Bentiu market' to 'Attacks on Bentiu and Rubkona markets'",
            sentence);
    }

    [Fact]
    public void A_line_added_to_a_list_is_named_and_a_cleared_text_says_what_it_was()
    {
        var sentence = Changed("threat", Threat, t =>
        {
            t["assessment"]!["otherProtectionActors"] = new JsonArray("UNHCR", "OCHA");
            t["assessment"]!["source"] = null;
        });

        Assert.Contains("added 'OCHA' to the other protection actors of threat T-07", sentence);
        Assert.Contains("cleared the source of threat T-07 'Attacks on Bentiu market' (was 'JMAC')", sentence);
    }

    [Fact]
    public void Closing_a_threat_says_so_with_its_reason_not_as_a_status_field()
    {
        var sentence = Changed("threat", Threat, t =>
        {
            t["status"] = "Closed";
            t["closureReason"] = "Armed group left the area";
        });

        Assert.Equal("planner2 closed threat T-07 'Attacks on Bentiu market' (Armed group left the area)", sentence);
    }

    [Fact]
    public void Commitments_name_the_component_the_asset_and_the_numbers()
    {
        var sentence = Changed("activity", Activity, a =>
        {
            a["assignments"]![0]!["commitment"]!["assets"]![0]!["quantity"] = 3;
            a["assignments"]![0]!["commitment"]!["personnel"] = 200;
            a["assignments"]!.AsArray().RemoveAt(1);
        });

        Assert.Contains(
            "raised the personnel Force commits to activity A-07 'Corridor patrols' from 180 to 200",
            sentence);
        Assert.Contains(
            "raised the Mi-17 utility helicopter Force commits to activity A-07 'Corridor patrols' from 2 to 3",
            sentence);
        Assert.Contains("took Civil Affairs off activity A-07 'Corridor patrols'", sentence);
        Assert.DoesNotContain("assignments", sentence);
    }

    [Fact]
    public void A_component_assigned_is_told_with_its_role_and_commitment()
    {
        var sentence = Changed("activity", Activity, a => a["assignments"]!.AsArray().Add(JsonNode.Parse("""
            {"activityId":"a7","componentId":"c3","componentName":"JMAC","role":"Supporting",
             "commitment":{"personnel":2,"assets":[]}}
            """)));

        Assert.Equal(
            "planner2 assigned JMAC to activity A-07 'Corridor patrols' as in support with 2 personnel",
            sentence);
    }

    [Fact]
    public void Tier_and_phase_are_named_and_ids_are_never_shown()
    {
        var sentence = Changed("activity", Activity, a =>
        {
            a["details"]!["tier"] = "Dialogue";
            a["details"]!["phase"] = "Response";
            a["details"]!["objectiveId"] = "22222222-2222-2222-2222-222222222222";
            a["details"]!["threatIds"] =
                new JsonArray("11111111-1111-1111-1111-111111111111", "33333333-3333-3333-3333-333333333333");
        });

        Assert.Contains(
            "changed the tier of activity A-07 'Corridor patrols' from 'tier II (physical protection)' to 'tier I " +
            "(dialogue and engagement)'",
            sentence);
        Assert.Contains(
            "changed the phase of activity A-07 'Corridor patrols' from 'pre-emption' to 'response'",
            sentence);
        Assert.Contains("changed the objective of activity A-07", sentence);
        Assert.Contains("changed which threats activity A-07 'Corridor patrols' answers (from 1 to 2)", sentence);
        Assert.DoesNotContain("2222", sentence);
        Assert.DoesNotContain("3333", sentence);
    }

    [Fact]
    public void Lifecycle_steps_are_named_by_what_was_done()
    {
        var draft = JsonNode.Parse("""{"stage":"Draft","revision":1,"returns":[]}""")!;
        var submitted = Changed("lifecycle", draft, l => l["stage"] = "Submitted", "Ready for the forum",
            "strategy_submitted");
        var endorsed = JsonNode.Parse("""{"stage":"Endorsed","revision":2}""")!;
        var approved = Changed("lifecycle", endorsed, l => l["stage"] = "Approved", null, "strategy_approved");
        var reopened = Changed("lifecycle", JsonNode.Parse("""{"stage":"Approved","revision":2}""")!, l =>
        {
            l["stage"] = "Draft";
            l["revision"] = 3;
        }, "Elections postponed", "revision_opened");

        Assert.Equal("planner2 submitted revision 1 of the strategy for review: 'Ready for the forum'", submitted);
        Assert.Equal("planner2 approved revision 2 of the strategy", approved);
        Assert.Equal("planner2 opened revision 3 of the strategy: 'Elections postponed'", reopened);
    }

    [Fact]
    public void An_improvement_carried_in_from_an_exercise_is_told_as_adopted_and_its_status_in_words()
    {
        var improvement = JsonNode.Parse("""
            {"id":"i1","code":null,"status":"Open","reason":null,"activityId":null,
             "details":{"exerciseName":"Sector East","description":"Pre-position an FPU platoon","owner":"UNPOL"}}
            """)!;

        var adopted = HistorySentence.Of("planner1", null, "x", [(Change("improvement", "added", improvement), null)]);
        var started = Changed("improvement", improvement, i => i["status"] = "InProgress");

        Assert.Equal("planner1 adopted improvement 'Pre-position an FPU platoon'", adopted);
        Assert.Contains("in progress", started, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InProgress", started);
    }

    [Fact]
    public void New_items_are_told_with_the_verb_of_their_kind()
    {
        var forum = JsonNode.Parse(
            """{"id":"f1","code":null,"details":{"name":"Malakal POC group","level":"Field","members":[]}}""")!;
        var threat = Threat.DeepClone();

        var established = HistorySentence.Of("planner1", null, "x", [(Change("forum", "added", forum), null)]);
        var identified = HistorySentence.Of("planner1", null, "x", [(Change("threat", "added", threat), null)]);
        var dissolved = HistorySentence.Of("planner1", "merged", "x", [(Change("forum", "removed", null), forum)]);

        Assert.Equal("planner1 established coordination forum 'Malakal POC group'", established);
        Assert.Equal("planner1 identified threat T-07 'Attacks on Bentiu market' (likelihood 3, impact 4)", identified);
        Assert.Equal("planner1 dissolved coordination forum 'Malakal POC group': 'merged'", dissolved);
    }

    [Fact]
    public void A_long_text_rewritten_is_not_quoted_and_a_capacity_is_a_number_with_thousands()
    {
        var overview = JsonNode.Parse("""{"details":{"purpose":"Short","scope":"S","principles":[]},"stamp":null}""")!;
        var component = JsonNode.Parse(
            """{"id":"c1","name":"Force","kind":"Military","capacity":{"personnel":9800,"assets":[]}}""")!;

        var rewritten = Changed("overview", overview, o => o["details"]!["purpose"] = new string('x', 300));
        var capacity = Changed("component", component, c => c["capacity"]!["personnel"] = 10200);

        Assert.Equal("planner2 rewrote the purpose of the overview", rewritten);
        Assert.Equal("planner2 raised the personnel capacity of component 'Force' from 9,800 to 10,200", capacity);
    }

    [Fact]
    public void In_French_a_reassessed_threat_is_told_with_french_labels_values_and_dates()
    {
        var raised = InFrench("threat", Threat, t => t["assessment"]!["likelihood"] = 4, "nouveau rapport du JMAC");
        var reassessed = InFrench("threat", Threat, t =>
        {
            t["assessment"]!["trend"] = "Escalating";
            t["assessment"]!["reviewDate"] = "2026-12-07";
        });

        Assert.Equal(
            "planner2 a relevé la probabilité de la menace T-07 « Attacks on Bentiu market » de 3 à 4 : " +
            "« nouveau rapport du JMAC »",
            raised);
        Assert.Contains(
            "a changé la tendance de la menace T-07 « Attacks on Bentiu market » de « stable » en « en hausse »",
            reassessed);
        Assert.Contains("a fixé la date de réexamen de la menace T-07 « Attacks on Bentiu market » à « 7 déc. 2026 »",
            reassessed);
    }

    [Fact]
    public void In_French_a_planned_activity_names_its_tier_and_phase_in_the_UN_terms()
    {
        var planned = HistorySentence.Of(Language.Fr, "planner1", null, "x",
            [(Change("activity", "added", Activity.DeepClone()), null)]);
        var rephased = InFrench("activity", Activity, a => a["details"]!["phase"] = "Response");

        Assert.Equal(
            "planner1 a planifié l’activité A-07 « Corridor patrols » au niveau II (protection physique), " +
            "en phase de préemption",
            planned);
        Assert.Equal(
            "planner2 a changé la phase de l’activité A-07 « Corridor patrols » de « préemption » en « riposte »",
            rephased);
    }

    [Fact]
    public void In_French_a_lead_assigned_and_commitments_changed_name_the_component_and_numbers()
    {
        var assigned = InFrench("activity", Activity, a => a["assignments"]!.AsArray().Add(JsonNode.Parse("""
            {"activityId":"a7","componentId":"c3","componentName":"JMAC","role":"Lead",
             "commitment":{"personnel":2,"assets":[]}}
            """)));
        var committed = InFrench("activity", Activity, a =>
        {
            a["assignments"]![0]!["commitment"]!["personnel"] = 1200;
            a["assignments"]![1]!["role"] = "Lead";
        });

        Assert.Equal(
            "planner2 a affecté « JMAC » à l’activité A-07 « Corridor patrols » comme chef de file avec 2 personnes",
            assigned);
        Assert.Contains(
            "a relevé le personnel que « Force » engage pour l’activité A-07 « Corridor patrols » de 180 à 1\u202f200",
            committed);
        Assert.Contains("a désigné « Civil Affairs » chef de file de l’activité A-07", committed);
    }

    [Fact]
    public void In_French_status_changes_and_closures_are_told_in_words()
    {
        var closed = InFrench("threat", Threat, t =>
        {
            t["status"] = "Closed";
            t["closureReason"] = "Le groupe armé a quitté la zone";
        });
        var suspended = InFrench("activity", Activity, a => a["details"]!["status"] = "Suspended");

        Assert.Equal("planner2 a clos la menace T-07 « Attacks on Bentiu market » (Le groupe armé a quitté la zone)",
            closed);
        Assert.Equal(
            "planner2 a changé le statut de l’activité A-07 « Corridor patrols » de « prévue » en « suspendue »",
            suspended);
    }

    [Fact]
    public void In_French_lifecycle_steps_comments_and_lists_read_as_french()
    {
        var draft = JsonNode.Parse("""{"stage":"Draft","revision":1,"returns":[]}""")!;
        var submitted = InFrench("lifecycle", draft, l => l["stage"] = "Submitted", "Prêt pour le forum",
            "strategy_submitted");
        var comment = JsonNode.Parse(
            """{"id":"c1","text":"Préciser la zone","resolved":false,"parentId":null}""")!;
        var commented = HistorySentence.Of(Language.Fr, "reviewer1", null, "x",
            [(Change("comment", "added", comment), null)]);
        var resolved = InFrench("comment", comment, c => c["resolved"] = true);
        var actors = InFrench("threat", Threat, t =>
            t["assessment"]!["otherProtectionActors"] = new JsonArray("UNHCR", "OCHA"));
        var forum = JsonNode.Parse(
            """{"id":"f1","code":null,"details":{"name":"Groupe POC de Malakal","level":"Field","members":[]}}""")!;
        var dissolved = HistorySentence.Of(Language.Fr, "planner1", null, "x",
            [(Change("forum", "removed", null), forum)]);

        Assert.Equal("planner2 a soumis la révision 1 de la stratégie pour examen : « Prêt pour le forum »",
            submitted);
        Assert.Equal("reviewer1 a ajouté le commentaire « Préciser la zone »", commented);
        Assert.Equal("planner2 a résolu le fil de discussion du commentaire « Préciser la zone »", resolved);
        Assert.Contains("a ajouté « OCHA » aux autres acteurs de protection de la menace T-07", actors);
        Assert.Equal("planner1 a dissous le mécanisme de coordination « Groupe POC de Malakal »", dissolved);
    }
}
