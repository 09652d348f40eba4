namespace Viggotech.Core.Audit.Recording;

/// <summary>
/// Action names recorded by the platform: dotted lowercase, object first, so a filter on a prefix
/// (<c>audit.</c>, <c>user.</c>) finds a family. Features add theirs here so the catalogue stays in one place.
/// </summary>
public static class AuditActions
{
    public const string TenantCreate = "tenant.create";

    public const string RoleCreate = "role.create";

    public const string RoleUpdate = "role.update";

    public const string RoleDelete = "role.delete";

    /// <summary>A user's set of roles changed; details list the roles before and after.</summary>
    public const string UserRolesChange = "user.roles.change";

    /// <summary>"Contain user": every session and token ended, password reset and MFA re-enrolment required.</summary>
    public const string UserContain = "user.contain";

    /// <summary>An administrator removed every second factor of a user, who enrols again at the next sign-in.</summary>
    public const string UserMfaReset = "user.mfa.reset";

    public const string SessionRevoke = "session.revoke";

    public const string SessionPolicyChange = "session.policy.change";

    public const string AuditExport = "audit.export";

    public const string AuditRetentionChange = "audit.retention.change";

    public const string AuditPrune = "audit.prune";

    public const string AuditWebhookCreate = "audit.webhook.create";

    public const string AuditWebhookDisable = "audit.webhook.disable";

    public const string AuditWebhookResume = "audit.webhook.resume";

    public const string AuditWebhookDeadLetter = "audit.webhook.dead_letter";

    public const string AuditWebhookUpdate = "audit.webhook.update";

    public const string AuditWebhookDelete = "audit.webhook.delete";

    /// <summary>A sign-in attempt against a known account: <c>success</c> or <c>failure</c>, the reason in the details.</summary>
    public const string UserSignIn = "user.signin";

    /// <summary>A failed attempt locked the account (<c>failure</c>), or an attempt met a locked account (<c>denied</c>).</summary>
    public const string UserLockout = "user.lockout";

    public const string PasswordChange = "user.password.change";

    /// <summary>A password set through an emailed reset link.</summary>
    public const string PasswordReset = "user.password.reset";

    public const string MfaEnrol = "user.mfa.enrol";

    public const string MfaRemove = "user.mfa.remove";

    public const string RecoveryCodeUse = "user.recovery_code.use";

    public const string RecoveryCodesRenew = "user.recovery_codes.renew";

    public const string PasskeyAdd = "user.passkey.add";

    public const string PasskeyRemove = "user.passkey.remove";

    public const string UserInvite = "user.invite";

    /// <summary>An invited person set their password through the invitation link.</summary>
    public const string InvitationAccept = "user.invitation.accept";

    public const string SecurityPolicyChange = "policy.security.change";

    public const string KeyCreate = "key.create";

    public const string KeyEncryptionKeyRotate = "key.kek.rotate";

    public const string KeyEncryptionKeyDisable = "key.kek.disable";

    public const string DataKeyRotate = "key.data_key.rotate";

    public const string DataKeyReencryptionComplete = "key.reencryption.complete";

    public const string DataKeyReencryptionBlock = "key.reencryption.block";

    public const string DataKeyRetire = "key.data_key.retire";

    /// <summary>Crypto-shredding: the tenant's keys were destroyed.</summary>
    public const string KeyDestroy = "key.destroy";

    public const string KeyScheduleChange = "key.schedule.change";

    public const string PersonList = "person.list";

    public const string PersonRead = "person.read";

    public const string PersonCreate = "person.create";

    public const string PersonUpdate = "person.update";

    public const string PersonDelete = "person.delete";

    public const string DocumentList = "document.list";

    public const string DocumentUpload = "document.upload";

    public const string DocumentDownload = "document.download";

    public const string DocumentDelete = "document.delete";

    public const string DocumentLimitChange = "document.limit.change";

    /// <summary>A stored value failed its integrity check when read (tampered, moved or under an unknown key).</summary>
    public const string DataIntegrityFailure = "data.integrity_failure";

    /// <summary>A backup of the tenant was asked for on demand.</summary>
    public const string BackupRequest = "backup.request";

    /// <summary>An operator asked for the tenant to be restored from one of its backups (the Worker carries it out).</summary>
    public const string BackupRestoreRequest = "backup.restore.request";

    /// <summary>An operator restored the tenant from one of its backups (or tried to).</summary>
    public const string BackupRestore = "backup.restore";

    /// <summary>A full export of the tenant's data was requested, built or downloaded.</summary>
    public const string DataExport = "data.export";

    public const string DataExportDownload = "data.export.download";

    /// <summary>The IP allow list or its mode changed.</summary>
    public const string IpRestrictionChange = "ip_restriction.change";

    /// <summary>A request or sign-in from outside the allow list was refused.</summary>
    public const string IpBlocked = "ip_restriction.block";

    /// <summary>In report-only mode, a request from outside the allow list was let through.</summary>
    public const string IpWouldBlock = "ip_restriction.would_block";

    /// <summary>Prefix of security alerts: <c>security_alert.&lt;kind&gt;</c> (see <c>SecurityAlertKinds</c>).</summary>
    public const string SecurityAlertPrefix = "security_alert.";
}
