using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Cme.Parsing;

/// <summary>
/// The rows of a workbook's sheets as tab-separated lines, so the delimited-rows reading finds a
/// header of labels and the rows under it. Shared and inline strings are resolved; a number in a
/// date format is written as the date it shows.
/// </summary>
internal static class SpreadsheetText
{
    public static string Read(SpreadsheetDocument workbook, int maxRows)
    {
        var part = workbook.WorkbookPart;
        if (part is null)
        {
            return string.Empty;
        }

        var shared = part.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(item => item.InnerText).ToList() ?? [];
        var dateStyles = DateStyles(part);
        var text = new StringBuilder();
        var rows = 0;
        foreach (var sheet in part.WorksheetParts)
        {
            foreach (var row in sheet.Worksheet?.Descendants<Row>() ?? [])
            {
                if (++rows > maxRows)
                {
                    return text.ToString();
                }

                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnIndex(cell.CellReference?.Value);
                    while (column > cells.Count)
                    {
                        cells.Add(string.Empty);
                    }

                    cells.Add(CellText(cell, shared, dateStyles).Replace('\t', ' ').Replace('\n', ' ').Trim());
                }

                text.AppendJoin('\t', cells).Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string CellText(Cell cell, List<string> shared, HashSet<uint> dateStyles)
    {
        var raw = cell.CellValue?.Text ?? cell.InlineString?.InnerText ?? string.Empty;
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < shared.Count ? shared[index] : string.Empty;
        }

        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? string.Empty;
        }

        if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 2958465)
        {
            return DateTime.FromOADate(serial).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        }

        return raw;
    }

    /// <summary>The cell formats whose number format shows a date: the built-in date formats, or a custom one with days or years.</summary>
    private static HashSet<uint> DateStyles(WorkbookPart part)
    {
        var stylesheet = part.WorkbookStylesPart?.Stylesheet;
        var custom = stylesheet?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(format => format.NumberFormatId?.Value is not null && IsDateFormat(format.FormatCode?.Value))
            .Select(format => format.NumberFormatId!.Value)
            .ToHashSet() ?? [];
        var styles = new HashSet<uint>();
        uint index = 0;
        foreach (var format in stylesheet?.CellFormats?.Elements<CellFormat>() ?? [])
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (id is >= 14 and <= 22 or >= 45 and <= 47 || custom.Contains(id))
            {
                styles.Add(index);
            }

            index++;
        }

        return styles;
    }

    private static bool IsDateFormat(string? code)
    {
        if (code is null)
        {
            return false;
        }

        var unquoted = System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]", string.Empty);
        return unquoted.Contains('d', StringComparison.OrdinalIgnoreCase) || unquoted.Contains('y', StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>"C7" is column 2 (from 0): empty cells are left out of the file, so their places are kept.</summary>
    private static int ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return 0;
        }

        var column = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return Math.Max(0, column - 1);
    }
}
