using Istiod.Net.Hosting;
using Microsoft.AspNetCore.Http;
using Serilog.Events;

namespace Istiod.Net.Tests.Hosting;

/// <summary><c>--log-level</c>: one level as before, or Istio-style scopes; bad input names the bad part.</summary>
public sealed class LogLevelSpecTests
{
    [Test]
    public void A_single_level_sets_the_default_and_no_overrides()
    {
        Assert.That(LogLevelSpec.TryParse("warn", out var spec, out _), Is.True);
        Assert.That(spec.Default, Is.EqualTo(LogEventLevel.Warning));
        Assert.That(spec.Overrides, Is.Empty);
    }

    [Test]
    public void Istio_scopes_map_to_our_namespaces_and_the_last_entry_of_a_scope_wins()
    {
        Assert.That(LogLevelSpec.TryParse("default:info,ads:debug,ca:warn,ads:error", out var spec, out var error), Is.True, error);
        Assert.That(spec.Default, Is.EqualTo(LogEventLevel.Information));
        Assert.That(spec.Overrides, Does.Contain(("Istiod.Net.Xds", LogEventLevel.Error)));
        Assert.That(spec.Overrides, Does.Not.Contain(("Istiod.Net.Xds", LogEventLevel.Debug)));
        Assert.That(spec.Overrides, Does.Contain(("Istiod.Net.Security.Ca", LogEventLevel.Warning)));
    }

    [TestCase("", "empty")]
    [TestCase("loud", "unknown level 'loud'")]
    [TestCase("default:info,nosuch:debug", "unknown scope 'nosuch'")]
    [TestCase("ads:debug,,ca:warn", "empty entry")]
    public void Bad_specs_are_refused_naming_the_bad_part(string text, string expected)
    {
        Assert.That(LogLevelSpec.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public async Task Serve_refuses_a_bad_log_level_before_starting_with_exit_code_2()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = await Istiod.Net.Cli.ServeCommand.Create().Parse(["--log-level", "default:info,nosuch:debug", "--xds-port", "26090"]).InvokeAsync();
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain("error: --log-level 'default:info,nosuch:debug': 'nosuch:debug': unknown scope 'nosuch'"));
        Assert.That(error.ToString(), Does.Not.Contain("   at "), "no stack trace");
    }

    [TestCase("/metrics", 200, LogEventLevel.Debug)]
    [TestCase("/ready", 503, LogEventLevel.Debug)]
    [TestCase("/validate", 200, LogEventLevel.Information)]
    [TestCase("/debug/configz", 500, LogEventLevel.Error)]
    public void Request_log_level_keeps_scrapes_and_probes_at_debug(string path, int status, LogEventLevel expected) =>
        Assert.That(RequestLogging.LevelFor(new PathString(path), status, null), Is.EqualTo(expected));
}
