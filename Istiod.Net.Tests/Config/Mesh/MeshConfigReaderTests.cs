using Istiod.Net.Config.Mesh;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Config.Mesh;

public sealed class MeshConfigReaderTests
{
    [Test]
    public void Reads_istio_mesh_config_fields()
    {
        var result = MeshConfigReader.Read("""
            rootNamespace: mesh-root
            trustDomain: example.org
            enableAutoMtls: false
            connectTimeout: 3s
            outboundTrafficPolicy:
              mode: REGISTRY_ONLY
            localityLbSetting:
              failover:
              - from: us-east
                to: us-west
            """);

        Assert.That(result.Errors, Is.Empty);
        var mesh = result.Mesh!;
        Assert.That(mesh.EffectiveRootNamespace, Is.EqualTo("mesh-root"));
        Assert.That(mesh.EffectiveTrustDomain, Is.EqualTo("example.org"));
        Assert.That(mesh.EffectiveAutoMtls, Is.False);
        Assert.That(mesh.EffectiveOutboundMode, Is.EqualTo(OutboundTrafficMode.RegistryOnly));
        Assert.That(mesh.ConnectTimeout, Is.EqualTo("3s"));
        Assert.That(mesh.LocalityLbSetting!.Failover!.Single().To, Is.EqualTo("us-west"));
    }

    [Test]
    public void Wrong_types_are_errors_with_their_field_path()
    {
        var result = MeshConfigReader.Read("""
            enableAutoMtls: sometimes
            outboundTrafficPolicy:
              mode: EVERYTHING
            """);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.Path), Is.SupersetOf(new[] { "enableAutoMtls", "outboundTrafficPolicy.mode" }));
    }

    [Test]
    public void Istio_fields_not_used_here_are_warnings_not_errors()
    {
        var result = MeshConfigReader.Read("""
            accessLogFile: /dev/stdout
            trustDomain: example.org
            """);

        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Warnings.Single().Path, Is.EqualTo("accessLogFile"));
        Assert.That(result.Mesh!.EffectiveTrustDomain, Is.EqualTo("example.org"));
    }

    [Test]
    public void Empty_text_is_the_default_and_broken_yaml_is_an_error_with_a_line()
    {
        Assert.That(MeshConfigReader.Read("").Mesh, Is.SameAs(MeshConfig.Default));
        var broken = MeshConfigReader.Read("trustDomain: [unclosed\n");
        Assert.That(broken.IsValid, Is.False);
        Assert.That(broken.Errors.Single().Message, Does.Contain("line"));
    }

    [Test]
    public void The_sample_mesh_config_loads_without_errors_or_warnings()
    {
        var result = MeshConfigReader.ReadFile(Path.Combine(RepositoryPaths.Root, "samples", "mesh", "mesh-config.yaml"));

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Warnings, Is.Empty);
        Assert.That(result.Mesh!.EffectiveOutboundMode, Is.EqualTo(OutboundTrafficMode.RegistryOnly));
    }

    [Test]
    public void A_missing_file_is_an_error_naming_it()
    {
        var result = MeshConfigReader.ReadFile("/no/such/mesh.yaml");

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Single().Message, Does.Contain("/no/such/mesh.yaml"));
    }
}
