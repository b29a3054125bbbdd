using System.Text;

namespace ProtectionPlanner.Domain.Common;

/// <summary>CSV as spreadsheets write it (RFC 4180): comma-separated, quoted fields with doubled quotes, CRLF or LF.</summary>
public static class Csv
{
    /// <summary>The rows of <paramref name="text"/>, each with its line number (where the row starts) and its fields.
    /// Blank lines are skipped. Throws <see cref="FormatException"/> on a quote left open.</summary>
    public static IReadOnlyList<(int Line, IReadOnlyList<string> Fields)> Read(string text)
    {
        var rows = new List<(int, IReadOnlyList<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var (line, rowLine, quoted, i) = (1, 1, false, text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                EndRow();
                line++;
                rowLine = line;
            }
            else field.Append(c);
        }
        if (quoted) throw new FormatException($"line {rowLine}: a quoted field is not closed.");
        EndRow();
        return rows;

        void EndRow()
        {
            fields.Add(field.ToString());
            field.Clear();
            if (fields.Any(f => f.Trim().Length > 0)) rows.Add((rowLine, fields.ToList()));
            fields.Clear();
        }
    }

    /// <summary>A CSV cell: quoted when needed, and never read as a formula by a spreadsheet.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    /// <summary>A cell's value as written by <see cref="Cell"/>: without the quote that kept it from being a formula.</summary>
    public static string Value(string cell)
    {
        var value = cell.TrimStart(' ');
        return (value.Length > 1 && value[0] == '\'' && "=+-@\t\r".Contains(value[1]) ? value[1..] : value).Trim();
    }
}
