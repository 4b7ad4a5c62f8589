namespace ChatCommerce.BotServer.Tests.Support;

public static class RepositoryRoot
{
    /// <summary>The folder holding ChatCommerce.sln, found upwards from the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ChatCommerce.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ChatCommerce.sln not found above " + AppContext.BaseDirectory);
    }
}
