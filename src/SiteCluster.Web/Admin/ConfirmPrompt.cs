namespace SiteCluster.Web.Admin;

/// <summary>
/// The question a destructive action asks before it acts (删除, 停用, 归档, 移除角色): the
/// first post answers with this prompt, and only a second post with <c>confirmed=true</c>
/// acts. Works without JavaScript.
/// </summary>
/// <param name="Question">What is about to happen, e.g. 确定删除文件“通知.pdf”吗？</param>
/// <param name="Detail">What it means for the user (cannot be undone, the site goes offline…).</param>
/// <param name="Handler">The page handler the confirmation posts to.</param>
/// <param name="Fields">The values the first post carried, posted again.</param>
/// <param name="CancelUrl">Where 取消 goes.</param>
public sealed record ConfirmPrompt(string Question, string Detail, string Handler, IReadOnlyDictionary<string, string> Fields, string CancelUrl);
