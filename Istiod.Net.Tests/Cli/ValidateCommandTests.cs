using Istiod.Net.Cli;

namespace Istiod.Net.Tests.Cli;

/// <summary><c>istiod-net validate</c> run in-process on real files: exit codes and one line per problem.</summary>
public sealed class ValidateCommandTests
{
    private string _dir = null!;

    private const string GoodVs = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: good
          namespace: ns
        spec:
          hosts: ["a.example.com"]
          http:
          - route:
            - destination:
                host: a.example.com
        """;

    private const string BadVs = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: bad
          namespace: ns
        spec:
          hosts: ["a.example.com"]
          http:
          - route:
            - destination:
                host: a.example.com
              weight: -1
        """;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "istiod-validate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private (int Exit, string Out, string Err) Run(string[] paths, string stdin = "")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ValidateCommand.Run(paths, new StringReader(stdin), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    public void All_valid_exits_0()
    {
        File.WriteAllText(Path.Combine(_dir, "vs.yaml"), GoodVs);

        var (exit, output, _) = Run([_dir]);

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("1 valid object(s)"));
    }

    [Test]
    public void Invalid_document_exits_1_with_file_index_kind_name_and_path()
    {
        var file = Path.Combine(_dir, "mixed.yaml");
        File.WriteAllText(file, GoodVs + "\n---\n" + BadVs);

        var (exit, output, _) = Run([file]);

        Assert.That(exit, Is.EqualTo(1));
        var line = output.Split('\n').Single(l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.That(line, Does.Contain($"{file}[1]"));
        Assert.That(line, Does.Contain("VirtualService/ns/bad"));
        Assert.That(line, Does.Contain("spec.http[0].route[0].weight"));
    }

    [Test]
    public void Warnings_are_printed_but_exit_0()
    {
        var file = Path.Combine(_dir, "warn.yaml");
        File.WriteAllText(file, GoodVs.Replace("host: a.example.com", "host: a.example.com\n      weight: 150", StringComparison.Ordinal));

        var (exit, output, _) = Run([file]);

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("warning:"));
    }

    [Test]
    public void Standard_input_is_read_for_dash()
    {
        var (exit, output, _) = Run(["-"], BadVs);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("-[0] VirtualService/ns/bad"));
    }

    [Test]
    public void Missing_file_is_a_usage_error_exit_2()
    {
        var (exit, _, error) = Run([Path.Combine(_dir, "nope.yaml")]);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("no such file"));
    }

    [Test]
    public void No_arguments_is_a_usage_error_exit_2()
    {
        var (exit, _, error) = Run([]);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("-f"));
    }

    [Test]
    public void Yaml_syntax_error_exits_1_with_the_file()
    {
        var file = Path.Combine(_dir, "broken.yaml");
        File.WriteAllText(file, "apiVersion: [unclosed\n");

        var (exit, output, _) = Run([file]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain(file));
    }
}
