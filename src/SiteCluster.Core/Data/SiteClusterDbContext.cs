using System.Linq.Expressions;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Calendar;
using SiteCluster.Core.Content.Catalogue;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Interaction;
using SiteCluster.Core.Media;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Search;
using SiteCluster.Core.SiteMigration;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Data;

/// <summary>
/// The cluster's one database. Rows of <see cref="ITenantOwned"/> types are filtered by the
/// current tenant, stamped with it on insert, and refused when written for another site.
/// Provider-specific subclasses carry each provider's migrations.
/// Contexts are pooled: each DI scope leases one and binds it to the scope's tenant, audit
/// actor and clock (<see cref="Bind"/>); until bound, a context belongs to no site and sees none
/// of the sites' rows.
/// </summary>
public abstract class SiteClusterDbContext(DbContextOptions options)
    : IdentityUserContext<SiteUser, Guid>(options)
{
    private readonly Dictionary<Type, object> _leaseState = [];
    private TenantContext _tenant = new();
    private AuditContext _audit = new();
    private TimeProvider _time = TimeProvider.System;

    // Values never written to the audit log.
    private static readonly HashSet<string> UnauditedProperties = new(StringComparer.Ordinal) { "PasswordHash", "SecurityStamp", "ConcurrencyStamp" };

    public DbSet<Site> Sites => Set<Site>();

    public DbSet<SiteHost> SiteHosts => Set<SiteHost>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<CatalogueNode> CatalogueNodes => Set<CatalogueNode>();

    public DbSet<CatalogueVersion> CatalogueVersions => Set<CatalogueVersion>();

    public DbSet<Column> Columns => Set<Column>();

    public DbSet<MediaItem> MediaItems => Set<MediaItem>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<IndexNumberSequence> IndexNumberSequences => Set<IndexNumberSequence>();

    public DbSet<ContentTypeRecord> ContentTypes => Set<ContentTypeRecord>();

    public DbSet<ContentItem> ContentItems => Set<ContentItem>();

    public DbSet<ContentVersion> ContentVersions => Set<ContentVersion>();

    public DbSet<ContentRelation> ContentRelations => Set<ContentRelation>();

    public DbSet<Repost> Reposts => Set<Repost>();

    public DbSet<RepostSubscription> RepostSubscriptions => Set<RepostSubscription>();

    public DbSet<MonitoringRuleSet> MonitoringRuleSets => Set<MonitoringRuleSet>();

    public DbSet<MonitoringRun> MonitoringRuns => Set<MonitoringRun>();

    public DbSet<MonitoringFinding> MonitoringFindings => Set<MonitoringFinding>();

    public DbSet<MonitoringScore> MonitoringScores => Set<MonitoringScore>();

    public DbSet<AvailabilityProbe> AvailabilityProbes => Set<AvailabilityProbe>();

    public DbSet<MonitoringTextScan> MonitoringTextScans => Set<MonitoringTextScan>();

    public DbSet<MonitoringTextFinding> MonitoringTextFindings => Set<MonitoringTextFinding>();

    public DbSet<LinkCheckState> LinkCheckStates => Set<LinkCheckState>();

    public DbSet<LinkCheckEntry> LinkCheckEntries => Set<LinkCheckEntry>();

    public DbSet<SpotCheck> SpotChecks => Set<SpotCheck>();

    public DbSet<LegacyRedirect> LegacyRedirects => Set<LegacyRedirect>();

    public DbSet<MigrationRun> MigrationRuns => Set<MigrationRun>();

    /// <summary>What the search index has still to catch up with (not a site's data: the indexer reads it for all).</summary>
    public DbSet<SearchOutboxEntry> SearchOutbox => Set<SearchOutboxEntry>();

    public DbSet<DisclosureApplication> DisclosureApplications => Set<DisclosureApplication>();

    public DbSet<PublicMessage> PublicMessages => Set<PublicMessage>();

    public DbSet<Consultation> Consultations => Set<Consultation>();

    public DbSet<ConsultationComment> ConsultationComments => Set<ConsultationComment>();

    public DbSet<AnnualReport> AnnualReports => Set<AnnualReport>();

    /// <summary>Holidays and adjusted working days (cluster data).</summary>
    public DbSet<WorkCalendarDay> WorkCalendarDays => Set<WorkCalendarDay>();

    internal TenantContext Tenant => _tenant;

    /// <summary>Gives this lease of a pooled context to a scope: its site, its actor and its clock; what interceptors kept for the last lease is dropped.</summary>
    internal void Bind(TenantContext tenantContext, AuditContext auditContext, TimeProvider clock)
    {
        _tenant = tenantContext;
        _audit = auditContext;
        _time = clock;
        _leaseState.Clear();
    }

    /// <summary>What an interceptor keeps for this lease (pending changes, the session it set), created on first use.</summary>
    internal T LeaseState<T>()
        where T : class, new()
    {
        if (!_leaseState.TryGetValue(typeof(T), out var state))
        {
            state = new T();
            _leaseState[typeof(T)] = state;
        }

        return (T)state;
    }

    // Read by the query filters; EF evaluates them per query, so a scope opened later applies.
    private Guid CurrentTenantId => _tenant.TenantId ?? Guid.Empty;

    private bool InClusterScope => _tenant.IsClusterScope;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Site>(site =>
        {
            site.Property(s => s.Slug).HasMaxLength(64);
            site.HasIndex(s => s.Slug).IsUnique();
            site.Property(s => s.Name).HasMaxLength(200);
            site.Property(s => s.SiteCode).HasMaxLength(16);
            site.HasIndex(s => s.SiteCode).IsUnique();
            site.Property(s => s.Organiser).HasMaxLength(200);
            site.Property(s => s.IcpNumber).HasMaxLength(64);
            site.Property(s => s.PublicSecurityNumber).HasMaxLength(64);
            site.Property(s => s.OrganisationCode).HasMaxLength(18);
            site.Property(s => s.Theme).HasMaxLength(64);
            site.Property(s => s.Appearance).HasMaxLength(8000);
            site.Property(s => s.Level).HasConversion<string>().HasMaxLength(16);
            site.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            site.Property(s => s.ExpiredContent).HasConversion<string>().HasMaxLength(16);
            site.HasOne(s => s.Parent).WithMany().HasForeignKey(s => s.ParentId).OnDelete(DeleteBehavior.Restrict);
            site.HasMany(s => s.Hosts).WithOne().HasForeignKey(h => h.SiteId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SiteHost>(host =>
        {
            host.Property(h => h.HostName).HasMaxLength(253);
            host.HasIndex(h => h.HostName).IsUnique();
        });

        builder.Entity<Membership>(membership =>
        {
            membership.Property(m => m.Role).HasConversion<string>().HasMaxLength(32);
            membership.HasIndex(m => new { m.TenantId, m.UserId, m.Role }).IsUnique();
            membership.HasIndex(m => m.UserId);
            membership.HasOne<Site>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne<SiteUser>().WithMany(u => u.Memberships).HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SiteUser>(user => user.Property(u => u.DisplayName).HasMaxLength(100));

        builder.Entity<CatalogueNode>(node =>
        {
            node.Property(n => n.Code).HasMaxLength(16);
            node.HasIndex(n => n.Code).IsUnique();
            node.Property(n => n.Name).HasMaxLength(100);
            node.Property(n => n.Slug).HasMaxLength(64);
            node.Property(n => n.ParentCode).HasMaxLength(16);
            node.Property(n => n.Version).HasMaxLength(32);
            node.Property(n => n.UpdateClass).HasConversion<string>().HasMaxLength(16);
        });

        builder.Entity<CatalogueVersion>(version =>
        {
            version.Property(v => v.Version).HasMaxLength(32);
            version.HasIndex(v => v.Version).IsUnique();
            version.Property(v => v.Title).HasMaxLength(200);
        });

        builder.Entity<Column>(column =>
        {
            column.Property(c => c.Name).HasMaxLength(100);
            column.Property(c => c.Slug).HasMaxLength(64);
            column.Property(c => c.CatalogueCode).HasMaxLength(16);
            column.HasIndex(c => new { c.TenantId, c.CatalogueCode }).IsUnique();
            column.HasIndex(c => new { c.TenantId, c.ParentId });
            column.HasOne<Site>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
            column.HasOne<Column>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<MediaItem>(media =>
        {
            media.Property(m => m.FileName).HasMaxLength(200);
            media.Property(m => m.ContentType).HasMaxLength(100);
            media.Property(m => m.StorageKey).HasMaxLength(200);
            media.HasIndex(m => m.StorageKey).IsUnique();
            media.Property(m => m.Sha256).HasMaxLength(64);
            media.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
            media.HasIndex(m => new { m.TenantId, m.UploadedAt });
            media.HasOne<Site>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<IndexNumberSequence>(sequence =>
        {
            sequence.HasKey(q => new { q.TenantId, q.Year });
            sequence.HasOne<Site>().WithMany().HasForeignKey(q => q.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ContentTypeRecord>(type =>
        {
            type.HasKey(t => t.Name);
            type.Property(t => t.Name).HasMaxLength(64);
            type.Property(t => t.DisplayName).HasMaxLength(100);
        });

        builder.Entity<ContentItem>(item =>
        {
            item.Property(i => i.ContentType).HasMaxLength(64);
            item.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
            item.Property(i => i.Review).HasConversion<string>().HasMaxLength(16);
            item.Property(i => i.Title).HasMaxLength(300);
            item.Property(i => i.IndexNumber).HasMaxLength(64);
            item.Property(i => i.Publisher).HasMaxLength(200);
            item.Property(i => i.DocumentNumber).HasMaxLength(100);
            item.Property(i => i.TopicCategory).HasMaxLength(100);
            item.Property(i => i.GenreCategory).HasMaxLength(100);
            item.Property(i => i.Audience).HasMaxLength(100);
            item.Property(i => i.Keywords).HasMaxLength(200);
            item.Property(i => i.Source).HasMaxLength(200);
            item.Property(i => i.Disclosure).HasConversion<string>().HasMaxLength(32);
            item.Property(i => i.DisclosureReason).HasConversion<string>().HasMaxLength(32);
            item.Property(i => i.DisclosureNote).HasMaxLength(500);
            item.Property(i => i.SubmittedBy).HasMaxLength(200);
            item.Property(i => i.ReviewComment).HasMaxLength(1000);
            item.Property(i => i.PersonalDataOverride).HasMaxLength(1000);
            item.Property(i => i.ImportKey).HasMaxLength(200);
            item.Property(i => i.Attachments).HasConversion(
                    v => JsonSerializer.Serialize(v, AuditJson),
                    v => JsonSerializer.Deserialize<List<ContentAttachment>>(v, AuditJson) ?? new List<ContentAttachment>(),
                    new ValueComparer<List<ContentAttachment>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
            item.Ignore(i => i.HasUnpublishedChanges);
            item.HasIndex(i => new { i.TenantId, i.IndexNumber }).IsUnique();
            item.HasIndex(i => new { i.TenantId, i.ImportKey }).IsUnique();
            item.HasIndex(i => new { i.TenantId, i.ColumnId, i.Status, i.PublishedAt });
            item.HasIndex(i => new { i.Review, i.ScheduledAt });
            item.HasIndex(i => new { i.Status, i.ExpiryDate });
            item.HasOne<Site>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Cascade);
            item.HasOne<Column>().WithMany().HasForeignKey(i => i.ColumnId).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<ContentTypeRecord>().WithMany().HasForeignKey(i => i.ContentType).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ContentVersion>(version =>
        {
            version.HasIndex(v => new { v.ItemId, v.Number }).IsUnique();
            version.Property(v => v.CreatedBy).HasMaxLength(200);
            version.Property(v => v.Note).HasMaxLength(200);
            version.HasOne<ContentItem>().WithMany().HasForeignKey(v => v.ItemId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ContentRelation>(relation =>
        {
            relation.HasKey(r => new { r.FromItemId, r.Field, r.ToItemId });
            relation.Property(r => r.Field).HasMaxLength(64);
            relation.HasIndex(r => new { r.TenantId, r.ToItemId });
            relation.HasOne<ContentItem>().WithMany().HasForeignKey(r => r.FromItemId).OnDelete(DeleteBehavior.Cascade);
            relation.HasOne<ContentItem>().WithMany().HasForeignKey(r => r.ToItemId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Repost>(repost =>
        {
            repost.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            repost.Property(r => r.Origin).HasConversion<string>().HasMaxLength(16);
            repost.Property(r => r.CreatedBy).HasMaxLength(128);
            repost.Property(r => r.DecidedBy).HasMaxLength(128);
            repost.HasIndex(r => new { r.TenantId, r.SourceItemId }).IsUnique();
            repost.HasIndex(r => new { r.TenantId, r.ColumnId, r.State });
            repost.HasIndex(r => r.SourceItemId);
            repost.HasOne<Site>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
            repost.HasOne<ContentItem>().WithMany().HasForeignKey(r => r.SourceItemId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<RepostSubscription>(subscription =>
        {
            subscription.Property(s => s.CreatedBy).HasMaxLength(128);
            subscription.HasIndex(s => new { s.TenantId, s.SourceColumnId }).IsUnique();
            subscription.HasIndex(s => new { s.SourceSiteId, s.SourceColumnId });
            subscription.HasOne<Site>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<MonitoringRuleSet>(ruleSet =>
        {
            ruleSet.HasKey(r => r.Version);
            ruleSet.Property(r => r.Version).HasMaxLength(64);
            ruleSet.Property(r => r.Title).HasMaxLength(200);
        });

        builder.Entity<MonitoringRun>(run => run.Property(r => r.RuleSetVersion).HasMaxLength(64));

        builder.Entity<MonitoringFinding>(finding =>
        {
            finding.Property(f => f.RuleCode).HasMaxLength(64);
            finding.Property(f => f.Target).HasMaxLength(128);
            finding.Property(f => f.Detail).HasMaxLength(1000);
            finding.HasIndex(f => new { f.TenantId, f.ResolvedAt });
            finding.HasOne<Site>().WithMany().HasForeignKey(f => f.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<MonitoringScore>(score =>
        {
            score.Property(s => s.Score).HasPrecision(6, 2);
            score.Property(s => s.Vetoes).HasMaxLength(500);
            score.HasIndex(s => new { s.TenantId, s.At });
            score.HasIndex(s => s.RunId);
            score.HasOne<Site>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<MonitoringTextScan>(scan =>
        {
            scan.HasKey(s => s.TenantId);
            scan.HasOne<Site>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<MonitoringTextFinding>(finding =>
        {
            finding.HasKey(f => f.ItemId);
            finding.HasIndex(f => f.TenantId);
            finding.HasOne<Site>().WithMany().HasForeignKey(f => f.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AvailabilityProbe>(probe =>
        {
            probe.Property(p => p.Url).HasMaxLength(500);
            probe.Property(p => p.Error).HasMaxLength(300);
            probe.HasIndex(p => new { p.TenantId, p.At });
            probe.HasIndex(p => p.At);
            probe.HasOne<Site>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<LinkCheckState>(state =>
        {
            state.HasKey(s => s.TenantId);
            state.Property(s => s.StartUrl).HasMaxLength(500);
            state.HasOne<Site>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<LinkCheckEntry>(entry =>
        {
            entry.Property(e => e.Url).HasMaxLength(2000);
            entry.Property(e => e.UrlHash).HasMaxLength(64);
            entry.Property(e => e.FoundOn).HasMaxLength(2000);
            entry.Property(e => e.Error).HasMaxLength(300);
            entry.HasIndex(e => new { e.TenantId, e.UrlHash }).IsUnique();
            entry.HasIndex(e => new { e.TenantId, e.IsBroken });
            entry.HasOne<Site>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SpotCheck>(check =>
        {
            check.Property(c => c.StartedBy).HasMaxLength(200);
            check.Property(c => c.ClosedBy).HasMaxLength(200);
            check.Property(c => c.Conclusion).HasMaxLength(2000);
            check.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            check.HasIndex(c => new { c.TenantId, c.StartedAt });
            check.HasIndex(c => c.DrawId);
            check.HasOne<Site>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SearchOutboxEntry>(entry => entry.ToTable("SearchOutbox"));

        builder.Entity<WorkCalendarDay>(day =>
        {
            day.HasKey(d => d.Date);
            day.Property(d => d.Name).HasMaxLength(50);
            day.HasIndex(d => d.Year);
        });

        builder.Entity<PublicMessage>(message =>
        {
            message.Property(m => m.TrackingNumber).HasMaxLength(32);
            message.HasIndex(m => new { m.TenantId, m.TrackingNumber }).IsUnique();
            message.HasIndex(m => new { m.TenantId, m.Status, m.RepliedAt });
            message.Property(m => m.CodeHash).HasMaxLength(64);
            message.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.Subject).HasMaxLength(100);
            message.Property(m => m.Body).HasMaxLength(3000);
            message.Property(m => m.AuthorName).HasMaxLength(50);
            message.Property(m => m.Phone).HasMaxLength(30);
            message.Property(m => m.Email).HasMaxLength(200);
            message.Property(m => m.ModeratedBy).HasMaxLength(200);
            message.Property(m => m.RejectionReason).HasMaxLength(500);
            message.Property(m => m.Reply).HasMaxLength(5000);
            message.Property(m => m.ReplyingOffice).HasMaxLength(200);
            message.Property(m => m.RepliedBy).HasMaxLength(200);
            message.Ignore(m => m.IsPublic);
            message.HasOne<Site>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Consultation>(consultation =>
        {
            consultation.Property(c => c.Title).HasMaxLength(200);
            consultation.Property(c => c.AttachmentName).HasMaxLength(200);
            consultation.Property(c => c.Organiser).HasMaxLength(200);
            consultation.Property(c => c.Feedback).HasMaxLength(10000);
            consultation.Property(c => c.UpdatedBy).HasMaxLength(200);
            consultation.HasIndex(c => new { c.TenantId, c.StartsOn });
            consultation.HasOne<Site>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ConsultationComment>(comment =>
        {
            comment.Property(c => c.Body).HasMaxLength(5000);
            comment.Property(c => c.AuthorName).HasMaxLength(50);
            comment.Property(c => c.Contact).HasMaxLength(100);
            comment.HasIndex(c => new { c.TenantId, c.ConsultationId, c.SubmittedAt });
            comment.HasOne<Site>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
            comment.HasOne<Consultation>().WithMany().HasForeignKey(c => c.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AnnualReport>(report =>
        {
            report.HasIndex(r => new { r.TenantId, r.Year }).IsUnique();
            report.Property(r => r.Figures).HasMaxLength(20000);
            report.Property(r => r.Overview).HasMaxLength(20000);
            report.Property(r => r.Problems).HasMaxLength(20000);
            report.Property(r => r.OtherMatters).HasMaxLength(20000);
            report.Property(r => r.UpdatedBy).HasMaxLength(200);
            report.HasOne<Site>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<DisclosureApplication>(application =>
        {
            application.Property(a => a.TrackingNumber).HasMaxLength(32);
            application.HasIndex(a => new { a.TenantId, a.TrackingNumber }).IsUnique();
            application.HasIndex(a => new { a.TenantId, a.Status, a.DueOn });
            application.Property(a => a.CodeHash).HasMaxLength(64);
            application.Property(a => a.ApplicantKind).HasConversion<string>().HasMaxLength(16);
            application.Property(a => a.OrganisationKind).HasConversion<string>().HasMaxLength(16);
            application.Property(a => a.Channel).HasConversion<string>().HasMaxLength(16);
            application.Property(a => a.Status).HasConversion<string>().HasMaxLength(24);
            application.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(24);
            application.Property(a => a.OutcomeReason).HasMaxLength(100);
            application.Property(a => a.ApplicantName).HasMaxLength(100);
            application.Property(a => a.IdentityNumber).HasMaxLength(30);
            application.Property(a => a.ContactPerson).HasMaxLength(100);
            application.Property(a => a.Phone).HasMaxLength(30);
            application.Property(a => a.Email).HasMaxLength(200);
            application.Property(a => a.Address).HasMaxLength(300);
            application.Property(a => a.Description).HasMaxLength(2000);
            application.Property(a => a.DocumentNumber).HasMaxLength(100);
            application.Property(a => a.Purpose).HasMaxLength(500);
            application.Property(a => a.PreferredFormat).HasMaxLength(50);
            application.Property(a => a.Delivery).HasMaxLength(50);
            application.Property(a => a.AmendmentRequest).HasMaxLength(1000);
            application.Property(a => a.ExtensionReason).HasMaxLength(1000);
            application.Property(a => a.Reply).HasMaxLength(10000);
            application.Ignore(a => a.RepliedLate);
            application.HasOne<Site>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<LegacyRedirect>(redirect =>
        {
            redirect.Property(r => r.PathKey).HasMaxLength(LegacyRedirect.MaxKeyLength);
            redirect.Property(r => r.OldUrl).HasMaxLength(2000);
            redirect.Property(r => r.MediaName).HasMaxLength(200);
            redirect.HasIndex(r => new { r.TenantId, r.PathKey }).IsUnique();
            redirect.HasOne<Site>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
            redirect.HasOne<ContentItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Cascade);
            redirect.HasOne<Column>().WithMany().HasForeignKey(r => r.ColumnId).OnDelete(DeleteBehavior.Cascade);
            redirect.HasOne<MediaItem>().WithMany().HasForeignKey(r => r.MediaId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<MigrationRun>(run =>
        {
            run.Property(r => r.Source).HasMaxLength(1000);
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            run.HasIndex(r => new { r.TenantId, r.StartedAt });
            run.HasOne<Site>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AuditEntry>(entry =>
        {
            entry.Property(a => a.Actor).HasMaxLength(200);
            entry.Property(a => a.EntityType).HasMaxLength(64);
            entry.Property(a => a.EntityId).HasMaxLength(128);
            entry.Property(a => a.Action).HasConversion<string>().HasMaxLength(32);
            entry.HasIndex(a => new { a.TenantId, a.At });
            entry.HasIndex(a => new { a.EntityType, a.EntityId });
        });

        foreach (var entityType in builder.Model.GetEntityTypes()
                     .Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType) && t.BaseType is null))
        {
            builder.Entity(entityType.ClrType).HasQueryFilter(BuildTenantFilter(entityType.ClrType));
        }
    }

    private LambdaExpression BuildTenantFilter(Type entityType)
    {
        // e => this.InClusterScope || e.TenantId == this.CurrentTenantId
        var entity = Expression.Parameter(entityType, "e");
        var context = Expression.Constant(this, typeof(SiteClusterDbContext));
        var body = Expression.OrElse(
            Expression.Property(context, nameof(InClusterScope)),
            Expression.Equal(
                Expression.Property(entity, nameof(ITenantOwned.TenantId)),
                Expression.Property(context, nameof(CurrentTenantId))));
        return Expression.Lambda(body, entity);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrepareSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PrepareSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// One pass over the changes before they are saved: guard each site's rows (stamp new rows
    /// with the current site, refuse another site's rows and archived sites), keep the audit
    /// log append-only, and add one <see cref="AuditEntry"/> per changed row of a site's data
    /// (and of sites and the catalogue) to the same transaction, so the log cannot miss a change.
    /// Nothing is added when a guard refuses.
    /// </summary>
    private void PrepareSave()
    {
        var now = _time.GetUtcNow();
        var entries = new List<AuditEntry>();
        foreach (var entry in ChangeTracker.Entries().ToList())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (entry.Entity is AuditEntry)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                {
                    throw new InvalidOperationException("The audit log is append-only.");
                }

                continue;
            }

            // Whatever wrote it, a changed title or body moves the item's UpdatedAt: the monitoring
            // text scan reads again only the items changed since its last run.
            if (entry.Entity is ContentItem && entry.State == EntityState.Modified
                && (entry.Property(nameof(ContentItem.Title)).IsModified || entry.Property(nameof(ContentItem.Body)).IsModified)
                && !entry.Property(nameof(ContentItem.UpdatedAt)).IsModified)
            {
                entry.Property(nameof(ContentItem.UpdatedAt)).CurrentValue = now;
            }

            if (entry.Entity is ITenantOwned owned)
            {
                GuardTenantWrite(entry, owned);

                // A version is its own record (who, when, the whole text); the item's change is audited.
                // So is a migration run's report: what the migration changed is audited row by row.
                // Probes and the link checker's progress are machine observations, thousands a day, not changes.
                if (entry.Entity is ContentVersion or MigrationRun or AvailabilityProbe or LinkCheckState or LinkCheckEntry or MonitoringTextScan or MonitoringTextFinding)
                {
                    continue;
                }
            }
            else if (entry.Entity is not (Site or SiteHost or CatalogueNode or ContentTypeRecord))
            {
                continue;
            }

            if (AuditEntryFor(entry, now) is { } auditEntry)
            {
                entries.Add(auditEntry);
            }
        }

        AuditEntries.AddRange(entries);
    }

    private void GuardTenantWrite(EntityEntry entry, ITenantOwned owned)
    {
        if (entry.State == EntityState.Added && owned.TenantId == Guid.Empty)
        {
            owned.TenantId = _tenant.TenantId
                ?? throw new TenantIsolationException($"A {entry.Metadata.ClrType.Name} was added with no current site.");
        }

        if (_tenant.IsClusterScope)
        {
            return;
        }

        if (owned.TenantId != _tenant.TenantId)
        {
            throw new TenantIsolationException(
                $"A {entry.Metadata.ClrType.Name} of another site was written from site '{_tenant.Site?.Slug ?? "(none)"}'.");
        }

        if (_tenant.Site is { IsReadOnly: true } site)
        {
            throw new SiteReadOnlyException(site.Name);
        }
    }

    /// <summary>The record of one changed row: only the changed values on update; null when nothing audited changed.</summary>
    private AuditEntry? AuditEntryFor(EntityEntry entry, DateTimeOffset now)
    {
        var changed = entry.Properties
            .Where(p => !UnauditedProperties.Contains(p.Metadata.Name)
                        && p.Metadata.PropertyInfo?.IsDefined(typeof(PersonalDataAttribute), inherit: true) != true
                        && (entry.State != EntityState.Modified || p.IsModified))
            .ToList();
        if (entry.State == EntityState.Modified && changed.Count == 0)
        {
            return null;
        }

        string Json(Func<PropertyEntry, object?> value) =>
            JsonSerializer.Serialize(changed.ToDictionary(p => p.Metadata.Name, value), AuditJson);

        return new AuditEntry
        {
            Id = Guid.CreateVersion7(),
            TenantId = entry.Entity switch
            {
                ITenantOwned owned => owned.TenantId,
                Site site => site.Id,
                SiteHost host => host.SiteId,
                _ => Guid.Empty,
            },
            At = now,
            Actor = _audit.Actor,
            Action = entry.State switch
            {
                EntityState.Added => AuditAction.Created,
                EntityState.Deleted => AuditAction.Deleted,
                _ => AuditAction.Updated,
            },
            EntityType = entry.Metadata.ClrType.Name,
            EntityId = string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue)),
            Before = entry.State == EntityState.Added ? null : Json(p => p.OriginalValue),
            After = entry.State == EntityState.Deleted ? null : Json(p => p.CurrentValue),
        };
    }

    // Readable by people: Chinese as itself, enums by name.
    private static readonly JsonSerializerOptions AuditJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };
}
