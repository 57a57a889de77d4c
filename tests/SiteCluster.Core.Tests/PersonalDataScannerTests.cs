using SiteCluster.Core.Content.Publishing;

namespace SiteCluster.Core.Tests;

public sealed class PersonalDataScannerTests
{
    // 11010519491231002X is the worked example of GB 11643-1999 (check character X).
    private const string ValidId = "11010519491231002X";

    [Theory]
    [InlineData("申请人张某，身份证号11010519491231002X，住址略。")]
    [InlineData("身份证号：11010519491231002x")]
    [InlineData("<td>110105194912310021</td>", false)]
    [InlineData("证号110105194913310025", false)]
    [InlineData("文号20180321000000000001", false)]
    public void Id_card_numbers_are_found_only_with_a_valid_date_and_check_digit(string text, bool expected = true)
    {
        var found = PersonalDataScanner.Scan(text).Any(m => m.Kind == PersonalDataKind.IdCard);

        Assert.Equal(expected, found);
    }

    [Theory]
    [InlineData("联系电话：13812345678。", true)]
    [InlineData("手机 138 1234 5678", true)]
    [InlineData("手机 138-1234-5678", true)]
    [InlineData("座机 0883-2123456", false)]
    [InlineData("编号 12812345678", false)]
    [InlineData("流水号 913812345678", false)]
    public void Mobile_numbers_are_found_in_their_usual_forms(string text, bool expected) =>
        Assert.Equal(expected, PersonalDataScanner.Scan(text).Any(m => m.Kind == PersonalDataKind.Mobile));

    [Theory]
    [InlineData("卡号 6200 0000 0000 0005", true)]
    [InlineData("卡号4111111111111111", true)]
    [InlineData("卡号4111111111111112", false)]
    [InlineData("项目编号 2018 0321 1234 5678", false)]
    public void Bank_card_numbers_must_pass_the_luhn_check(string text, bool expected) =>
        Assert.Equal(expected, PersonalDataScanner.Scan(text).Any(m => m.Kind == PersonalDataKind.BankCard));

    [Fact]
    public void Masking_hides_the_middle_and_leaves_nothing_to_find()
    {
        var text = $"张某（身份证{ValidId}，电话13812345678，账户6200000000000005）";

        var masked = PersonalDataScanner.Mask(text);

        Assert.Equal("张某（身份证110105********002X，电话138****5678，账户************0005）", masked);
        Assert.Empty(PersonalDataScanner.Scan(masked));
    }

    [Fact]
    public void The_check_digit_rule_rejects_every_wrong_last_character()
    {
        var body = ValidId[..17];
        var wrong = "0123456789X".Where(c => c != 'X').Select(c => body + c);

        Assert.True(PersonalDataScanner.IsValidIdCard(ValidId));
        Assert.All(wrong, id => Assert.False(PersonalDataScanner.IsValidIdCard(id)));
    }
}
