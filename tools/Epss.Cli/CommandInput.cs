namespace Epss.Cli;

/// <summary>
/// Where a command reads what a person types (a password): standard input, and whether that is a terminal one can be
/// prompted at without echo. Tests pass text and <c>IsTerminal: false</c>.
/// </summary>
public sealed record CommandInput(TextReader Reader, bool IsTerminal)
{
    public static CommandInput FromConsole() => new(Console.In, !Console.IsInputRedirected);

    /// <summary>Reads one line typed at the terminal without showing it (a dot per character is not shown either).</summary>
    public static string ReadHidden(TextWriter prompt, string question)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        prompt.Write(question);
        prompt.Flush();
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
                continue;
            }
            if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
        prompt.WriteLine();
        return text.ToString();
    }
}
