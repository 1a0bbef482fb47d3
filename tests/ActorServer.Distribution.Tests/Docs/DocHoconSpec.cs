using Akka.Configuration;

namespace ActorServer.Distribution.Tests.Docs;

/// <summary>Every HOCON block of the docs parses, and the server defaults it sets pass ActorServer's validation.</summary>
public sealed class DocHoconSpec
{
    public static TheoryData<string> HoconBlocks()
    {
        var data = new TheoryData<string>();
        foreach (var block in DocSnippetSpec.AllBlocks().Where(b => b.Language == "hocon"))
            data.Add(block.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(HoconBlocks))]
    public void A_hocon_block_of_the_docs_must_parse_and_its_server_defaults_must_be_valid(string where)
    {
        var block = DocSnippetSpec.AllBlocks().Single(b => b.ToString() == where);
        var config = ConfigurationFactory.ParseString(block.Text);
        if (config.HasPath("actor-server.server-defaults"))
            ServerSettings.Create(ActorServerConfig.WithDefaults(config));
    }
}
