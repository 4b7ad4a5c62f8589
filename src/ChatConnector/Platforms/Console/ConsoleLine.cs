namespace ChatCommerce.ChatConnector.Platforms.Console;

/// <summary>What one line typed into the console chat means.</summary>
public abstract record ConsoleLine
{
    private ConsoleLine()
    {
    }

    /// <summary>Someone said something in a group.</summary>
    public sealed record Said(
        string GroupId,
        string Speaker,
        string Text,
        bool MentionsBot,
        IReadOnlyList<string> MentionedUserIds) : ConsoleLine;

    /// <summary>An empty line: nothing happens.</summary>
    public sealed record Ignored : ConsoleLine;

    /// <summary>The current speaker changed ("/as bob", or a bare "bob:").</summary>
    public sealed record SpeakerChanged(string Speaker) : ConsoleLine;

    /// <summary>The current group changed ("/group NAME").</summary>
    public sealed record GroupChanged(string GroupId) : ConsoleLine;

    /// <summary>"/help".</summary>
    public sealed record HelpRequested : ConsoleLine;

    /// <summary>"/quit": the console chat ends.</summary>
    public sealed record QuitRequested : ConsoleLine;

    /// <summary>A line that cannot be understood; <paramref name="Reason"/> says why, for the user.</summary>
    public sealed record Invalid(string Reason) : ConsoleLine;
}
