using System.Globalization;
using System.Text;

namespace Epss.Content.Text;

/// <summary>Kebab-case identifiers: what ids look like, and how one is made from a text.</summary>
public static class Slug
{
    public const int MaxLength = 80;

    /// <summary>Lowercase letters and digits in groups joined by single hyphens: <c>paspoort-aanvragen</c>.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value[0] == '-' || value[^1] == '-')
        {
            return false;
        }
        var previousHyphen = false;
        foreach (var c in value)
        {
            if (c == '-')
            {
                if (previousHyphen)
                {
                    return false;
                }
                previousHyphen = true;
            }
            else if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                previousHyphen = false;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Makes a kebab-case id from a text: "Foto lijkt op de persoon" becomes <c>foto-lijkt-op-de-persoon</c>.</summary>
    public static string From(string text, int maxLength = 60)
    {
        var folded = Fold(text);
        var builder = new StringBuilder(Math.Min(folded.Length, maxLength));
        var pendingHyphen = false;
        foreach (var c in folded)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    // The hyphen and the character after it must both fit, or the slug would exceed maxLength.
                    if (builder.Length + 2 > maxLength)
                    {
                        break;
                    }
                    builder.Append('-');
                }
                pendingHyphen = false;
                builder.Append(c);
                if (builder.Length >= maxLength)
                {
                    break;
                }
            }
            else
            {
                pendingHyphen = true;
            }
        }
        return builder.ToString().TrimEnd('-');
    }

    /// <summary>Lowercase, without diacritics: "Één" becomes "een".</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }
        return builder.ToString();
    }
}
