namespace Epss.Accounts;

/// <summary>What went wrong with an account operation, so that callers decide by kind and never by reading the message.</summary>
public enum AccountError
{
    InvalidName,
    InvalidDisplayName,
    UnknownRole,
    NoRole,
    WeakPassword,
    UserExists,
    UserNotFound,
    InvalidTokenName,
    TokenNotFound,
    TwoFactorAlreadyOn,
    TwoFactorOff,
}

/// <summary>
/// The one exception of Epss.Accounts for a request that cannot be done (a name taken, a role unknown, a password too
/// short). The message is Dutch and meant for the person who asked; <see cref="Error"/> tells the kind.
/// </summary>
public sealed class AccountException : Exception
{
    public AccountException()
        : this(AccountError.UserNotFound, "Onbekende gebruiker.")
    {
    }

    public AccountException(string message)
        : this(AccountError.UserNotFound, message)
    {
    }

    public AccountException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AccountException(AccountError error, string message)
        : base(message)
    {
        Error = error;
    }

    public AccountError Error { get; }
}
