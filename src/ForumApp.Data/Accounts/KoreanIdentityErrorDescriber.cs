using System.Globalization;
using Microsoft.AspNetCore.Identity;

namespace ForumApp.Data.Accounts;

/// <summary>Identity's messages in Korean, for the register page and the CLI.</summary>
public sealed class KoreanIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = $"이미 쓰이는 아이디입니다: {userName}" };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = $"이미 쓰이는 이메일입니다: {email}" };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = "아이디에는 영문자, 숫자와 - . _ @ + 만 쓸 수 있습니다." };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = "이메일 주소가 올바르지 않습니다." };

    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = string.Create(CultureInfo.InvariantCulture, $"비밀번호는 {length}자 이상이어야 합니다.") };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = "비밀번호가 맞지 않습니다." };

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "비밀번호에 특수 문자가 하나 이상 있어야 합니다." };

    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = "비밀번호에 숫자가 하나 이상 있어야 합니다." };

    public override IdentityError PasswordRequiresLower() =>
        new() { Code = nameof(PasswordRequiresLower), Description = "비밀번호에 영문 소문자가 하나 이상 있어야 합니다." };

    public override IdentityError PasswordRequiresUpper() =>
        new() { Code = nameof(PasswordRequiresUpper), Description = "비밀번호에 영문 대문자가 하나 이상 있어야 합니다." };
}
