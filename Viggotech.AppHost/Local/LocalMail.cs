using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Viggotech.AppHost.Local;

/// <summary>smtp4dev as the mail sink: SMTP for the services, a web UI and REST API for people and tests.</summary>
public static class LocalMail
{
    public static IResourceBuilder<LocalServerResource> AddLocalMail(this IDistributedApplicationBuilder builder, LocalContext local)
    {
        var ports = local.Settings.Ports;
        Directory.CreateDirectory(local.Settings.MailData);
        var connectionString = ReferenceExpression.Create($"smtp://127.0.0.1:{ports.MailSmtp.ToString(CultureInfo.InvariantCulture)}");
        return builder.AddResource(new LocalServerResource(ResourceNames.Mail, "dotnet", local.Settings.RepositoryRoot, connectionString))
            .WithArgs(
                "tool", "run", "smtp4dev", "--",
                $"--urls=http://127.0.0.1:{ports.MailWeb.ToString(CultureInfo.InvariantCulture)}",
                $"--smtpport={ports.MailSmtp.ToString(CultureInfo.InvariantCulture)}",
                $"--imapport={ports.MailImap.ToString(CultureInfo.InvariantCulture)}",
                $"--pop3port={ports.MailPop3.ToString(CultureInfo.InvariantCulture)}",
                "--bindaddress=127.0.0.1",
                "--hostname=localhost",
                $"--baseappdatapath={local.Settings.MailData}",
                $"--db={Path.Combine(local.Settings.MailData, "smtp4dev.db")}",
                "--nousersettings")
            .WithHttpEndpoint(port: ports.MailWeb, targetPort: ports.MailWeb, name: "http", isProxied: false)
            .WithEndpoint(port: ports.MailSmtp, targetPort: ports.MailSmtp, scheme: "tcp", name: "smtp", isProxied: false)
            .WithHttpHealthCheck("/api/Server", endpointName: "http");
    }
}
