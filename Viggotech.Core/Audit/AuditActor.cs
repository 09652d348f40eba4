namespace Viggotech.Core.Audit;

public sealed record AuditActor(AuditActorType Type, string Id);
