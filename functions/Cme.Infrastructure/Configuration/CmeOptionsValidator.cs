using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Cme.Infrastructure.Configuration;

/// <summary>The checks on <see cref="CmeOptions"/> that data annotations cannot make (nested sections, lists, secrets); each message names the setting.</summary>
public sealed class CmeOptionsValidator : IValidateOptions<CmeOptions>
{
    public ValidateOptionsResult Validate(string? name, CmeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var id in options.Commands.TrustedAuthServIdList)
        {
            if (!IsAuthServId(id))
            {
                problems.Add($"Cme:Commands:TrustedAuthServIds: '{id}' is not an authserv-id. List the host names your receiving mail servers write at the start of Authentication-Results (e.g. mx.council.gov.uk), separated by commas.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ChildIndex.Key) && ChildIndexSecret.Problem(options.ChildIndex.Key) is { } problem)
        {
            // The value is a secret: the message describes it, never repeats it.
            problems.Add($"Cme:ChildIndex:Key {problem}. Set it to base64 of at least 32 random bytes (openssl rand -base64 32), in Azure as a Key Vault reference, or leave it empty locally to use a generated key file.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsAuthServId(string id) =>
        id.Length <= 253 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') && char.IsAsciiLetterOrDigit(id[0]);
}
