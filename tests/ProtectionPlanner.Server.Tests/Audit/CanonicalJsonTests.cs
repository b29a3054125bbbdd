using System.Buffers.Binary;
using System.Text;
using ProtectionPlanner.Server.Audit;

namespace ProtectionPlanner.Server.Tests.Audit;

/// <summary>RFC 8785 (JSON Canonicalization Scheme), checked against the RFC's own examples.</summary>
public sealed class CanonicalJsonTests
{
    [Fact]
    public void The_RFC_example_of_numbers_strings_and_literals_gives_the_RFC_output_byte_for_byte()
    {
        // RFC 8785 section 3.2.2, and its UTF-8 bytes as section 3.2.4 lists them.
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = "{\"literals\":[null,true,false]," +
                                "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27]," +
                                "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

        var canonical = CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(input));

        Assert.Equal(expected, Encoding.UTF8.GetString(canonical));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), canonical);
        Assert.Equal([0x22, 0xe2, 0x82, 0xac, 0x24], canonical[91..96]); // "€$ in UTF-8, as section 3.2.4 shows
    }

    [Fact]
    public void Members_are_sorted_by_their_names_UTF_16_code_units_as_in_the_RFC_example()
    {
        // RFC 8785 section 3.2.3: a surrogate pair (U+1F600) sorts before U+FB33, unlike code point order.
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        Assert.Equal(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"," +
            "\"ö\":\"Latin Small Letter O With Diaeresis\"," +
            "\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
            CanonicalJson.ToText(input));
    }

    [Theory]
    // RFC 8785 appendix B: IEEE 754 bit patterns and how ECMAScript writes them.
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Numbers_are_written_as_ECMAScript_writes_them(string ieee754, string expected)
    {
        var value = Double(ieee754);

        Assert.Equal(expected, CanonicalJson.Number(value));
        // And the same when read from JSON text, as a verifier reads a stored row.
        Assert.Equal($"[{expected}]", CanonicalJson.ToText($"[{value:R}]"));
    }

    [Theory]
    [InlineData("7fffffffffffffff")] // NaN
    [InlineData("7ff0000000000000")] // Infinity
    public void A_value_JSON_cannot_hold_has_no_canonical_form(string ieee754)
    {
        var value = Double(ieee754);

        Assert.Throws<FormatException>(() => CanonicalJson.Number(value));
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")] // I-JSON: member names are unique
    [InlineData("""["\ud800"]""")] // a lone surrogate
    [InlineData("[1e400]")] // beyond IEEE 754 doubles
    public void Input_outside_I_JSON_is_refused(string json)
    {
        Assert.Throws<FormatException>(() => CanonicalJson.ToText(json));
    }

    [Fact]
    public void Every_spelling_jsonb_might_give_back_has_one_canonical_form_and_different_values_have_different_ones()
    {
        string[] spellings =
        [
            """{"b":[1.0,"x\u0041",{"d":null,"c":true}],"a":100}""",
            """{ "a" : 1E2, "b" : [ 1, "xA", { "c" : true, "d" : null } ] }""",
            """{"a":100.000,"b":[10e-1,"\u0078A",{"c":true,"d":null}]}""",
        ];

        Assert.Single(spellings.Select(CanonicalJson.ToText).Distinct());
        Assert.Equal("""{"a":100,"b":[1,"xA",{"c":true,"d":null}]}""", CanonicalJson.ToText(spellings[0]));
        Assert.NotEqual(CanonicalJson.ToText("""{"a":"100"}"""), CanonicalJson.ToText("""{"a":100}"""));
        // Unicode is kept as it is (NFC and NFD stay apart); only controls, quote and backslash are escaped.
        Assert.NotEqual(CanonicalJson.ToText("[\"\u00c9\"]"), CanonicalJson.ToText("[\"E\u0301\"]"));
        Assert.Equal("\"\\u001f\\b\\t\u2028\u2028</script>\"",
            CanonicalJson.ToText("\"\\u001F\\u0008\\t\\u2028\u2028<\\/script>\""));
    }

    /// <summary>A double from its IEEE 754 bits, written big-endian in hex as the RFC lists them.</summary>
    private static double Double(string ieee754) =>
        BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(ieee754)));
}
